import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { createApp } from './app';
import { bootstrapFirstTeam, type FirstTeam } from './bootstrap';
import type { ServerConfig } from './config';
import type { Database } from './db/database';
import { openDatabase } from './db/open';
import type { Logger } from './log';
import { createServerClock } from './sync/server-clock';
import { createXConnector, type XConnector } from './x/connector';
import { startXScheduler, type XScheduler } from './x/scheduler';

export interface RunningServer {
  /** `http://host:port`, with the port actually bound (a config port of 0 picks a free one). */
  url: string;
  port: number;
  db: Database;
  /** Set on a first start with an empty database when bootstrapping is on. */
  firstTeam: FirstTeam | undefined;
  /** This process's X connector: `x.poll(teamId)` polls a team now (tests, and what the schedule calls). */
  x: XConnector;
  /** Stops accepting connections, lets requests in flight finish, then closes the database. Idempotent. */
  stop(): Promise<void>;
}

const IDLE_SWEEP_MS = 50;

export interface StartOptions {
  /** The X connector's clock for rate limits, backoff and poll times; tests move it instead of waiting. */
  xNow?: () => number;
}

/** Opens the database, migrates it, starts the X connector's schedule and listens. */
export async function startServer(
  config: ServerConfig,
  logger: Logger,
  options: StartOptions = {},
): Promise<RunningServer> {
  const db = await openDatabase(config.database, logger);
  const x = createXConnector({
    db,
    logger,
    clock: createServerClock(),
    apiBase: config.x?.apiBase,
    secretKey: config.x?.secretKey,
    now: options.xNow,
  });
  let http: Server;
  let firstTeam: FirstTeam | undefined;
  let scheduler: XScheduler | undefined;
  try {
    firstTeam = config.bootstrap ? await bootstrapFirstTeam(db) : undefined;
    const pollSeconds = config.x?.pollSeconds ?? 0;
    scheduler =
      pollSeconds > 0 ? startXScheduler({ db, connector: x, logger, everyMs: pollSeconds * 1000 }) : undefined;
    const app = createApp({
      db,
      logger,
      maxBodyBytes: config.maxBodyBytes,
      xNow: options.xNow,
      onIdentitiesPushed: scheduler ? (teamId) => scheduler?.identitiesSaved(teamId) : undefined,
    });
    http = createAdaptorServer({ fetch: app.fetch }) as Server;
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(config.port, config.host, () => {
        http.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await scheduler?.stop();
    x.close();
    await db.close();
    throw error;
  }
  const { port } = http.address() as AddressInfo;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`;
  logger.info('listening', { url, database: db.kind });

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      logger.info('shutting down', { openConnections: await connectionsOf(http) });
      await closeGracefully(http, config.shutdownTimeoutMs, logger);
      await stopPolling(scheduler, x, config.shutdownTimeoutMs);
      await db.close();
      logger.info('stopped');
    })();
    return stopping;
  };
  return { url, port, db, firstTeam, x, stop };
}

/**
 * Lets a poll in flight finish (its page commits with its cursor) for as long as the shutdown timeout allows, then
 * cuts X's connections: the poll then fails at once, storing nothing of the page it was reading.
 */
async function stopPolling(scheduler: XScheduler | undefined, x: XConnector, timeoutMs: number) {
  const stopped = scheduler?.stop();
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([stopped, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
  clearTimeout(timer);
  x.close();
  await stopped;
}

const connectionsOf = (http: Server) =>
  new Promise<number>((resolve) => http.getConnections((_error, count) => resolve(count ?? 0)));

/**
 * Stops accepting new connections and waits for the requests in flight. Keep-alive connections are closed as soon
 * as they are idle (Node would otherwise keep them open until their timeout); after `timeoutMs` the rest are cut.
 */
function closeGracefully(http: Server, timeoutMs: number, logger: Logger): Promise<void> {
  return new Promise((resolve) => {
    const sweep = setInterval(() => http.closeIdleConnections(), IDLE_SWEEP_MS);
    const deadline = setTimeout(() => {
      logger.warn('shutdown timeout: closing connections with requests still in flight', { timeoutMs });
      http.closeAllConnections();
    }, timeoutMs);
    http.close(() => {
      clearInterval(sweep);
      clearTimeout(deadline);
      resolve();
    });
    http.closeIdleConnections();
  });
}
