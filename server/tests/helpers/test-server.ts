import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTeam, createUser, type Team, type User } from '../../src/accounts';
import type { ServerConfig } from '../../src/config';
import { type Logger, silentLogger } from '../../src/log';
import { type RunningServer, startServer } from '../../src/server';
import { createToken } from '../../src/tokens';
import { type Connected, type ConnectInput, connectXAccount } from '../../src/x/connect';
import type { PollReport } from '../../src/x/connector';

/** A team with one user and a token of that user: what one account manager's extension needs to connect. */
export interface TestTeam {
  team: Team;
  user: User;
  token: string;
}

export interface TestServer {
  /** Base URL, `http://127.0.0.1:<port>`; the API is under `/v1`. */
  url: string;
  server: RunningServer;
  /** A team made at start, ready to use. */
  first: TestTeam;
  /** Another team, isolated from every other one. */
  createTeam(name?: string): Promise<TestTeam>;
  /** Another user (with a token) in an existing team: a teammate. */
  createTeammate(teamId: string, name?: string): Promise<{ user: User; token: string }>;
  /**
   * Connects a team's company X account, as `x-connect` does: with a mock X (`startMockXApi()` and the server
   * started with `xApiBase: mock.url`), pass `mock.credentials`.
   */
  connectX(teamId: string, credentials: Omit<ConnectInput, 'teamId'>): Promise<Connected>;
  /** Polls a team's X account once, now, as `x-poll` does; resolves when its records are committed. */
  pollX(teamId: string): Promise<PollReport>;
  /** Stops the server (gracefully) and removes its temporary data folder, if it made one. */
  stop(): Promise<void>;
}

export interface TestServerOptions {
  /** A PostgreSQL URL (see startTestPostgres); without it, PGlite in a fresh temporary folder. */
  databaseUrl?: string;
  /** Reuse a PGlite folder (to restart a server on the same data); the caller removes it. */
  dataDir?: string;
  maxBodyBytes?: number;
  shutdownTimeoutMs?: number;
  logger?: Logger;
  /** Where the X connector finds X's API: a mock's URL (see startMockXApi in mock-x-api.ts). */
  xApiBase?: string;
  /** Seconds between scheduled X polls; 0 (the default here) leaves polling to `pollX`. */
  xPollSeconds?: number;
  /** The X connector's clock for rate limits, backoff and poll times; a test moves it instead of waiting. */
  xNow?: () => number;
  /** RAPPORT_SECRET_KEY: the X tokens are stored encrypted with it. */
  secretKey?: string;
}

/**
 * Starts a real server in this process, listening on a free loopback port, and makes a first team, user and token.
 * For any test that needs a sync server: the server's own tests, the extension's convergence and end-to-end tests.
 *
 *   const server = await startTestServer();
 *   await fetch(`${server.url}/v1/whoami`, { headers: { authorization: `Bearer ${server.first.token}` } });
 *   await server.stop();
 *
 * With the X connector against a mock X API (see mock-x-api.ts for what the mock can say):
 *
 *   const x = await startMockXApi();
 *   const server = await startTestServer({ xApiBase: x.url });
 *   await server.connectX(server.first.team.id, x.credentials);
 *   x.addMention({ from: x.setUser({ username: 'ada_l' }).id, text: '@acme hello' });
 *   await server.pollX(server.first.team.id);   // the mention is now a suggestion, or an interaction on Ada
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const ownDataDir =
    options.databaseUrl || options.dataDir ? undefined : mkdtempSync(join(tmpdir(), 'rapport-pglite-'));
  const config: ServerConfig = {
    port: 0,
    host: '127.0.0.1',
    database: options.databaseUrl
      ? { kind: 'postgres', url: options.databaseUrl }
      : { kind: 'pglite', dataDir: options.dataDir ?? ownDataDir },
    maxBodyBytes: options.maxBodyBytes ?? 5 * 1024 * 1024,
    shutdownTimeoutMs: options.shutdownTimeoutMs ?? 5000,
    bootstrap: false,
    x: { pollSeconds: options.xPollSeconds ?? 0, apiBase: options.xApiBase, secretKey: options.secretKey },
  };
  let server: RunningServer;
  try {
    server = await startServer(config, options.logger ?? silentLogger, { xNow: options.xNow });
  } catch (error) {
    if (ownDataDir) rmSync(ownDataDir, { recursive: true, force: true });
    throw error;
  }
  const { db } = server;
  const createTeammate = async (teamId: string, name = 'Teammate') => {
    const user = await createUser(db, teamId, name);
    return { user, token: (await createToken(db, user.id)).token };
  };
  const makeTeam = async (name = 'Test team'): Promise<TestTeam> => {
    const team = await createTeam(db, name);
    return { team, ...(await createTeammate(team.id, 'Sam')) };
  };
  return {
    url: server.url,
    server,
    first: await makeTeam('First team'),
    createTeam: makeTeam,
    createTeammate,
    connectX: (teamId, credentials) =>
      connectXAccount(db, server.x.api, server.x.secretKey, { teamId, ...credentials }),
    pollX: (teamId) => server.x.poll(teamId),
    async stop() {
      await server.stop();
      if (ownDataDir) rmSync(ownDataDir, { recursive: true, force: true });
    },
  };
}
