import { formatHlc } from '../../lib/hlc';
import { RECORD_STORES, type RecordStoreName } from '../../lib/records';
import type { RapportDb } from '../db';
import { entryOf, MAX_PER_ENTRY, type PendingMutation } from '../outbox';
import { ensureClientId } from '../write';

/**
 * Moving to another sync server (another URL, another team, or another person's token). The pull cursor and the
 * server's acknowledgements belong to the server they came from: kept, the browser would pull the new server from
 * the old server's position (missing the changes before it) and would never send the records the old server
 * already had; and a server keeps a client id to the user who first used it. So on a switch the cursor starts
 * again at 0, the browser takes a new client id, and every record is queued once more for the new server.
 */

/** Which records are still to be queued for the new server: the store and the last id queued from it. */
interface CopyMark {
  store: number;
  after: string;
}

/** The server a cursor belongs to: its address, and the team and person the token speaks for. */
export function serverIdentity(serverUrl: string, teamId: string, userId: string): string {
  return `${new URL(serverUrl).origin} ${teamId} ${userId}`;
}

/**
 * Records which server this browser syncs with from now on. Returns whether it is a different one than before,
 * in which case the pull starts from the beginning and every record is marked to be pushed again.
 */
export async function adoptServer(db: RapportDb, identity: string): Promise<boolean> {
  const tx = db.transaction('meta', 'readwrite');
  const [previous, cursor] = await Promise.all([tx.store.get('syncServer'), tx.store.get('cursor')]);
  if (previous === identity) {
    await tx.done;
    return false;
  }
  // No server on record and nothing pulled yet: the first server, and the outbox still holds every change.
  // A cursor without a server on record came from a version that did not note the server: copy to be safe.
  const switched = previous !== undefined || (typeof cursor === 'number' && cursor > 0);
  await tx.store.put(identity, 'syncServer');
  if (switched) {
    await tx.store.put(0, 'cursor');
    await tx.store.put({ store: 0, after: '' } satisfies CopyMark, 'copyForServer');
    // Made again on first use (ensureClientId): the new server meets a client it has not seen, owned by this person.
    await tx.store.delete('clientId');
  }
  await tx.done;
  return switched;
}

/**
 * Queues the records still marked for a new server, a chunk per transaction (the mark moves in the same
 * transaction, so a worker stopped halfway carries on where it was). Each field is stamped with the record's last
 * change time: the new server takes what it lacks, and a newer edit a teammate made there is not overwritten.
 */
export async function queueCopyForServer(db: RapportDb, onProgress?: (queued: number) => void): Promise<number> {
  let queued = 0;
  // Every sync asks; almost always there is no copy under way, and a read-write transaction over every store would
  // hold back the person's own writes just to find that out.
  if ((await db.get('meta', 'copyForServer')) === undefined) return queued;
  for (;;) {
    const tx = db.transaction([...RECORD_STORES, 'outbox', 'meta'], 'readwrite');
    const meta = tx.objectStore('meta');
    const mark = (await meta.get('copyForServer')) as CopyMark | undefined;
    const store = mark && RECORD_STORES[mark.store];
    if (!mark || !store) {
      if (mark) await meta.delete('copyForServer');
      await tx.done;
      return queued;
    }
    const node = await ensureClientId(meta);
    const range = mark.after ? IDBKeyRange.lowerBound(mark.after, true) : undefined;
    const records = await tx.objectStore(store).getAll(range, MAX_PER_ENTRY);
    const last = records.at(-1);
    if (last) {
      await tx.objectStore('outbox').add(entryOf(records.map((record, n) => copyOf(store, record, n, node))));
      await meta.put({ store: mark.store, after: last.id } satisfies CopyMark, 'copyForServer');
    } else {
      await meta.put({ store: mark.store + 1, after: '' } satisfies CopyMark, 'copyForServer');
    }
    await tx.done;
    queued += records.length;
    if (records.length) onProgress?.(queued);
  }
}

function copyOf(
  store: RecordStoreName,
  record: { id: string; updatedAt: number },
  n: number,
  node: string,
): PendingMutation {
  const { id, ...patch } = record;
  return { n, store, recordId: id, patch, hlc: formatHlc({ wall: record.updatedAt, counter: 0, node }) };
}
