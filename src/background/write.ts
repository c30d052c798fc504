import { type IDBPTransaction, type StoreNames, unwrap } from 'idb';
import { type Clock, formatHlc, parseHlc, tick } from '../lib/hlc';
import { newId } from '../lib/ids';
import { RECORD_SCHEMAS, type RecordStoreName } from '../lib/records';
import type { MetaKey, RapportDb, RapportSchema } from './db';
import { entryOf, MAX_PER_ENTRY, type PendingMutation } from './outbox';

export type WriteTx = IDBPTransaction<RapportSchema, StoreNames<RapportSchema>[], 'readwrite'>;
export type RecordOf<S extends RecordStoreName> = RapportSchema[S]['value'];
export interface Change {
  store: RecordStoreName;
  id: string;
}

export const WRITE_STORES: StoreNames<RapportSchema>[] = [
  'contacts',
  'accounts',
  'identities',
  'interactions',
  'tasks',
  'outbox',
  'meta',
];

const sameValue = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

/** The fields of `next` that differ from `previous` (all of them for a new record), without the id. */
export function diff(previous: object | undefined, next: object): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  const before = (previous ?? {}) as Record<string, unknown>;
  for (const [field, value] of Object.entries(next)) {
    if (field !== 'id' && (!previous || !sameValue(before[field], value))) patch[field] = value;
  }
  // A field that was set and is now absent travels as null, so the removal syncs too.
  if (previous) for (const field of Object.keys(before)) if (!(field in next)) patch[field] = null;
  return patch;
}

/** A native request as a promise, for the few reads a write needs (idb's wrapper costs more than the read). */
function settled<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/**
 * Writes records inside one transaction. Every write is validated against its schema and recorded in the outbox
 * with the fields it changed and a hybrid-logical-clock stamp, in the same transaction, so a change and its
 * pending sync commit or fail together. The transaction's changes go into one outbox entry (see outbox.ts).
 *
 * Puts go straight to the native transaction, without a promise each: requests in one transaction run in order
 * (a later read sees an earlier write), and a request that fails aborts the transaction, which `inWriteTx`
 * reports. Wrapping each of a 100,000-record import's puts in a promise cost more than the puts.
 */
export class Writer {
  readonly changes: Change[] = [];
  private clockDirty = false;
  private readonly pending: PendingMutation[] = [];
  private readonly native: IDBTransaction;

  constructor(
    readonly tx: WriteTx,
    private clock: Clock,
  ) {
    this.native = unwrap(tx);
  }

  /** Puts a record. `fresh` skips reading the previous version, for records known to be new (imports). */
  async put<S extends RecordStoreName>(store: S, record: RecordOf<S>, fresh = false): Promise<RecordOf<S>> {
    const valid = RECORD_SCHEMAS[store].parse(record) as RecordOf<S>;
    const objectStore = this.native.objectStore(store);
    let patch: Record<string, unknown>;
    if (fresh) {
      const { id: _id, ...fields } = valid as Record<string, unknown>;
      patch = fields;
    } else {
      patch = diff((await settled(objectStore.get(valid.id))) as object | undefined, valid);
      if (Object.keys(patch).length === 0) return valid;
    }
    this.clock = tick(this.clock);
    this.clockDirty = true;
    objectStore.put(valid);
    this.pending.push({
      n: this.pending.length % MAX_PER_ENTRY,
      store,
      recordId: valid.id,
      patch,
      hlc: formatHlc(this.clock),
    });
    this.changes.push({ store, id: valid.id });
    return valid;
  }

  /** Writes the transaction's changes to the outbox (one entry per MAX_PER_ENTRY) and its clock. */
  async finish(): Promise<void> {
    const outbox = this.native.objectStore('outbox');
    for (let i = 0; i < this.pending.length; i += MAX_PER_ENTRY) {
      outbox.add(entryOf(this.pending.slice(i, i + MAX_PER_ENTRY)));
    }
    if (this.clockDirty) this.native.objectStore('meta').put(formatHlc(this.clock), 'clock');
  }
}

/** The meta store of any read-write transaction. */
interface MetaStore {
  get(key: MetaKey): Promise<unknown>;
  put(value: unknown, key: MetaKey): Promise<unknown>;
}

/** This browser's sync identity (and its clocks' node id): made once, kept in the database across restarts. */
export async function ensureClientId(meta: MetaStore): Promise<string> {
  const existing = await meta.get('clientId');
  if (typeof existing === 'string') return existing;
  const clientId = newId().replaceAll('-', '');
  await meta.put(clientId, 'clientId');
  return clientId;
}

export async function loadClock(tx: WriteTx): Promise<Clock> {
  const meta = tx.objectStore('meta');
  const stamp = await meta.get('clock');
  if (typeof stamp === 'string') return parseHlc(stamp);
  return { wall: 0, counter: 0, node: await ensureClientId(meta) };
}

/** `wiped`: every store was cleared at once (see wipe.ts); `changes` is then empty, as the records are gone. */
type Listener = (changes: readonly Change[], db: RapportDb, wiped: boolean) => void;
const listeners = new Set<Listener>();

/**
 * Called after a write transaction commits, with what it changed and in which database (search index, accounts by
 * name, badge, open tabs, sync scheduling), and after everything was deleted.
 */
export function onCommitted(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function emitCommitted(changes: readonly Change[], db: RapportDb, wiped = false): void {
  if (changes.length || wiped) for (const listener of listeners) listener(changes, db, wiped);
}

/**
 * Runs `work` in one read-write transaction over the records, the outbox and the clock. If `work` throws, the
 * transaction is aborted, so a failure halfway (a record its schema rejects, say) leaves nothing half-written.
 */
export async function inWriteTx<T>(db: RapportDb, work: (writer: Writer) => Promise<T>): Promise<T> {
  const tx = db.transaction(WRITE_STORES, 'readwrite');
  // Observed here so an abort below is not reported as an unhandled rejection; awaited on success.
  const done = tx.done.then(
    () => undefined,
    (error: unknown) => error ?? new Error('The transaction failed'),
  );
  let writer: Writer | undefined;
  try {
    writer = new Writer(tx, await loadClock(tx));
    const result = await work(writer);
    await writer.finish();
    const failure = await done;
    if (failure) throw failure;
    emitCommitted(writer.changes, db);
    return result;
  } catch (error) {
    // A put that failed aborted the transaction, and the next request then failed as "inactive": say the first.
    const cause = unwrap(tx).error;
    try {
      tx.abort();
    } catch {
      // Already finished or aborted.
    }
    throw cause ?? error;
  }
}

/** Fields every new record starts with. */
export function freshMeta(now = Date.now()) {
  return { id: newId(), createdAt: now, updatedAt: now, deleted: false };
}
