import type { RapportDb } from './db';
import { pendingMutations } from './outbox';
import { WRITE_STORES as ALL, emitCommitted } from './write';

/** Counts per store, for the options page ("12,034 contacts"). */
export async function storeCounts(db: RapportDb): Promise<Record<string, number>> {
  const tx = db.transaction(ALL);
  const counts = await Promise.all(ALL.map((store) => tx.objectStore(store).count()));
  await tx.done;
  // The outbox holds one entry per transaction: what a person wants to know is how many changes wait.
  return { ...Object.fromEntries(ALL.map((store, i) => [store, counts[i] ?? 0])), outbox: await pendingMutations(db) };
}

/**
 * Deletes every record, pending change and sync state in one transaction: all of it, or nothing. Then says so to
 * whatever follows the data (see `onCommitted`): caches built from the records drop them, open pages look again.
 */
export async function deleteEverything(db: RapportDb): Promise<void> {
  const tx = db.transaction(ALL, 'readwrite');
  await Promise.all(ALL.map((store) => tx.objectStore(store).clear()));
  await tx.done;
  emitCommitted([], db, true);
}
