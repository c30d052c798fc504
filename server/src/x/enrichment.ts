import type { Queryable } from '../db/database';
import { lockTeamVersion } from '../sync/record-store';
import { applyServerPatches, type ServerPatch } from '../sync/server-writes';
import { readEndpoint, writeEndpoint } from './connector-store';
import { afterFailure, afterSuccess, blockedUntil } from './endpoint-guard';
import { identityPatch } from './identity-updates';
import { USER_FIELDS, type XUser, XUsersAnswer } from './payloads';
import type { PollContext } from './timeline-sync';
import { XCallError } from './x-api';
import { loadXBook, type XIdentity } from './x-book';

/**
 * Enrichment: the team's X identities that lack X's user id, or whose profile was never (or not lately) read, are
 * looked up with the app's bearer token, 100 at a time — by handle (`GET /2/users/by?usernames=`) when the user id
 * is unknown, by id (`GET /2/users?ids=`) otherwise, which also shows a rename. What X says is written onto the
 * identity as the server's change (identity-updates.ts). Handles and ids X does not know are not asked again for a
 * day.
 */

const REFRESH_AFTER_MS = 7 * 24 * 60 * 60 * 1000;
const MISS_RETRY_MS = 24 * 60 * 60 * 1000;
const BATCH = 100;

type LookupName = 'users_by_username' | 'users_by_id';

interface Lookup {
  name: LookupName;
  path: string;
  param: 'usernames' | 'ids';
  /** What to ask X for this identity, if it needs this lookup. */
  wanted(entry: XIdentity, now: number): string | undefined;
  /** Which identities a user X returned is the answer for. */
  keyOf(user: XUser): string;
}

const LOOKUPS: readonly Lookup[] = [
  {
    name: 'users_by_username',
    path: 'users/by',
    param: 'usernames',
    wanted: (entry) => (!entry.userId && entry.handle ? entry.handle : undefined),
    keyOf: (user) => user.username.toLowerCase(),
  },
  {
    name: 'users_by_id',
    path: 'users',
    param: 'ids',
    wanted: (entry, now) => {
      const stale = !entry.identity.enrichedAt || now - entry.identity.enrichedAt > REFRESH_AFTER_MS;
      return entry.userId && stale ? entry.userId : undefined;
    },
    keyOf: (user) => user.id,
  },
];

async function recentMisses(db: Queryable, teamId: string, now: number): Promise<Set<string>> {
  const rows = await db.query<{ lookup: string }>(
    'SELECT lookup FROM x_lookup_misses WHERE team_id = $1 AND missed_at > $2',
    [teamId, now - MISS_RETRY_MS],
  );
  return new Set(rows.map((row) => row.lookup));
}

async function noteMisses(tx: Queryable, teamId: string, lookups: readonly string[], now: number) {
  if (!lookups.length) return;
  await tx.query(
    `INSERT INTO x_lookup_misses (team_id, lookup, missed_at)
     SELECT $1, value, $3 FROM jsonb_array_elements_text($2::jsonb)
     ON CONFLICT (team_id, lookup) DO UPDATE SET missed_at = excluded.missed_at`,
    [teamId, JSON.stringify(lookups), now],
  );
}

export interface EnrichmentOutcome {
  identities: number;
  errors: string[];
  waitingUntil?: number;
}

/** One lookup endpoint, one batch: asks X, then writes what it says onto the identities it concerns. */
async function runLookup(context: PollContext, lookup: Lookup, outcome: EnrichmentOutcome) {
  const { db, teamId } = context;
  const misses = await recentMisses(db, teamId, Date.now());
  const book = await loadXBook(db, teamId);
  const asked = [
    ...new Set(
      book.identities
        .map((entry) => lookup.wanted(entry, Date.now()))
        .filter((key): key is string => Boolean(key) && !misses.has(`${lookup.param}:${key}`)),
    ),
  ].slice(0, BATCH);
  if (!asked.length) return;
  let state = await readEndpoint(db, teamId, lookup.name);
  const waiting = blockedUntil(state, context.now());
  if (waiting) {
    outcome.waitingUntil = Math.max(outcome.waitingUntil ?? 0, waiting);
    if (state.lastError) outcome.errors.push(state.lastError);
    return;
  }
  let users: XUser[];
  try {
    const answer = await context.api.get(
      { kind: 'app', value: context.appToken },
      lookup.path,
      { [lookup.param]: asked.join(','), 'user.fields': USER_FIELDS },
      XUsersAnswer,
    );
    users = answer.body.data ?? [];
    state = afterSuccess(state, answer.rateLimit);
  } catch (error) {
    if (!(error instanceof XCallError)) throw error;
    await writeEndpoint(db, teamId, lookup.name, afterFailure(state, error.failure, context.now()));
    outcome.errors.push(error.failure.message);
    return;
  }
  const found = new Set(users.map(lookup.keyOf));
  const now = Date.now();
  await db.transaction(async (tx) => {
    await lockTeamVersion(tx, teamId);
    // Read again under the lock: a browser may have changed these identities while X answered.
    const current = await loadXBook(tx, teamId);
    const patches: ServerPatch[] = users.flatMap((user) =>
      current
        .identitiesOf(user.id, user.username)
        .flatMap((entry) => identityPatch(entry, user, { enrich: true, now }) ?? []),
    );
    const { saved } = await applyServerPatches(tx, teamId, patches, context.clock);
    outcome.identities += saved.length;
    await noteMisses(
      tx,
      teamId,
      asked.filter((key) => !found.has(key)).map((key) => `${lookup.param}:${key}`),
      now,
    );
    await writeEndpoint(tx, teamId, lookup.name, state);
  });
}

/** Looks up the identities that need it, by handle first (so their user ids are known before matching). */
export async function enrichIdentities(context: PollContext): Promise<EnrichmentOutcome> {
  const outcome: EnrichmentOutcome = { identities: 0, errors: [] };
  for (const lookup of LOOKUPS) await runLookup(context, lookup, outcome);
  return outcome;
}
