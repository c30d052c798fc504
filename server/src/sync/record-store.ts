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

/** The team's records changed after `cursor`, oldest change first. */
export function readChangedSince(tx: Queryable, teamId: string, cursor: number, limit: number): Promise<SyncRecord[]> {
  return tx.query<SyncRecord>(
    `SELECT store, id, data, clocks, version FROM records
      WHERE team_id = $1 AND version > $2 ORDER BY version LIMIT $3`,
    [teamId, cursor, limit],
  );
}
