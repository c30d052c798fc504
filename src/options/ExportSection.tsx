import { useState } from 'preact/hooks';
import {
  type BackupStores,
  backupFileName,
  backupToJson,
  crmCsvChunks,
  type ExportContact,
  vcardChunks,
} from '../lib/export';
import { yieldToEventLoop } from '../lib/import';
import { download, readAllStores, type TransferProgress } from '../ui/transfer-client';
import { errorMessage } from '../ui/use-async';

type Format = 'backup' | 'hubspot' | 'salesforce' | 'vcard';

const FORMATS: Array<{ value: Format; label: string }> = [
  { value: 'backup', label: 'Full backup (JSON, restores exactly)' },
  { value: 'hubspot', label: 'CSV for HubSpot' },
  { value: 'salesforce', label: 'CSV for Salesforce' },
  { value: 'vcard', label: 'vCard 4.0 (address books)' },
];

/** Contacts with their identities and account, as the CRM and vCard exports want them. */
function exportRows(stores: BackupStores): ExportContact[] {
  const identities = new Map<string, BackupStores['identities']>();
  for (const identity of stores.identities) {
    if (!identity.contactId || identity.deleted) continue;
    identities.set(identity.contactId, [...(identities.get(identity.contactId) ?? []), identity]);
  }
  const accounts = new Map(stores.accounts.map((account) => [account.id, account]));
  return stores.contacts.map((contact) => ({
    contact,
    identities: identities.get(contact.id) ?? [],
    account: contact.accountId ? accounts.get(contact.accountId) : undefined,
  }));
}

async function collect(chunks: Iterable<string>): Promise<string[]> {
  const parts: string[] = [];
  for (const chunk of chunks) {
    parts.push(chunk);
    await yieldToEventLoop();
  }
  return parts;
}

/** Export: your own data, whenever you want it, in a format another tool reads. */
export function ExportSection() {
  const [format, setFormat] = useState<Format>('backup');
  const [progress, setProgress] = useState<TransferProgress>();
  const [message, setMessage] = useState<string>();
  const run = async () => {
    setMessage(undefined);
    setProgress({ done: 0, total: 0 });
    try {
      const { stores, schemaVersion } = await readAllStores(setProgress);
      const day = new Date().toISOString().slice(0, 10);
      if (format === 'backup') {
        download([backupToJson(stores, { schemaVersion })], backupFileName(), 'application/json');
      } else if (format === 'vcard') {
        download(await collect(vcardChunks(exportRows(stores))), `rapport-contacts-${day}.vcf`, 'text/vcard');
      } else {
        const parts = await collect(crmCsvChunks(format, exportRows(stores), { bom: true }));
        download(parts, `rapport-contacts-${format}-${day}.csv`, 'text/csv');
      }
      setMessage(`Exported ${stores.contacts.filter((c) => !c.deleted).length.toLocaleString()} contacts.`);
    } catch (e) {
      setMessage(`The export failed: ${errorMessage(e)}`);
    } finally {
      setProgress(undefined);
    }
  };
  return (
    <section aria-labelledby="export-heading">
      <h3 id="export-heading">Export</h3>
      <label>
        Format{' '}
        <select aria-label="Export format" value={format} onChange={(e) => setFormat(e.currentTarget.value as Format)}>
          {FORMATS.map((f) => (
            <option key={f.value} value={f.value}>
              {f.label}
            </option>
          ))}
        </select>
      </label>{' '}
      <button type="button" class="primary" disabled={Boolean(progress)} onClick={run}>
        Export
      </button>
      {progress && <progress aria-label="Export progress" max={Math.max(1, progress.total)} value={progress.done} />}
      {message && <p role="status">{message}</p>}
    </section>
  );
}
