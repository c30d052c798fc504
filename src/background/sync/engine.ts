import type { z } from 'zod';
import { formatHlc, observe, parseHlc } from '../../lib/hlc';
import { type FieldState, materialize, mergePatch } from '../../lib/merge';
import { RECORD_SCHEMAS, type RecordStoreName } from '../../lib/records';
import { MAX_PUSH_MUTATIONS, type Mutation, type Rejection as RejectionSchema, type SyncRecord } from '../../lib/sync';

type Rejection = z.infer<typeof RejectionSchema>;

import type { RapportDb } from '../db';
import { type Change, emitCommitted, ensureClientId, loadClock, WRITE_STORES } from '../write';
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
    const first = await this.push();
    const pulled = await this.pull();
    // Changes made while pulling go out now rather than at the next sync.
    const second = await this.push();
    return { pushed: first.pushed + second.pushed, pulled, rejected: [...first.rejected, ...second.rejected] };
  }

  async pendingCount(): Promise<number> {
    return this.db.count('outbox');
  }

  async push(): Promise<{ pushed: number; rejected: Rejection[] }> {
    const clientId = await this.clientId();
    const batch = Math.min(this.options.pushBatch ?? MAX_PUSH_MUTATIONS, MAX_PUSH_MUTATIONS);
    const total = await this.db.count('outbox');
    const rejected: Rejection[] = [];
    let pushed = 0;
    for (;;) {
      const entries = await this.db.getAll('outbox', undefined, batch);
      if (entries.length === 0) break;
      const mutations: Mutation[] = entries.map((entry) => ({
        id: entry.seq as number,
        store: entry.store,
        recordId: entry.recordId,
        hlc: entry.hlc,
        patch: entry.patch,
      }));
      const answer = await this.transport.push({ clientId, mutations });
      rejected.push(...answer.rejected);
      await this.undoRejected(mutations, answer.rejected);
      const acknowledged = entries.filter((entry) => (entry.seq as number) <= answer.lastMutationId).length;
      if (acknowledged === 0) {
        throw new Error(`The server acknowledged none of ${entries.length} changes (last id ${answer.lastMutationId})`);
      }
      await this.db.delete('outbox', IDBKeyRange.upperBound(answer.lastMutationId));
      pushed += acknowledged;
      this.options.onProgress?.({ phase: 'push', done: pushed, total });
    }
    return { pushed, rejected };
  }

  async pull(): Promise<number> {
    const clientId = await this.clientId();
    const start = await this.cursor();
    let cursor = start;
    let pulled = 0;
    for (;;) {
      const page = await this.transport.pull({ clientId, cursor, limit: this.options.pullLimit ?? 1000 });
      if (page.head < cursor) {
        // The server's data was replaced (restored, or a new server at the same address): start over from 0.
        cursor = 0;
        await this.db.put('meta', 0, 'cursor');
        continue;
      }
      await this.apply(page.records, page.cursor);
      pulled += page.records.length;
      cursor = page.cursor;
      this.options.onProgress?.({
        phase: 'pull',
        done: cursor - start,
        total: Math.max(page.head - start, cursor - start),
      });
      if (!page.more) return pulled;
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
   */
  private async apply(records: readonly SyncRecord[], cursor?: number): Promise<void> {
    const tx = this.db.transaction(WRITE_STORES, 'readwrite');
    const changes: Change[] = [];
    let clock = await loadClock(tx);
    for (const record of records) {
      const pending = await tx.objectStore('outbox').index('by-record').getAll([record.store, record.id]);
      let state: FieldState = { data: record.data, clocks: record.clocks };
      for (const entry of pending) state = mergePatch(state, entry.patch, entry.hlc);
      const candidate = { ...materialize(state.data), id: record.id };
      const valid = RECORD_SCHEMAS[record.store as RecordStoreName].safeParse(candidate);
      if (!valid.success) {
        console.warn(`Rapport: skipped a synced ${record.store} record that does not validate`, record.id);
        continue;
      }
      await (tx.objectStore(record.store) as unknown as { put(value: unknown): Promise<unknown> }).put(valid.data);
      changes.push({ store: record.store, id: record.id });
      // Later local edits must order after every change seen from teammates.
      for (const stamp of Object.values(record.clocks)) clock = observe(clock, parseHlc(stamp));
    }
    await tx.objectStore('meta').put(formatHlc(clock), 'clock');
    if (cursor !== undefined) await tx.objectStore('meta').put(cursor, 'cursor');
    await tx.done;
    emitCommitted(changes);
  }
}
