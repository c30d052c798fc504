import { useState } from 'preact/hooks';
import { type Backup, parseBackupAsync } from '../lib/export';
import { ask } from '../lib/messaging-client';
import { ErrorText } from '../ui/ErrorText';
import { FilePicker } from '../ui/FilePicker';
import { restoreStores } from '../ui/transfer-client';
import { errorMessage } from '../ui/use-async';

/**
 * Restore from a full JSON backup. The file is checked completely first (a backup from a newer Rapport, or with
 * one bad record, is refused and nothing changes); then, once confirmed, the store is made to hold exactly what
 * the backup holds, in one transaction.
 */
export function RestoreSection({ onRestored }: { onRestored(): void }) {
  const [backup, setBackup] = useState<Backup>();
  const [progress, setProgress] = useState<{ done: number; total: number; label: string }>();
  const [message, setMessage] = useState<string>();
  const [error, setError] = useState<string>();

  const check = async (file: File) => {
    setError(undefined);
    setMessage(undefined);
    setBackup(undefined);
    try {
      const { version } = await ask<'schemaVersion'>({ type: 'schemaVersion' });
      setProgress({ done: 0, total: 1, label: 'Checking the backup' });
      const parsed = await parseBackupAsync(await file.text(), version, {
        onProgress: ({ done, total }) => setProgress({ done, total, label: 'Checking the backup' }),
      });
      setBackup(parsed);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setProgress(undefined);
    }
  };

  const restore = async (chosen: Backup) => {
    setBackup(undefined);
    try {
      const result = await restoreStores(chosen.stores, chosen.schemaVersion, ({ done, total, applying }) =>
        setProgress({ done, total, label: applying ? 'Restoring' : 'Sending' }),
      );
      setMessage(
        `Restored: ${result.written.toLocaleString()} records written, ${result.removed.toLocaleString()} removed.`,
      );
      onRestored();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setProgress(undefined);
    }
  };

  return (
    <section aria-labelledby="restore-heading">
      <h3 id="restore-heading">Restore from a backup</h3>
      <FilePicker
        label="Choose a backup to restore"
        accept=".json,application/json"
        disabled={Boolean(progress)}
        onFile={(file) => void check(file)}
      />
      {progress && (
        <div role="status" aria-label="Restore progress">
          <progress max={Math.max(1, progress.total)} value={progress.done} /> {progress.label}…
        </div>
      )}
      {backup && (
        <div class="confirm">
          <p>
            This backup from {new Date(backup.exportedAt).toLocaleString()} holds{' '}
            {backup.stores.contacts.length.toLocaleString()} contacts,{' '}
            {backup.stores.interactions.length.toLocaleString()} interactions and{' '}
            {backup.stores.tasks.length.toLocaleString()} follow-ups. Restoring makes Rapport hold exactly this:
            anything saved since is removed.
          </p>
          <button type="button" class="danger" onClick={() => restore(backup)}>
            Restore this backup
          </button>{' '}
          <button type="button" class="secondary" onClick={() => setBackup(undefined)}>
            Cancel
          </button>
        </div>
      )}
      <ErrorText message={error} />
      {message && <p role="status">{message}</p>}
    </section>
  );
}
