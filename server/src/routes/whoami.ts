import { Hono } from 'hono';
import type { WhoAmI } from '../../../src/lib/sync';
import type { AppEnv } from '../http/app-env';

/** `GET /v1/whoami`: who the token acts for, so the options page can test a connection and name the team. */
export function whoamiRoutes() {
  return new Hono<AppEnv>().get('/whoami', (c) => {
    const { user, team } = c.get('caller');
    const answer: WhoAmI = { user, team };
    return c.json(answer);
  });
}
