import type { RecordStoreName } from '../../../src/lib/records';
import type { SyncRecord } from '../../../src/lib/sync';
import type { Queryable } from '../db/database';
import { mergeMutations, storeChanged } from './merge-mutations';
import { loadRecords, lockTeamVersion, recordKey } from './record-store';
import type { ServerClock } from './server-clock';

/** A change the server makes itself to a team's records, merged exactly like a browser's mutation. */
export interface ServerPatch {
  store: RecordStoreName;
  recordId: string;
  patch: Record<string, unknown>;
  /** Create the record only: leave it alone when the team has it (deleted or not), so nothing is made twice. */
  onlyIfAbsent?: boolean;
}

export interface ServerWriteResult {
  saved: SyncRecord[];
  rejected: { patch: ServerPatch; reason: string }[];
}

/**
 * Applies the server's changes in the caller's transaction, through the push's merge and validation. Each change
 * is stamped by the server's clock after the clocks of the record it changes; changed records get team versions,
 * so every browser pulls them. A change the record schema refuses is reported, not stored (like a push rejection).
 */
export async function applyServerPatches(
  tx: Queryable,
  teamId: string,
  patches: readonly ServerPatch[],
  clock: ServerClock,
): Promise<ServerWriteResult> {
  if (patches.length === 0) return { saved: [], rejected: [] };
  // The push's lock first, so the server's writes and the browsers' pushes commit their versions in order.
  const version = await lockTeamVersion(tx, teamId);
  const records = await loadRecords(tx, teamId, patches);
  const stamped = patches
    .filter((patch) => !(patch.onlyIfAbsent && records.has(recordKey(patch.store, patch.recordId))))
    .map((patch) => {
      const current = records.get(recordKey(patch.store, patch.recordId));
      return { ...patch, hlc: clock.stamp(current ? Object.values(current.clocks) : []) };
    });
  const { changed, rejected } = mergeMutations(records, stamped, Date.now());
  const saved = await storeChanged(tx, teamId, records, changed, version);
  return {
    saved,
    rejected: rejected.map(({ mutation: { hlc: _hlc, ...patch }, reason }) => ({ patch, reason })),
  };
}
