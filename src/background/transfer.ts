import type { Runtime } from 'webextension-polyfill';
import { nativeApi as browser } from '../lib/native-api';
import { RECORD_SCHEMAS, RECORD_STORES, type RecordStoreName } from '../lib/records';
import { EXPORT_PORT, RESTORE_PORT, RestoreMessage, type RestoreReply, TRANSFER_CHUNK } from '../lib/transfer';
import { type RapportDb, SCHEMA_VERSION } from './db';
import { inWriteTx } from './write';

/** Streams every store to the options page in chunks (for the JSON backup and the CRM and vCard exports). */
async function exportTo(db: RapportDb, port: Runtime.Port): Promise<void> {
  const tx = db.transaction([...RECORD_STORES]);
  const totals = Object.fromEntries(
    await Promise.all(RECORD_STORES.map(async (store) => [store, await tx.objectStore(store).count()] as const)),
  );
  port.postMessage({ kind: 'meta', schemaVersion: SCHEMA_VERSION, totals });
  for (const store of RECORD_STORES) {
    // One read transaction per chunk: a long export must not hold one open while the page is busy.
    let after: string | undefined;
    for (;;) {
      const range = after === undefined ? undefined : IDBKeyRange.lowerBound(after, true);
      const records = (await db.getAll(store, range, TRANSFER_CHUNK)) as Array<{ id: string }>;
      if (records.length === 0) break;
      port.postMessage({ kind: 'chunk', store, records });
      after = records[records.length - 1]?.id;
      if (records.length < TRANSFER_CHUNK) break;
    }
  }
  port.postMessage({ kind: 'end' });
}

/**
 * Restores a backup exactly: every record of the backup is put (unchanged ones are not rewritten), and every live
 * record that is not in the backup becomes a tombstone, so the store ends up holding what the backup holds and,
 * when connected to a team, the restore syncs like any other change. One transaction: all of it, or nothing.
 */
export async function restoreBackup(
  db: RapportDb,
  stores: Record<RecordStoreName, Array<{ id: string }>>,
): Promise<{ written: number; removed: number }> {
  let written = 0;
  let removed = 0;
  await inWriteTx(db, async (w) => {
    const now = Date.now();
    for (const store of RECORD_STORES) {
      const keep = new Set(stores[store].map((record) => record.id));
      const before = w.changes.length;
      for (const record of stores[store]) await w.put(store, record as never);
      written += w.changes.length - before;
      const objectStore = w.tx.objectStore(store) as unknown as {
        getAll(): Promise<Array<{ id: string; deleted: boolean }>>;
      };
      for (const existing of await objectStore.getAll()) {
        if (keep.has(existing.id) || existing.deleted) continue;
        await w.put(store, { ...existing, deleted: true, updatedAt: now } as never);
        removed++;
      }
    }
  });
  return { written, removed };
}

function restoreFrom(db: RapportDb, port: Runtime.Port): void {
  const stores = Object.fromEntries(RECORD_STORES.map((store) => [store, [] as Array<{ id: string }>])) as Record<
    RecordStoreName,
    Array<{ id: string }>
  >;
  let received = 0;
  let failed = false;
  const reply = (message: RestoreReply) => port.postMessage(message);
  port.onMessage.addListener((raw: unknown) => {
    if (failed) return;
    const message = RestoreMessage.safeParse(raw);
    if (!message.success) {
      failed = true;
      reply({ kind: 'error', message: 'The restore sent something Rapport does not understand; nothing was changed.' });
      return;
    }
    if (message.data.kind === 'chunk') {
      const { store, records } = message.data;
      for (const [index, record] of records.entries()) {
        const valid = RECORD_SCHEMAS[store].safeParse(record);
        if (!valid.success) {
          failed = true;
          const issue = valid.error.issues[0];
          reply({
            kind: 'error',
            message: `A ${store} record (${received + index + 1}) is invalid at ${issue?.path.join('.') || 'its root'}: ${issue?.message}. Nothing was changed.`,
          });
          return;
        }
        stores[store].push(valid.data as { id: string });
      }
      received += records.length;
      reply({ kind: 'received', records: received });
      return;
    }
    if (message.data.schemaVersion > SCHEMA_VERSION) {
      reply({ kind: 'error', message: 'This backup was made by a newer version of Rapport. Nothing was changed.' });
      return;
    }
    reply({ kind: 'applying' });
    restoreBackup(db, stores).then(
      (result) => reply({ kind: 'done', ...result }),
      (error: unknown) =>
        reply({
          kind: 'error',
          message: `The restore failed and changed nothing: ${error instanceof Error ? error.message : String(error)}`,
        }),
    );
  });
}

/** Only this extension's own pages may export or restore (content scripts never open these ports). */
export function acceptTransfers(db: () => Promise<RapportDb>): void {
  browser.runtime.onConnect.addListener((port) => {
    const fromOwnPage =
      port.sender?.id === browser.runtime.id && port.sender?.url?.startsWith(browser.runtime.getURL(''));
    if (!fromOwnPage || (port.name !== EXPORT_PORT && port.name !== RESTORE_PORT)) return;
    if (port.name === EXPORT_PORT) {
      void db()
        .then((database) => exportTo(database, port))
        .catch((error: unknown) => port.postMessage({ kind: 'error', message: String(error) }));
    } else {
      void db().then((database) => restoreFrom(database, port));
    }
  });
}
