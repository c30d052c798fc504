import type { PullRequest, PullResponse } from '../../../src/lib/sync';
import type { Database } from '../db/database';
import type { Caller } from '../tokens';
import { readClient } from './clients';
import { readChangedSince, readTeamVersion } from './record-store';

/**
 * One page of the team's changes after the client's cursor, read in one snapshot (so `head`, the page and the
 * client's last mutation id agree). Pushes commit their versions in increasing order (see lockTeamVersion), so
 * everything not in this snapshot has a version above the last one returned: the new cursor never skips a change.
 */
export async function readChanges(db: Database, caller: Caller, request: PullRequest): Promise<PullResponse> {
  const teamId = caller.team.id;
  return db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const lastMutationId = await readClient(tx, teamId, request.clientId, caller.user.id);
    const head = await readTeamVersion(tx, teamId);
    // One more than asked tells whether another page waits, without counting.
    const rows = await readChangedSince(tx, teamId, request.cursor, request.limit + 1);
    const records = rows.slice(0, request.limit);
    return {
      records,
      cursor: records.at(-1)?.version ?? request.cursor,
      more: rows.length > request.limit,
      head,
      lastMutationId,
    };
  });
}
