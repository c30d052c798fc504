import { Hono } from 'hono';
import type { Database } from '../db/database';
import { errorBody } from '../http/api-failure';
import type { AppEnv } from '../http/app-env';

/** `GET /health`, without a token: answers 200 only when the database answers, for load balancers and monitors. */
export function healthRoutes(db: Database) {
  return new Hono<AppEnv>().get('/health', async (c) => {
    try {
      await db.query('SELECT 1');
      return c.json({ ok: true, database: db.kind });
    } catch {
      return c.json(errorBody('unavailable', 'The database does not answer'), 503);
    }
  });
}
