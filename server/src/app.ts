import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Database } from './db/database';
import { ApiFailure, errorBody } from './http/api-failure';
import type { AppEnv } from './http/app-env';
import { extensionCors } from './http/extension-cors';
import { requestLog } from './http/request-log';
import { requireCaller } from './http/require-caller';
import type { Logger } from './log';
import { healthRoutes } from './routes/health';
import { syncRoutes } from './routes/sync';
import { whoamiRoutes } from './routes/whoami';
import { xRoutes } from './routes/x';

export interface AppOptions {
  db: Database;
  logger: Logger;
  maxBodyBytes: number;
  /** The X connector's clock (tests move it), for the status route's "rate-limited until". */
  xNow?: () => number;
  /** Told after a push that saved identities, so the X connector can enrich them and backfill at once. */
  onIdentitiesPushed?: (teamId: string) => void;
}

/** The HTTP API as a Hono app, with no state of its own: everything lives in the database. */
export function createApp({ db, logger, maxBodyBytes, xNow, onIdentitiesPushed }: AppOptions) {
  const app = new Hono<AppEnv>();
  app.use('*', requestLog(logger));
  app.use('*', extensionCors());
  app.route('/', healthRoutes(db));
  app.use('/v1/*', requireCaller(db));
  // Counted while the body streams in (or refused from Content-Length at once), before anything parses it.
  app.use(
    '/v1/*',
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: (c) => {
        // The rest of the body is never read, so this connection cannot carry another request: say so.
        c.header('Connection', 'close');
        return c.json(errorBody('payload_too_large', `The request body exceeds ${maxBodyBytes} bytes`), 413);
      },
    }),
  );
  app.route('/v1', whoamiRoutes());
  app.route('/v1', syncRoutes(db, onIdentitiesPushed));
  app.route('/v1', xRoutes(db, xNow));
  app.notFound((c) => c.json(errorBody('not_found', `No route ${c.req.method} ${c.req.path}`), 404));
  app.onError((error, c) => {
    if (error instanceof ApiFailure) return c.json(errorBody(error.code, error.message), error.status);
    logger.error('request failed', { method: c.req.method, path: c.req.path, error });
    return c.json(errorBody('internal', 'The server failed; try again later'), 500);
  });
  return app;
}
