import type { Mutation, PushRequest, PushResponse, SyncRecord } from '../../../src/lib/sync';
import type { Database } from '../db/database';
import { ApiFailure } from '../http/api-failure';
import type { Caller } from '../tokens';
import { advanceClient, claimClient } from './clients';
import { mergeMutations, storeChanged } from './merge-mutations';
import { loadRecords, lockTeamVersion, recordKey } from './record-store';
import { forgetDroppedRejections, readRejections, saveRejections } from './rejections';

/** Out-of-order ids in one batch are a client bug; refusing them keeps "skip what is <= lastMutationId" exact. */
function assertIdsIncrease(mutations: readonly Mutation[]) {
  for (let i = 1; i < mutations.length; i++) {
    const [previous, current] = [mutations[i - 1] as Mutation, mutations[i] as Mutation];
    if (current.id <= previous.id) {
      throw new ApiFailure(400, 'invalid_request', `mutations.${i}.id: ids must increase within a batch`);
    }
  }
}

/**
 * Applies a batch of one client's mutations, exactly once, in one transaction: mutations already applied are
 * skipped (their rejections, if any, are reported again), the rest are merged field by field into the team's
 * records, each changed record gets the next team version, and the client's last mutation id moves in the same
 * commit. Any failure rolls all of it back, so a retry finds the database as it was.
 */
export async function applyPush(
  db: Database,
  caller: Caller,
  request: PushRequest,
  now = Date.now(),
): Promise<PushResponse> {
  assertIdsIncrease(request.mutations);
  const teamId = caller.team.id;
  const { clientId, mutations } = request;
  return db.transaction(async (tx) => {
    const version = await lockTeamVersion(tx, teamId);
    const lastApplied = await claimClient(tx, teamId, clientId, caller.user.id);
    await forgetDroppedRejections(tx, teamId, clientId, (mutations[0] as Mutation).id);

    const replayed = mutations.filter((mutation) => mutation.id <= lastApplied);
    const pending = mutations.filter((mutation) => mutation.id > lastApplied);
    const earlier = await readRejections(
      tx,
      teamId,
      clientId,
      replayed.map((mutation) => mutation.id),
    );
    const rejectedBefore = replayed.flatMap((mutation) => {
      const reason = earlier.get(mutation.id);
      return reason === undefined ? [] : [{ mutation, reason }];
    });
    const touched = [...rejectedBefore.map(({ mutation }) => mutation), ...pending];
    const records = touched.length ? await loadRecords(tx, teamId, touched) : new Map<string, SyncRecord>();

    const { changed, rejected } = mergeMutations(records, pending, now);
    await storeChanged(tx, teamId, records, changed, version);
    const lastMutationId = pending.at(-1)?.id ?? lastApplied;
    if (pending.length) {
      await saveRejections(
        tx,
        teamId,
        clientId,
        rejected.map(({ mutation, reason }) => ({ mutationId: mutation.id, reason })),
      );
      await advanceClient(tx, teamId, clientId, lastMutationId);
    }

    return {
      lastMutationId,
      rejected: [...rejectedBefore, ...rejected].map(({ mutation, reason }) => {
        const record = records.get(recordKey(mutation.store, mutation.recordId));
        return record ? { id: mutation.id, reason, record } : { id: mutation.id, reason };
      }),
    };
  });
}
