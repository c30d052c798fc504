import type { MiddlewareHandler } from 'hono';
import type { Database } from '../db/database';
import { findCaller } from '../tokens';
import { ApiFailure } from './api-failure';
import type { AppEnv } from './app-env';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** Authenticates `Authorization: Bearer <token>`; every route behind it acts only within the caller's team. */
export function requireCaller(db: Database): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    if (!header) throw new ApiFailure(401, 'unauthorized', 'Send a token: Authorization: Bearer <token>');
    const token = BEARER.exec(header)?.[1];
    const caller = token ? await findCaller(db, token) : undefined;
    if (!caller) throw new ApiFailure(401, 'unauthorized', 'The token is not valid (unknown, revoked or malformed)');
    c.set('caller', caller);
    await next();
  };
}
