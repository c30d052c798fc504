import type { z } from 'zod';
import { type Clock, formatHlc, observe, parseHlc } from '../../lib/hlc';
import { type FieldState, materialize, mergePatch } from '../../lib/merge';
import { RECORD_SCHEMAS, type RecordStoreName } from '../../lib/records';
import { MAX_PUSH_MUTATIONS, type Mutation, type Rejection as RejectionSchema, type SyncRecord } from '../../lib/sync';

type Rejection = z.infer<typeof RejectionSchema>;

import { type IDBPObjectStore, type StoreNames, unwrap } from 'idb';
import type { RapportDb, RapportSchema } from '../db';
import { entryOf, mutationId, type OutboxEntry, outboxKey, type PendingMutation, pendingMutations } from '../outbox';
import { type Change, emitCommitted, ensureClientId, loadClock, WRITE_STORES, type WriteTx } from '../write';
import { queueCopyForServer } from './server-switch';
import type { SyncTransport } from './transport';

export interface SyncProgress {
  phase: 'push' | 'pull';
  done: number;
  total: number;
}

export interface SyncResult {
  pushed: number;
  pulled: number;
  rejected: Rejection[];
}

/**
 * The browser side of the sync protocol (docs/sync-protocol.md): push the outbox in order, then pull everything
 * since the cursor. All its state lives in IndexedDB (the outbox, the cursor, the client id), so a worker stopped
 * halfway picks up where it was: a push the server applied but whose answer was lost is sent again and applied
 * once; a page pulled but not stored is pulled again.
 */
export class SyncEngine {
  constructor(
    private readonly db: RapportDb,
    private readonly transport: SyncTransport,
    private readonly options: {
      pullLimit?: number;
      pushBatch?: number;
      onProgress?(progress: SyncProgress): void;
    } = {},
  ) {}

  async sync(): Promise<SyncResult> {
    // After a switch of server, every record goes to the new one: queued here, so a stopped worker resumes it.
    await queueCopyForServer(this.db);
    const first = await this.push();
    const pulled = await this.pull();
    // Changes made while pulling go out now rather than at the next sync.
    const second = await this.push();
    return { pushed: first.pushed + second.pushed, pulled, rejected: [...first.rejected, ...second.rejected] };
  }

  async pendingCount(): Promise<number> {
    return pendingMutations(this.db);
  }

  /**
   * Pushes waiting changes in order, in batches of at most the protocol's limit, until none is left. An entry leaves
   * the outbox once the server has acknowledged all of its changes; a partly acknowledged one keeps the rest.
   */
  async push(): Promise<{ pushed: number; rejected: Rejection[] }> {
    const clientId = await this.clientId();
    const batch = Math.min(this.options.pushBatch ?? MAX_PUSH_MUTATIONS, MAX_PUSH_MUTATIONS);
    const total = await pendingMutations(this.db);
    const rejected: Rejection[] = [];
    let pushed = 0;
    let acked = 0;
    for (;;) {
      const { mutations, entries } = await this.nextBatch(acked, batch);
      if (mutations.length === 0) break;
      const answer = await this.transport.push({ clientId, mutations });
      rejected.push(...answer.rejected);
      await this.undoRejected(mutations, answer.rejected);
      const acknowledged = mutations.filter((mutation) => mutation.id <= answer.lastMutationId).length;
      if (acknowledged === 0) {
        throw new Error(
          `The server acknowledged none of ${mutations.length} changes (last id ${answer.lastMutationId})`,
        );
      }
      acked = Math.max(acked, answer.lastMutationId);
      await this.forgetAcknowledged(entries, acked);
      pushed += acknowledged;
      this.options.onProgress?.({ phase: 'push', done: pushed, total });
    }
    return { pushed, rejected };
  }

