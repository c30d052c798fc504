import type { PullRequest } from '../../../src/lib/sync';
import type { Database } from '../db/database';
import type { Caller } from '../tokens';
import { readClient } from './clients';
import { readChangedSinceJson, readTeamVersion } from './record-store';

/**
 * One page of the team's changes after the client's cursor, read in one snapshot (so `head`, the page and the
 * client's last mutation id agree). Pushes commit their versions in increasing order (see lockTeamVersion), so
 * everything not in this snapshot has a version above the last one returned: the new cursor never skips a change.
 *
 * The answer is a PullResponse as JSON text: the records' JSON comes from the database as it is (see
 * readChangedSinceJson), the few other fields are numbers and a boolean written around it.
 */
export async function readChanges(db: Database, caller: Caller, request: PullRequest): Promise<string> {
  const teamId = caller.team.id;
  return db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const lastMutationId = await readClient(tx, teamId, request.clientId, caller.user.id);
    const head = await readTeamVersion(tx, teamId);
    const page = await readChangedSinceJson(tx, teamId, request.cursor, request.limit);
    const cursor = page.last ?? request.cursor;
    return `{"records":${page.records},"cursor":${cursor},"more":${page.more},"head":${head},"lastMutationId":${lastMutationId}}`;
  });
}
