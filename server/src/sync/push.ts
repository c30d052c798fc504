import { mergePatch } from '../../../src/lib/merge';
import type { Mutation, PushRequest, PushResponse, SyncRecord } from '../../../src/lib/sync';
import type { Database } from '../db/database';
import { ApiFailure } from '../http/api-failure';
import type { Caller } from '../tokens';
import { advanceClient, claimClient } from './clients';
import { clockProblem, recordProblem } from './record-problems';
import { loadRecords, lockTeamVersion, recordKey, saveRecords, setTeamVersion } from './record-store';

/** Out-of-order ids in one batch are a client bug; refusing them keeps "skip what is <= lastMutationId" exact. */
function assertIdsIncrease(mutations: readonly Mutation[]) {
  for (let i = 1; i < mutations.length; i++) {
    const [previous, current] = [mutations[i - 1] as Mutation, mutations[i] as Mutation];
    if (current.id <= previous.id) {
      throw new ApiFailure(400, 'invalid_request', `mutations.${i}.id: ids must increase within a batch`);
    }
  }
}

interface Rejected {
  mutation: Mutation;
  reason: string;
}

/**
 * Applies a batch of one client's mutations, exactly once, in one transaction: mutations already applied are
 * skipped, the rest are merged field by field into the team's records, each changed record gets the next team
 * version, and the client's last mutation id moves in the same commit. Any failure rolls all of it back, so a
 * retry finds the database as it was.
 */
export async function applyPush(
  db: Database,
  caller: Caller,
  request: PushRequest,
  now = Date.now(),
): Promise<PushResponse> {
  assertIdsIncrease(request.mutations);
  const teamId = caller.team.id;
  return db.transaction(async (tx) => {
    let version = await lockTeamVersion(tx, teamId);
    const lastApplied = await claimClient(tx, teamId, request.clientId, caller.user.id);
    const pending = request.mutations.filter((mutation) => mutation.id > lastApplied);
    const lastMutationId = pending.at(-1)?.id;
    if (lastMutationId === undefined) return { lastMutationId: lastApplied, rejected: [] };

    const records = await loadRecords(tx, teamId, pending);
    const changed = new Set<string>();
    const rejected: Rejected[] = [];
    for (const mutation of pending) {
      const key = recordKey(mutation.store, mutation.recordId);
      const current = records.get(key);
      const clockReason = clockProblem(mutation.hlc, now);
      if (clockReason) {
        rejected.push({ mutation, reason: clockReason });
        continue;
      }
      const merged = mergePatch(current, mutation.patch, mutation.hlc);
      if (!merged.changed) continue;
      const reason = recordProblem(mutation.store, mutation.recordId, mutation.patch, merged.data);
      if (reason) {
        rejected.push({ mutation, reason });
        continue;
      }
      const { data, clocks } = merged;
      records.set(key, { store: mutation.store, id: mutation.recordId, data, clocks, version: current?.version ?? 0 });
      changed.add(key);
    }

    const saved: SyncRecord[] = [];
    for (const key of changed) {
      const record = { ...(records.get(key) as SyncRecord), version: ++version };
      records.set(key, record);
      saved.push(record);
    }
    if (saved.length) {
      await saveRecords(tx, teamId, saved);
      await setTeamVersion(tx, teamId, version);
    }
    await advanceClient(tx, teamId, request.clientId, lastMutationId);

    return {
      lastMutationId,
      rejected: rejected.map(({ mutation, reason }) => {
        const record = records.get(recordKey(mutation.store, mutation.recordId));
        return record ? { id: mutation.id, reason, record } : { id: mutation.id, reason };
      }),
    };
  });
}
