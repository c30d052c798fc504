import { Hono } from 'hono';
import { type XDismissed, type XStatus, type XSuggestions, XUserId } from '../../../src/lib/x-connector';
import type { Database } from '../db/database';
import { ApiFailure } from '../http/api-failure';
import type { AppEnv } from '../http/app-env';
import { dismissPerson } from '../x/pending-store';
import { readXStatus } from '../x/status';
import { readSuggestions } from '../x/suggestions';

/**
 * The X connector as the extension sees it (docs/x-connector.md), always within the caller's team: its status for
 * the options page, and the suggested leads for the popup. The answers' schemas are in src/lib/x-connector.ts.
 */
export function xRoutes(db: Database, now: () => number = Date.now) {
  return new Hono<AppEnv>()
    .get('/x/status', async (c) => {
      const status: XStatus = await readXStatus(db, c.get('caller').team.id, now());
      return c.json(status);
    })
    .get('/x/suggestions', async (c) => {
      const answer: XSuggestions = { suggestions: await readSuggestions(db, c.get('caller').team.id) };
      return c.json(answer);
    })
    .post('/x/suggestions/:userId/dismiss', async (c) => {
      const userId = XUserId.safeParse(c.req.param('userId'));
      if (!userId.success) throw new ApiFailure(400, 'invalid_request', 'userId: an X user id is digits');
      const found = await dismissPerson(db, c.get('caller').team.id, userId.data, Date.now());
      if (!found) throw new ApiFailure(404, 'not_found', `No suggestion of X user ${userId.data} in this team`);
      const answer: XDismissed = { dismissed: true };
      return c.json(answer);
    });
}
