import { Hono } from 'hono';
import { PullRequest, PushRequest } from '../../../src/lib/sync';
import type { Database } from '../db/database';
import type { AppEnv } from '../http/app-env';
import { readBody } from '../http/read-body';
import { readChanges } from '../sync/pull';
import { applyPush } from '../sync/push';

/**
 * `POST /v1/push` and `POST /v1/pull` (docs/sync-protocol.md). Pull is a POST so its request is JSON like push's.
 * `onIdentitiesPushed` hears of pushes that saved identities (the X connector enriches new X profiles).
 */
export function syncRoutes(db: Database, onIdentitiesPushed?: (teamId: string) => void) {
  return new Hono<AppEnv>()
    .post('/push', async (c) => {
      const caller = c.get('caller');
      const request = await readBody(c, PushRequest);
      const answer = await applyPush(db, caller, request);
      if (onIdentitiesPushed && request.mutations.some((mutation) => mutation.store === 'identities')) {
        onIdentitiesPushed(caller.team.id);
      }
      return c.json(answer);
    })
    .post('/pull', async (c) => {
      // Already JSON (the records' text comes from the database): sent as it is.
      const answer = await readChanges(db, c.get('caller'), await readBody(c, PullRequest));
      return c.body(answer, 200, { 'content-type': 'application/json' });
    });
}
