import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../log';
import type { AppEnv } from './app-env';

/** One log line per request: what was asked, the answer's status, how long it took and for which team. */
export function requestLog(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    // Unset on routes without a token and on requests refused before authentication.
    const caller = c.get('caller') as AppEnv['Variables']['caller'] | undefined;
    logger.info('request', {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      team: caller?.team.id,
    });
  };
}
