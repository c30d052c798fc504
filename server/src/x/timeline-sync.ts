import type { Database } from '../db/database';
import type { Logger } from '../log';
import type { ServerClock } from '../sync/server-clock';
import { type EndpointState, readEndpoint, writeEndpoint } from './connector-store';
import { type CompanyAccount, compareIds, newestId } from './conversation-items';
import { storeConversationPage, type WriteCounts } from './conversation-writer';
import { afterFailure, afterSuccess, blockedUntil } from './endpoint-guard';
import type { Timeline, TimelinePage } from './timelines';
import type { UserToken } from './user-token';
import { type XApi, XCallError, type XFailure } from './x-api';

/** What a poll needs to read X for one team. */
export interface PollContext {
  db: Database;
  api: XApi;
  logger: Logger;
  clock: ServerClock;
  /** The connector's clock for waiting decisions (rate limits, backoff); tests move it. */
  now: () => number;
  teamId: string;
  account: CompanyAccount;
  /** The app's bearer token (look-ups). */
  appToken: string;
  /** The company account's user token (timelines), renewed when X rejects it and the team gave a refresh token. */
  userToken: UserToken;
  /** How far back a timeline's first run reads (epoch ms); later runs read from their since_id. */
  historyFrom: number;
}

/** A poll reads at most this many pages of one timeline; the rest waits for the next poll, cursor kept. */
export const MAX_PAGES_PER_POLL = 10;

export interface TimelineOutcome extends WriteCounts {
  pages: number;
  /** Set when the endpoint was not called: it waits for a rate-limit reset or a backoff until then. */
  waitingUntil?: number;
  error?: string;
}

/** Past the ids already stored, for endpoints without since_id; and whether the page reached them. */
function newerThan(page: TimelinePage, sinceId: string | null): { page: TimelinePage; reachedKnown: boolean } {
  if (!sinceId) return { page, reachedKnown: false };
  const fresh = (id: string) => compareIds(id, sinceId) > 0;
  const ids = page.ids.filter(fresh);
  return {
    page: { ...page, ids, items: page.items.filter((item) => fresh(item.sourceId)) },
    reachedKnown: ids.length < page.ids.length,
  };
}

/**
 * Where the cursor stands once a page is stored. A run of pages starts from `sinceId`; its first page's newest id
 * is kept aside (`runNewestId`) and becomes `sinceId` only when the last page is stored, so an interrupted run
 * resumes at its next page and a finished one never reads the same items again.
 */
function advance(state: EndpointState, page: TimelinePage, nextToken: string | undefined): EndpointState {
  const runNewestId = state.runNewestId ?? newestId(page.ids) ?? null;
  if (nextToken) return { ...state, nextToken, runNewestId };
  return { ...state, nextToken: null, runNewestId: null, sinceId: newestId([state.sinceId, runNewestId]) ?? null };
}

/**
 * Reads one timeline from where its cursor stands, page by page. Each page's records and the cursor after it commit
 * in one transaction; an error stores nothing of its page, leaves the cursor where it was and makes the endpoint
 * wait (X's reset time after a 429, an exponential backoff otherwise).
 */
export async function syncTimeline(context: PollContext, timeline: Timeline): Promise<TimelineOutcome> {
  const { db, teamId } = context;
  const outcome: TimelineOutcome = { pages: 0, interactions: 0, pending: 0, identities: 0 };
  let state = await readEndpoint(db, teamId, timeline.name);
  const waiting = blockedUntil(state, context.now());
  if (waiting) return { ...outcome, waitingUntil: waiting, ...(state.lastError ? { error: state.lastError } : {}) };

  while (outcome.pages < MAX_PAGES_PER_POLL) {
    let answer: Awaited<ReturnType<Timeline['read']>>;
    try {
      answer = await timeline.read(context.api, context.userToken.value(), context.account, {
        ...state,
        historyFrom: context.historyFrom,
      });
    } catch (error) {
      if (!(error instanceof XCallError)) throw error;
      let failure: XFailure = error.failure;
      // 401: expired or revoked, which a renewal can mend; a 403 (missing scope or access level) it cannot.
      if (failure.kind === 'token_rejected' && failure.status === 401) {
        const renewal = await context.userToken.renew();
        if (renewal.renewed) continue;
        failure = renewal.failure ?? failure;
      }
      state = afterFailure(state, failure, context.now());
      await writeEndpoint(db, teamId, timeline.name, state);
      context.logger.warn('x endpoint failed', {
        team: teamId,
        endpoint: timeline.name,
        kind: failure.kind,
        reason: failure.message,
      });
      return { ...outcome, error: failure.message };
    }
    const { page, reachedKnown } = timeline.sinceIdInQuery
      ? { page: answer.body, reachedKnown: false }
      : newerThan(answer.body, state.sinceId);
    const next = advance(afterSuccess(state, answer.rateLimit), page, reachedKnown ? undefined : page.nextToken);
    const counts = await db.transaction(async (tx) => {
      const written = await storeConversationPage(
        tx,
        { teamId, account: context.account, clock: context.clock, logger: context.logger, now: Date.now() },
        page.items,
        page.users,
      );
      await writeEndpoint(tx, teamId, timeline.name, next);
      return written;
    });
    state = next;
    outcome.pages++;
    outcome.interactions += counts.interactions;
    outcome.pending += counts.pending;
    outcome.identities += counts.identities;
    if (!state.nextToken || blockedUntil(state, context.now())) break;
  }
  return outcome;
}
