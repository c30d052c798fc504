import type { RecordStoreName } from '../../../src/lib/records';
import type { SyncRecord } from '../../../src/lib/sync';
import type { Queryable } from '../db/database';

/** The SQL of a team's records and its version counter; every statement is scoped to one team. */

export const recordKey = (store: RecordStoreName, id: string) => `${store}/${id}`;

/**
 * Locks the team's counter row until the transaction ends and returns the latest version. Every push takes this
 * lock first, so pushes to one team run one after another and commit their versions in increasing order.
 */
export async function lockTeamVersion(tx: Queryable, teamId: string): Promise<number> {
  const [row] = await tx.query<{ version: number }>('SELECT version FROM team_versions WHERE team_id = $1 FOR UPDATE', [
    teamId,
  ]);
  if (!row) throw new Error(`Team ${teamId} has no version counter`);
  return row.version;
}

export async function readTeamVersion(tx: Queryable, teamId: string): Promise<number> {
  const [row] = await tx.query<{ version: number }>('SELECT version FROM team_versions WHERE team_id = $1', [teamId]);
  return row?.version ?? 0;
}

export async function setTeamVersion(tx: Queryable, teamId: string, version: number): Promise<void> {
  await tx.query('UPDATE team_versions SET version = $2 WHERE team_id = $1', [teamId, version]);
}

/** The stored records among `keys`, in one query, keyed by `recordKey`. */
export async function loadRecords(
  tx: Queryable,
  teamId: string,
  keys: readonly { store: RecordStoreName; recordId: string }[],
): Promise<Map<string, SyncRecord>> {
  const wanted = JSON.stringify(keys.map((key) => [key.store, key.recordId]));
  const rows = await tx.query<SyncRecord>(
    `SELECT store, id, data, clocks, version FROM records
      WHERE team_id = $1 AND (store, id) IN (SELECT k->>0, k->>1 FROM jsonb_array_elements($2::jsonb) AS k)`,
    [teamId, wanted],
  );
  return new Map(rows.map((row) => [recordKey(row.store, row.id), row]));
}

/** Inserts or replaces records in one statement (one JSON parameter serves PGlite and pg alike). */
export async function saveRecords(tx: Queryable, teamId: string, records: readonly SyncRecord[]): Promise<void> {
  await tx.query(
    `INSERT INTO records (team_id, store, id, data, clocks, version)
     SELECT $1, r->>'store', r->>'id', r->'data', r->'clocks', (r->>'version')::bigint
       FROM jsonb_array_elements($2::jsonb) AS r
     ON CONFLICT (team_id, store, id)
     DO UPDATE SET data = excluded.data, clocks = excluded.clocks, version = excluded.version`,
    [teamId, JSON.stringify(records)],
  );
}

/** A page of changes as JSON text, ready to send: see readChangedSinceJson. */
export interface JsonPage {
  /** The JSON array of the page's records (SyncRecord), oldest change first. */
  records: string;
  /** The version of the page's last record; null for an empty page. */
  last: number | null;
  /** More changes wait after this page. */
  more: boolean;
}

/**
 * The team's records changed after `cursor`, at most `limit`, as the JSON text of the array the pull answer
 * carries: the database writes it from the stored jsonb (json_agg), so the server neither parses the records nor
 * serializes them again. One more row than asked tells whether another page waits, without counting.
 *
 * Runs inside a transaction (the pull's), whose planner settings it changes. Without statistics on `records` (PGlite
 * never gathers any; PostgreSQL only once autovacuum reaches a freshly loaded table) the planner guesses that a
 * range of a team's versions holds about a thousand rows, so it reads every later record of the team (a bitmap
 * scan), sorts them and keeps one page: each page then costs as much as the rest of the book, and a first sync
 * grows with the square of its size. The ordered scan of the (team_id, version) index reads just the page, so it is
 * the one the planner is left with, whatever its statistics say.
 */
export async function readChangedSinceJson(
  tx: Queryable,
  teamId: string,
  cursor: number,
  limit: number,
): Promise<JsonPage> {
  await tx.exec('SET LOCAL enable_bitmapscan = off; SET LOCAL enable_seqscan = off');
  const [row] = await tx.query<{ records: string; last: number | null; fetched: number }>(
    `WITH fetched AS (
       SELECT store, id, data, clocks, version FROM records
        WHERE team_id = $1 AND version > $2 ORDER BY version LIMIT $3::int + 1
     ), page AS (SELECT store, id, data, clocks, version FROM fetched ORDER BY version LIMIT $3::int)
     SELECT (SELECT count(*) FROM fetched) AS fetched,
            (SELECT max(version) FROM page) AS last,
            (SELECT coalesce(json_agg(page ORDER BY version), '[]')::text FROM page) AS records`,
    [teamId, cursor, limit],
  );
  if (!row) throw new Error('The page query returned no row');
  return { records: row.records, last: row.last, more: row.fetched > limit };
}
