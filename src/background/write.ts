import type { IDBPTransaction, StoreNames } from 'idb';
import { RECORD_SCHEMAS, type RecordStoreName } from '../lib/records';
import type { RapportDb, RapportSchema } from './db';

export type WriteTx = IDBPTransaction<RapportSchema, StoreNames<RapportSchema>[], 'readwrite'>;
type RecordOf<S extends RecordStoreName> = RapportSchema[S]['value'];

const WRITE_STORES: StoreNames<RapportSchema>[] = [
  'contacts',
  'accounts',
  'identities',
  'interactions',
  'tasks',
  'outbox',
];

/**
 * Runs `work` in one read-write transaction over the records and the outbox. If `work` throws, the transaction
 * is aborted, so a failure halfway (a record its schema rejects, say) leaves nothing half-written.
 */
export async function inWriteTx<T>(db: RapportDb, work: (tx: WriteTx) => Promise<T>): Promise<T> {
  const tx = db.transaction(WRITE_STORES, 'readwrite');
  // Observed here so an abort below is not reported as an unhandled rejection; awaited on success.
  const done = tx.done.then(
    () => undefined,
    (error: unknown) => error,
  );
  try {
    const result = await work(tx);
    const failure = await done;
    if (failure) throw failure;
    return result;
  } catch (error) {
    try {
      tx.abort();
    } catch {
      // Already finished or aborted.
    }
    throw error;
  }
}

/**
 * The one way records are written: validated against their schema, then put together with an outbox entry in
 * the caller's transaction, so a change and its pending sync commit or fail together.
 */
export async function putRecord<S extends RecordStoreName>(
  tx: WriteTx,
  store: S,
  record: RecordOf<S>,
): Promise<RecordOf<S>> {
  const valid = RECORD_SCHEMAS[store].parse(record) as RecordOf<S>;
  // idb's store typing cannot follow a generic store name; the schema parse above is the real guarantee.
  await (tx.objectStore(store) as unknown as { put(value: unknown): Promise<unknown> }).put(valid);
  await tx.objectStore('outbox').add({ store, recordId: valid.id, op: 'put', at: Date.now() });
  return valid;
}

/** Fields every new record starts with. */
export function freshMeta(now = Date.now()) {
  return { createdAt: now, updatedAt: now, deleted: false };
}
