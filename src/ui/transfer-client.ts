import browser from 'webextension-polyfill';
import type { BackupStores } from '../lib/export';
import { RECORD_STORES, type RecordStoreName } from '../lib/records';
import { EXPORT_PORT, ExportMessage, RESTORE_PORT, RestoreReply, TRANSFER_CHUNK } from '../lib/transfer';

export interface TransferProgress {
  done: number;
  total: number;
}

/** Reads every store from the worker, chunk by chunk, reporting progress; resolves with the records. */
export function readAllStores(
  onProgress: (progress: TransferProgress) => void,
): Promise<{ stores: BackupStores; schemaVersion: number }> {
  return new Promise((resolve, reject) => {
    const port = browser.runtime.connect({ name: EXPORT_PORT });
    const stores = Object.fromEntries(RECORD_STORES.map((store) => [store, [] as unknown[]])) as Record<
      RecordStoreName,
      unknown[]
    >;
    let total = 0;
    let done = 0;
    let schemaVersion = 0;
    port.onMessage.addListener((raw: unknown) => {
      const message = ExportMessage.safeParse(raw);
      if (!message.success) {
        port.disconnect();
        reject(new Error('Rapport sent an export it does not understand'));
        return;
      }
      const data = message.data;
      if (data.kind === 'meta') {
        schemaVersion = data.schemaVersion;
        total = Object.values(data.totals).reduce((sum, n) => sum + n, 0);
        onProgress({ done, total });
      } else if (data.kind === 'chunk') {
        stores[data.store].push(...data.records);
        done += data.records.length;
        onProgress({ done, total });
      } else if (data.kind === 'end') {
        port.disconnect();
        resolve({ stores: stores as unknown as BackupStores, schemaVersion });
      } else {
        port.disconnect();
        reject(new Error(data.message));
      }
    });
    port.onDisconnect.addListener(() => reject(new Error('The export stopped before it finished')));
  });
}

/** Sends a parsed backup to the worker in chunks; the worker applies it in one transaction once it has it all. */
export function restoreStores(
  stores: BackupStores,
  schemaVersion: number,
  onProgress: (progress: TransferProgress & { applying?: boolean }) => void,
): Promise<{ written: number; removed: number }> {
  return new Promise((resolve, reject) => {
    const port = browser.runtime.connect({ name: RESTORE_PORT });
    const total = RECORD_STORES.reduce((sum, store) => sum + stores[store].length, 0);
    port.onMessage.addListener((raw: unknown) => {
      const reply = RestoreReply.safeParse(raw);
      if (!reply.success) return;
      const data = reply.data;
      if (data.kind === 'received') onProgress({ done: data.records, total });
      if (data.kind === 'applying') onProgress({ done: total, total, applying: true });
      if (data.kind === 'done') {
        port.disconnect();
        resolve({ written: data.written, removed: data.removed });
      }
      if (data.kind === 'error') {
        port.disconnect();
        reject(new Error(data.message));
      }
    });
    for (const store of RECORD_STORES) {
      const records = stores[store];
      for (let i = 0; i < records.length; i += TRANSFER_CHUNK) {
        port.postMessage({ kind: 'chunk', store, records: records.slice(i, i + TRANSFER_CHUNK) });
      }
    }
    port.postMessage({ kind: 'commit', schemaVersion });
  });
}

/** Offers text as a file download, built from parts so large exports never become one giant string. */
export function download(parts: BlobPart[], fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob(parts, { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
