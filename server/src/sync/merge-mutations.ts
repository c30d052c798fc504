import { mergePatch } from '../../../src/lib/merge';
import type { Mutation, SyncRecord } from '../../../src/lib/sync';
import type { Queryable } from '../db/database';
import { clockProblem, recordProblem } from './record-problems';
import { recordKey, saveRecords, setTeamVersion } from './record-store';

/**
 * The one merge path of every change to a team's records, a browser's pushed mutation or the server's own (the X
 * connector's): the same clock check, field-by-field merge and validation for both.
 */

/** What a change needs to be merged; a pushed mutation also carries its client's mutation id. */
export type Change = Pick<Mutation, 'store' | 'recordId' | 'hlc' | 'patch'>;

export interface Rejected<C extends Change> {
  mutation: C;
  reason: string;
}

/**
 * Merges changes, in order, into `records` (the stored records they touch, updated in place). Returns the keys of
 * the records that changed and the changes that were refused, with why.
 */
export function mergeMutations<C extends Change>(
  records: Map<string, SyncRecord>,
  mutations: readonly C[],
  now: number,
) {
  const changed = new Set<string>();
  const rejected: Rejected<C>[] = [];
  for (const mutation of mutations) {
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
  return { changed, rejected };
}

/**
 * Gives each changed record the team's next version and stores them with the new counter. The caller holds the
 * team's version lock (lockTeamVersion) and passes the version it read; returns the records as stored.
 */
export async function storeChanged(
  tx: Queryable,
  teamId: string,
  records: Map<string, SyncRecord>,
  changed: ReadonlySet<string>,
  version: number,
): Promise<SyncRecord[]> {
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
  return saved;
}
