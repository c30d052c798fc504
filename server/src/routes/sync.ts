import { Hono } from 'hono';
import { PullRequest, PushRequest } from '../../../src/lib/sync';
import type { Database } from '../db/database';
import type { AppEnv } from '../http/app-env';
import { readBody } from '../http/read-body';
import { readChanges } from '../sync/pull';
import { applyPush } from '../sync/push';

/** `POST /v1/push` and `POST /v1/pull` (docs/sync-protocol.md). Pull is a POST so its request is JSON like push's. */
export function syncRoutes(db: Database) {
  return new Hono<AppEnv>()
    .post('/push', async (c) => c.json(await applyPush(db, c.get('caller'), await readBody(c, PushRequest))))
    .post('/pull', async (c) => c.json(await readChanges(db, c.get('caller'), await readBody(c, PullRequest))));
}
