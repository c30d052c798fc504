import type { RecordStoreName } from '../lib/records';
import type { RapportDb } from './db';

/**
 * The outbox: changes waiting to be pushed to the team server. One entry holds the changes of one write transaction
 * (up to MAX_PER_ENTRY), so a 100,000-row import adds a few dozen entries rather than one per record; each change
 * keeps its own mutation id, `seq × 65,536 + n`, which only ever grows and survives partial acknowledgement.
 */
export interface PendingMutation {
  /** Position within its entry: with the entry's seq, the mutation id the server applies exactly once. */
  n: number;
  store: RecordStoreName;
  recordId: string;
  /** The fields this change set (all of them for a new record). */
  patch: Record<string, unknown>;
  /** Hybrid logical clock stamp of the change; the later stamp of a field wins when edits meet. */
  hlc: string;
}

export interface OutboxEntry {
  /** Auto-incremented, in commit order. */
  seq?: number;
  mutations: PendingMutation[];
  /** `outboxKey` of every mutation, so pulled records find their pending changes through one index. */
  keys: string[];
}

export const MAX_PER_ENTRY = 5000;
const ID_SPACE = 65_536;

export const mutationId = (seq: number, n: number): number => seq * ID_SPACE + n;
export const outboxKey = (store: string, recordId: string): string => `${store} ${recordId}`;

export function entryOf(mutations: PendingMutation[]): OutboxEntry {
  return { mutations, keys: [...new Set(mutations.map((m) => outboxKey(m.store, m.recordId)))] };
}

/** How many changes wait to be pushed (for the sync status and progress), counted entry by entry. */
export async function pendingMutations(db: RapportDb): Promise<number> {
  let total = 0;
  let cursor = await db.transaction('outbox').store.openCursor();
  while (cursor) {
    total += cursor.value.mutations.length;
    cursor = await cursor.continue();
  }
  return total;
}
