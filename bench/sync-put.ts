import type { JSHandle, WebWorker } from 'puppeteer';
import { type BenchStore, makeRecords } from './sync-data';

/** Makes records inside the worker (not timed) and returns a handle to the array there. */
export async function recordsInWorker(
  worker: WebWorker,
  store: BenchStore,
  from: number,
  to: number,
  contactCount: number,
  now: number,
): Promise<JSHandle<Array<Record<string, unknown>>>> {
  return worker.evaluateHandle(makeRecords, store, from, to, contactCount, now);
}

/**
 * The bare IndexedDB baseline: puts `contacts` and `interactions` (arrays living in the worker) into the extension's
 * own stores, with their indexes, in one read-write transaction, and returns the milliseconds from the first put to
 * the transaction's completion. No validation, no merge, no outbox, no network: the floor under any sync.
 */
export async function barePut(
  worker: WebWorker,
  contacts: JSHandle<Array<Record<string, unknown>>>,
  interactions: JSHandle<Array<Record<string, unknown>>>,
): Promise<number> {
  return worker.evaluate(
    async (contactRecords, interactionRecords) => {
      const db = await new Promise<IDBDatabase>((ok, fail) => {
        const open = indexedDB.open('rapport');
        open.onsuccess = () => ok(open.result);
        open.onerror = () => fail(open.error);
      });
      const start = performance.now();
      const tx = db.transaction(['contacts', 'interactions'], 'readwrite');
      const contactStore = tx.objectStore('contacts');
      const interactionStore = tx.objectStore('interactions');
      for (const record of contactRecords) contactStore.put(record);
      for (const record of interactionRecords) interactionStore.put(record);
      await new Promise<void>((ok, fail) => {
        tx.oncomplete = () => ok();
        tx.onerror = () => fail(tx.error);
        tx.onabort = () => fail(tx.error);
      });
      const elapsed = performance.now() - start;
      db.close();
      return elapsed;
    },
    contacts,
    interactions,
  );
}