  /** The next changes to push, oldest first, skipping those already acknowledged in this push. */
  private async nextBatch(acked: number, batch: number): Promise<{ mutations: Mutation[]; entries: OutboxEntry[] }> {
    const mutations: Mutation[] = [];
    const entries: OutboxEntry[] = [];
    let cursor = await this.db.transaction('outbox').store.openCursor();
    while (cursor && mutations.length < batch) {
      const entry = cursor.value;
      entries.push(entry);
      for (const change of entry.mutations) {
        const id = mutationId(entry.seq as number, change.n);
        if (id <= acked) continue;
        if (mutations.length >= batch) break;
        mutations.push({ id, store: change.store, recordId: change.recordId, hlc: change.hlc, patch: change.patch });
      }
      cursor = await cursor.continue();
    }
    return { mutations, entries };
  }

  /** Drops acknowledged changes: whole entries, or the acknowledged part of one. */
  private async forgetAcknowledged(entries: readonly OutboxEntry[], acked: number): Promise<void> {
    const tx = this.db.transaction('outbox', 'readwrite');
    for (const entry of entries) {
      const seq = entry.seq as number;
      const left = entry.mutations.filter((change) => mutationId(seq, change.n) > acked);
      if (left.length === 0) void tx.store.delete(seq);
      else if (left.length < entry.mutations.length) void tx.store.put({ ...entryOf(left), seq });
    }
    await tx.done;
  }

  async pull(): Promise<number> {
    const clientId = await this.clientId();
    const start = await this.cursor();
    const limit = this.options.pullLimit ?? DEFAULT_PULL_LIMIT;
    let cursor = start;
    let pulled = 0;
    let next = this.transport.pull({ clientId, cursor, limit });
    for (;;) {
      const page = await next;
      if (page.head < cursor) {
        // The server's data was replaced (restored, or a new server at the same address): start over from 0.
        cursor = 0;
        await this.db.put('meta', 0, 'cursor');
        next = this.transport.pull({ clientId, cursor, limit });
        continue;
      }
      // The next page is asked for before this one is stored, so the server builds it while the browser writes.
      // Pulls only read: if storing fails, the page asked for is dropped and the cursor stays where it was.
      const following = page.more ? this.transport.pull({ clientId, cursor: page.cursor, limit }) : undefined;
      following?.catch(() => {});
      await this.apply(page.records, page.cursor);
      pulled += page.records.length;
      cursor = page.cursor;
      this.options.onProgress?.({
        phase: 'pull',
        done: cursor - start,
        total: Math.max(page.head - start, cursor - start),
      });
      if (!following) return pulled;
      next = following;
    }
  }

  /**
   * A change the server refused (its merged record would not validate) is taken back here: the server's record
   * replaces the local one, or a refused new record is removed, so this browser does not keep what nobody else has.
   */
  private async undoRejected(mutations: readonly Mutation[], rejected: readonly Rejection[]): Promise<void> {
    if (rejected.length === 0) return;
    const byId = new Map(mutations.map((mutation) => [mutation.id, mutation]));
    const restored: SyncRecord[] = [];
    for (const rejection of rejected) {
      console.warn(`Rapport: the server refused change ${rejection.id}: ${rejection.reason}`);
      const mutation = byId.get(rejection.id);
      if (rejection.record) restored.push(rejection.record);
      else if (mutation) await this.db.delete(mutation.store, mutation.recordId);
    }
    if (restored.length) await this.apply(restored);
  }

  private async clientId(): Promise<string> {
    const tx = this.db.transaction('meta', 'readwrite');
    const id = await ensureClientId(tx.objectStore('meta'));
    await tx.done;
    return id;
  }

  private async cursor(): Promise<number> {
    const value = await this.db.get('meta', 'cursor');
    return typeof value === 'number' ? value : 0;
  }

