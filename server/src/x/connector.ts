import type { Database } from '../db/database';
import type { Logger } from '../log';
import type { ServerClock } from '../sync/server-clock';
import { type ConnectorRow, finishPoll, readConnector } from './connector-store';
import { backfillContacts } from './conversation-writer';
import { enrichIdentities } from './enrichment';
import { dropStalePending } from './pending-store';
import { openSecret, SecretUnavailable } from './secrets';
import { BUSY, createTeamLock } from './team-lock';
import { type PollContext, syncTimeline } from './timeline-sync';
import { TIMELINES } from './timelines';
import { userTokenOf } from './user-token';
import { createXApi, type XApi } from './x-api';

/**
 * The X connector of this server process: polls a team's company account (enrichment of the team's X identities,
 * then mentions, the company's replies and direct messages, then the backfill of people who became contacts), one
 * poll of a team at a time across processes.
 */

export interface XConnectorOptions {
  db: Database;
  logger: Logger;
  clock: ServerClock;
  /** X's API address (a mock X in tests); the real one by default. */
  apiBase?: string | undefined;
  /** RAPPORT_SECRET_KEY: opens the stored tokens. */
  secretKey?: string | undefined;
  /** For rate-limit and backoff decisions and the poll time; tests move it forward instead of waiting. */
  now?: () => number;
}

export interface PollOptions {
  /** A scheduled poll: skipped when another process polled the team less than half this long ago. */
  dueEveryMs?: number;
  /** After a browser saved X identities: enrichment and backfill only, no timelines (they keep their schedule). */
  contactsOnly?: boolean;
}

export interface PollReport {
  status: 'polled' | 'busy' | 'not_connected' | 'not_due';
  /** Interactions written on contacts, items kept for people who are not contacts, identities updated. */
  interactions: number;
  pending: number;
  identities: number;
  /** What went wrong, in the words the status route shows. */
  errors: string[];
}

export interface XConnector {
  readonly api: XApi;
  readonly secretKey: string | undefined;
  /** Polls one team now (waits for a poll of it already running in this process; `busy` if another polls it). */
  poll(teamId: string, options?: PollOptions): Promise<PollReport>;
  close(): void;
}

const MAX_CONCURRENT_POLLS = 2;
const DAY_MS = 24 * 60 * 60 * 1000;
const PENDING_KEPT_MS = 180 * DAY_MS;
/** How far back the first poll of a newly connected account reads its timelines. */
const HISTORY_MS = 30 * DAY_MS;
const report = (status: PollReport['status']): PollReport => ({
  status,
  interactions: 0,
  pending: 0,
  identities: 0,
  errors: [],
});

export function createXConnector(options: XConnectorOptions): XConnector {
  const { db, logger, clock, secretKey } = options;
  const now = options.now ?? Date.now;
  const api = createXApi({ apiBase: options.apiBase, now });
  const lock = createTeamLock(db);
  // A poll holds one database connection for its lock and uses another for its writes: a few at a time, so polls
  // of many teams (after a burst of saves) never take every connection of the pool and wait on each other.
  const slots = createSlots(MAX_CONCURRENT_POLLS);

  async function pollLocked(teamId: string, row: ConnectorRow, { contactsOnly }: PollOptions): Promise<PollReport> {
    const result = report('polled');
    let tokens: { user: string; app: string };
    try {
      tokens = {
        user: openSecret(row.userToken, { teamId, field: 'user_token' }, secretKey),
        app: openSecret(row.bearerToken, { teamId, field: 'bearer_token' }, secretKey),
      };
    } catch (error) {
      if (!(error instanceof SecretUnavailable)) throw error;
      if (!contactsOnly) await finishPoll(db, teamId, now(), error.message);
      return { ...result, errors: [error.message] };
    }
    const context: PollContext = {
      db,
      api,
      logger,
      clock,
      now,
      teamId,
      account: { userId: row.accountUserId, handle: row.accountHandle },
      appToken: tokens.app,
      userToken: userTokenOf({ db, api, secretKey, row, token: tokens.user }),
      historyFrom: row.connectedAt - HISTORY_MS,
    };
    const enrichment = await enrichIdentities(context);
    result.identities += enrichment.identities;
    result.errors.push(...enrichment.errors);
    if (!contactsOnly) {
      await context.userToken.renewIfExpiring();
      for (const timeline of TIMELINES) {
        const outcome = await syncTimeline(context, timeline);
        result.interactions += outcome.interactions;
        result.pending += outcome.pending;
        result.identities += outcome.identities;
        if (outcome.error) result.errors.push(outcome.error);
      }
    }
    const backfilled = await db.transaction((tx) =>
      backfillContacts(tx, { teamId, account: context.account, clock, logger, now: Date.now() }),
    );
    result.interactions += backfilled.interactions;
    result.identities += backfilled.identities;
    if (!contactsOnly) {
      await dropStalePending(db, teamId, Date.now() - PENDING_KEPT_MS);
      await finishPoll(db, teamId, now(), null);
    }
    return result;
  }

  return {
    api,
    secretKey,
    async poll(teamId, pollOptions = {}) {
      const outcome = await slots.run(() =>
        lock(teamId, async () => {
          const row = await readConnector(db, teamId);
          if (!row) return report('not_connected');
          const { dueEveryMs } = pollOptions;
          if (dueEveryMs && row.lastPollAt !== null && now() - row.lastPollAt < dueEveryMs / 2)
            return report('not_due');
          return pollLocked(teamId, row, pollOptions);
        }),
      );
      const result = outcome === BUSY ? report('busy') : outcome;
      if (result.status === 'polled') {
        const { interactions, pending, identities, errors } = result;
        logger.info('x poll', { team: teamId, interactions, pending, identities, errors: errors.length });
      }
      return result;
    },
    close: () => api.close(),
  };
}

/** At most `size` tasks at once; the others wait in turn. */
function createSlots(size: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return {
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (running >= size) await new Promise<void>((resolve) => waiting.push(resolve));
      else running++;
      try {
        return await task();
      } finally {
        // The slot passes straight to the next waiter, or is freed.
        const next = waiting.shift();
        if (next) next();
        else running--;
      }
    },
  };
}
