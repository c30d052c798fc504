import type { Queryable } from '../db/database';

/**
 * Rejections are kept per client so that a retried push (same mutation ids, answer lost the first time) reports
 * them again. A client pushes only what is still in its outbox, so ids below its batch's first id are gone from
 * it, and their rejections can go too.
 */
export async function forgetDroppedRejections(tx: Queryable, teamId: string, clientId: string, firstId: number) {
  await tx.query('DELETE FROM rejections WHERE team_id = $1 AND client_id = $2 AND mutation_id < $3', [
    teamId,
    clientId,
    firstId,
  ]);
}

export async function readRejections(
  tx: Queryable,
  teamId: string,
  clientId: string,
  mutationIds: readonly number[],
): Promise<Map<number, string>> {
  if (mutationIds.length === 0) return new Map();
  const rows = await tx.query<{ mutation_id: number; reason: string }>(
    `SELECT mutation_id, reason FROM rejections
      WHERE team_id = $1 AND client_id = $2
        AND mutation_id IN (SELECT value::bigint FROM jsonb_array_elements_text($3::jsonb))`,
    [teamId, clientId, JSON.stringify(mutationIds)],
  );
  return new Map(rows.map((row) => [row.mutation_id, row.reason]));
}

export async function saveRejections(
  tx: Queryable,
  teamId: string,
  clientId: string,
  rejections: readonly { mutationId: number; reason: string }[],
) {
  if (rejections.length === 0) return;
  await tx.query(
    `INSERT INTO rejections (team_id, client_id, mutation_id, reason)
     SELECT $1, $2, (r->>'mutationId')::bigint, r->>'reason' FROM jsonb_array_elements($3::jsonb) AS r`,
    [teamId, clientId, JSON.stringify(rejections)],
  );
}
