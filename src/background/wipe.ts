import type { RapportDb } from './db';
import { WRITE_STORES as ALL } from './write';

/** Counts per store, for the options page ("12,034 contacts"). */
export async function storeCounts(db: RapportDb): Promise<Record<string, number>> {
  const tx = db.transaction(ALL);
  const counts = await Promise.all(ALL.map((store) => tx.objectStore(store).count()));
  await tx.done;
  return Object.fromEntries(ALL.map((store, i) => [store, counts[i] ?? 0]));
}

/** Deletes every record, pending change and sync state in one transaction: all of it, or nothing. */
export async function deleteEverything(db: RapportDb): Promise<void> {
  const tx = db.transaction(ALL, 'readwrite');
  await Promise.all(ALL.map((store) => tx.objectStore(store).clear()));
  await tx.done;
}
