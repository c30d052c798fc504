import type { EndpointState } from './connector-store';
import type { XAnswer, XFailure } from './x-api';

/**
 * When an endpoint may be called again, and what a call's outcome does to its state. Cursors are not touched
 * here: a failure never moves them (the timeline moves them only with the page it stored).
 */

const BACKOFF_BASE_MS = 60_000;
const BACKOFF_MAX_MS = 60 * 60_000;

/** The time before which the endpoint must not be called, if that is still ahead. */
export function blockedUntil(state: EndpointState, now: number): number | undefined {
  const until = Math.max(state.rateLimitedUntil ?? 0, state.backoffUntil ?? 0);
  return until > now ? until : undefined;
}

/** 1, 2, 4, … minutes after consecutive failures, at most an hour. */
export const backoffMs = (failures: number) =>
  Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1), BACKOFF_MAX_MS);

export function afterFailure(state: EndpointState, failure: XFailure, now: number): EndpointState {
  if (failure.kind === 'rate_limited') {
    // X said when: wait exactly that long, and it is not a failure of ours to back off from.
    return { ...state, rateLimitedUntil: failure.until, lastError: failure.message };
  }
  const failures = state.failures + 1;
  return { ...state, failures, backoffUntil: now + backoffMs(failures), lastError: failure.message };
}

/** A call went through: the endpoint is healthy; when it has no calls left in the window, wait for the reset. */
export function afterSuccess(state: EndpointState, rateLimit: XAnswer<unknown>['rateLimit']): EndpointState {
  const exhausted = rateLimit && rateLimit.remaining <= 0 ? rateLimit.resetAt : null;
  return { ...state, failures: 0, backoffUntil: null, rateLimitedUntil: exhausted, lastError: null };
}