  /**
   * Stores one pulled page and its cursor in one transaction. Each record is the server's merged state with this
   * browser's changes that are still waiting to be pushed laid over it by the same field-by-field rule the server
   * uses, so a local edit is never hidden by an older server value, and once pushed the two sides agree.
   *
   * Written for pages of thousands: the pending changes are read once for the page (the outbox is usually empty
   * right after a push), every write is issued without waiting for the one before (the transaction orders them and
   * reports any failure), and the clock observes the page's latest stamp once (stamps sort in clock order as
   * strings).
   */
  private async apply(records: readonly SyncRecord[], cursor?: number): Promise<void> {
    const tx = this.db.transaction(WRITE_STORES, 'readwrite');
    const [clock, pending] = await Promise.all([loadClock(tx), this.pendingFor(tx.objectStore('outbox'), records)]);
    let changes: Change[];
    try {
      changes = putPage(tx, records, pending, clock, cursor);
    } catch (error) {
      // Nothing of a page is kept unless all of it, its clock and its cursor are.
      tx.done.catch(() => {});
      try {
        tx.abort();
      } catch {
        // Already finished.
      }
      throw error;
    }
    await tx.done;
    emitCommitted(changes, this.db);
  }

  /**
   * The waiting changes of the page's records, oldest first, by record. A small outbox is read whole in one request;
   * a large one (a long offline spell) is asked per record, with every request in flight at once.
   */
  private async pendingFor(
    outbox: OutboxStore,
    records: readonly SyncRecord[],
  ): Promise<Map<string, PendingMutation[]>> {
    const byRecord = new Map<string, PendingMutation[]>();
    if (records.length === 0) return byRecord;
    const count = await outbox.count();
    if (count === 0) return byRecord;
    const wanted = new Set(records.map((record) => outboxKey(record.store, record.id)));
    const add = (entry: OutboxEntry) => {
      for (const change of entry.mutations) {
        const key = outboxKey(change.store, change.recordId);
        if (!wanted.has(key)) continue;
        const list = byRecord.get(key);
        if (list) list.push(change);
        else byRecord.set(key, [change]);
      }
    };
    if (count <= 8) {
      for (const entry of await outbox.getAll()) add(entry);
      return byRecord;
    }
    const index = outbox.index('by-key');
    const lists = await Promise.all([...wanted].map((key) => index.getAll(key)));
    const seen = new Set<number>();
    for (const list of lists) {
      for (const entry of list) {
        // An entry with several of the page's records comes back once per record: read it once.
        if (seen.has(entry.seq as number)) continue;
        seen.add(entry.seq as number);
        add(entry);
      }
    }
    return byRecord;
  }
}

const DEFAULT_PULL_LIMIT = 1000;
type OutboxStore = IDBPObjectStore<RapportSchema, StoreNames<RapportSchema>[], 'outbox', 'readwrite'>;

/**
 * Issues the puts of one page, its clock and its cursor, without waiting for any: through the plain IndexedDB
 * stores, since a put that fails aborts the transaction, which `tx.done` reports, and a promise for each of
 * thousands of puts would only cost time. Returns what it wrote.
 */
function putPage(
  tx: WriteTx,
  records: readonly SyncRecord[],
  pending: Map<string, PendingMutation[]>,
  clock: Clock,
  cursor: number | undefined,
): Change[] {
  const changes: Change[] = [];
  const stores = new Map<string, IDBObjectStore>();
  let latest = '';
  for (const record of records) {
    let state: FieldState = { data: record.data, clocks: record.clocks };
    for (const change of pending.get(outboxKey(record.store, record.id)) ?? []) {
      state = mergePatch(state, change.patch, change.hlc);
    }
    const candidate = { ...materialize(state.data), id: record.id };
    const valid = RECORD_SCHEMAS[record.store as RecordStoreName].safeParse(candidate);
    if (!valid.success) {
      console.warn(`Rapport: skipped a synced ${record.store} record that does not validate`, record.id);
      continue;
    }
    let store = stores.get(record.store);
    if (!store) {
      store = unwrap(tx.objectStore(record.store));
      stores.set(record.store, store);
    }
    store.put(valid.data);
    changes.push({ store: record.store, id: record.id });
    for (const key in record.clocks) {
      const stamp = record.clocks[key] as string;
      if (stamp > latest) latest = stamp;
    }
  }
  // Later local edits must order after every change seen from teammates.
  const observed = latest ? observe(clock, parseHlc(latest)) : clock;
  const meta = unwrap(tx.objectStore('meta'));
  meta.put(formatHlc(observed), 'clock');
  if (cursor !== undefined) meta.put(cursor, 'cursor');
  return changes;
}
