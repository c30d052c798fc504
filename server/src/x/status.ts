import type { XStatus } from '../../../src/lib/x-connector';
import type { Queryable } from '../db/database';
import { readConnector, readEndpoints } from './connector-store';

/**
 * Refused tokens first (tokenRejectedMessage, RENEWAL_REFUSED): they need a person to act, the rest passes on its
 * own.
 */
const rank = (message: string) => (/^X (rejected|refused to renew)/.test(message) ? 0 : 1);

/** The team's connector as the options page shows it; never a token. */
export async function readXStatus(db: Queryable, teamId: string, now: number): Promise<XStatus> {
  const connector = await readConnector(db, teamId);
  if (!connector) return { connected: false };
  const endpoints = await readEndpoints(db, teamId);
  const errors = [
    ...new Set(
      [connector.lastError, ...endpoints.map((endpoint) => endpoint.lastError)]
        .filter((error): error is string => Boolean(error))
        .sort((a, b) => rank(a) - rank(b)),
    ),
  ];
  const limits = endpoints.map((endpoint) => endpoint.rateLimitedUntil ?? 0).filter((until) => until > now);
  return {
    connected: true,
    account: { handle: connector.accountHandle, userId: connector.accountUserId },
    ...(connector.lastPollAt !== null ? { lastPollAt: connector.lastPollAt } : {}),
    ...(errors.length ? { lastError: errors.join('; ') } : {}),
    ...(limits.length ? { rateLimitedUntil: Math.max(...limits) } : {}),
  };
}
