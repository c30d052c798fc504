import { useState } from 'preact/hooks';
import {
  type Candidate,
  type ColumnMapping,
  type CsvInspection,
  type DecodedText,
  decodeImportSource,
  describeSkip,
  detectImportFormat,
  IMPORT_FIELD_LABELS,
  IMPORT_FIELDS,
  type ImportRun,
  inspectCsv,
  mappingHasName,
  openGenericCsv,
  openLinkedInConnections,
  openVCard,
} from '../lib/import';
import { ask } from '../lib/messaging-client';
import { ErrorText } from '../ui/ErrorText';
import { FilePicker } from '../ui/FilePicker';
import { errorMessage } from '../ui/use-async';

interface Summary {
  added: number;
  merged: number;
  unchanged: number;
  skipped: string[];
  warnings: readonly string[];
}

const SEND_BATCH = 5000;

/**
 * Import: LinkedIn's Connections.csv, any CSV (after a column-mapping step) or vCards. The file is read here,
 * in batches with a progress bar, and each batch is saved by the worker in one transaction; a file refused as a
 * whole (wrong format, missing columns…) is refused before anything is written.
 */
export function ImportSection() {
  const [progress, setProgress] = useState<{ done: number; total: number; rows: number }>();
  const [summary, setSummary] = useState<Summary>();
  const [error, setError] = useState<string>();
  const [mapping, setMapping] = useState<{ decoded: DecodedText; inspection: CsvInspection; columns: ColumnMapping }>();

  const importRun = async (run: ImportRun) => {
    const importId = crypto.randomUUID();
    const totals: Summary = { added: 0, merged: 0, unchanged: 0, skipped: [], warnings: run.warnings };
    let pending: Candidate[] = [];
    // The worker writes one batch while this page reads the next: at most one batch waits behind the one written.
    let written: Promise<void> = Promise.resolve();
    const flush = async () => {
      if (!pending.length) return;
      const candidates = pending;
      pending = [];
      const before = written;
      const sent = ask<'importBatch'>({ type: 'importBatch', importId, candidates }).then((outcome) => {
        totals.added += outcome.added;
        totals.merged += outcome.merged;
        totals.unchanged += outcome.unchanged;
      });
      written = Promise.all([before, sent]).then(() => {});
      written.catch(() => {
        // Awaited below (next batch or the end), where a failure stops the import and is shown.
      });
      await before;
    };
    setProgress({ done: 0, total: run.total, rows: 0 });
    try {
      for await (const batch of run) {
        for (const result of batch.results) {
          if (result.kind === 'candidate') pending.push(result.candidate);
          else totals.skipped.push(describeSkip(result));
          if (pending.length >= SEND_BATCH) await flush();
        }
        setProgress(batch.progress);
      }
      await flush();
      await written;
    } finally {
      await ask<'importEnd'>({ type: 'importEnd', importId }).catch(() => {});
      setProgress(undefined);
    }
    setSummary(totals);
  };

  const start = async (file: File) => {
    setError(undefined);
    setSummary(undefined);
    setMapping(undefined);
    try {
      const decoded = await decodeImportSource(file);
      const format = detectImportFormat(decoded.text);
      if (format === 'backup') {
        setError('This is a Rapport backup: use "Restore from a backup" below to restore it.');
      } else if (format === 'linkedin-connections') {
        await importRun(await openLinkedInConnections(decoded));
      } else if (format === 'vcard') {
        await importRun(await openVCard(decoded));
      } else {
        const inspection = await inspectCsv(decoded);
        setMapping({ decoded, inspection, columns: inspection.mapping });
      }
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <section aria-labelledby="import-heading">
      <h3 id="import-heading">Import</h3>
      <p class="muted">LinkedIn's Connections.csv (from “Get a copy of your data”), any CSV of contacts, or vCards.</p>
      <FilePicker
        label="Choose a file to import"
        accept=".csv,.vcf,.vcard,text/csv,text/vcard"
        disabled={Boolean(progress)}
        onFile={(file) => void start(file)}
      />
      {mapping && (
        <MappingStep
          inspection={mapping.inspection}
          columns={mapping.columns}
          onChange={(columns) => setMapping({ ...mapping, columns })}
          onCancel={() => setMapping(undefined)}
          onConfirm={async () => {
            const chosen = mapping;
            setMapping(undefined);
            try {
              await importRun(await openGenericCsv(chosen.decoded, chosen.columns));
            } catch (e) {
              setError(errorMessage(e));
            }
          }}
        />
      )}
      {progress && (
        <div role="status" aria-label="Import progress">
          <progress max={Math.max(1, progress.total)} value={progress.done} /> {progress.rows.toLocaleString()} rows
          read
        </div>
      )}
      <ErrorText message={error} />
      {summary && <ImportSummary summary={summary} />}
    </section>
  );
}

function MappingStep({
  inspection,
  columns,
  onChange,
  onConfirm,
  onCancel,
}: {
  inspection: CsvInspection;
  columns: ColumnMapping;
  onChange(columns: ColumnMapping): void;
  onConfirm(): void;
  onCancel(): void;
}) {
  return (
    <fieldset class="mapping">
      <legend>Which column holds what?</legend>
      <table>
        <thead>
          <tr>
            <th>Column</th>
            <th>First rows</th>
            <th>Import as</th>
          </tr>
        </thead>
        <tbody>
          {inspection.headers.map((header, i) => (
            <tr key={`${header}-${i}`}>
              <td>{header}</td>
              <td class="muted">
                {inspection.sample
                  .map((row) => row[i])
                  .filter(Boolean)
                  .slice(0, 2)
                  .join(' · ')}
              </td>
              <td>
                <select
                  aria-label={`Import column ${header} as`}
                  value={columns[i] ?? ''}
                  onChange={(e) => {
                    const next = [...columns];
                    next[i] = (e.currentTarget.value || null) as ColumnMapping[number];
                    onChange(next);
                  }}
                >
                  <option value="">(skip)</option>
                  {IMPORT_FIELDS.map((field) => (
                    <option key={field} value={field}>
                      {IMPORT_FIELD_LABELS[field]}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!mappingHasName(columns) && <p class="error">Choose the column with the name (or first and last name).</p>}
      <div class="actions">
        <button type="button" class="primary" disabled={!mappingHasName(columns)} onClick={onConfirm}>
          Import
        </button>
        <button type="button" class="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </fieldset>
  );
}

function ImportSummary({ summary }: { summary: Summary }) {
  return (
    <div class="summary" role="status" aria-label="Import summary">
      <p>
        Added {summary.added.toLocaleString()}, merged {summary.merged.toLocaleString()} into existing contacts,{' '}
        {summary.unchanged.toLocaleString()} already up to date, skipped {summary.skipped.length.toLocaleString()}.
      </p>
      {summary.warnings.map((warning) => (
        <p key={warning} class="muted">
          {warning}
        </p>
      ))}
      {summary.skipped.length > 0 && (
        <details>
          <summary>Why rows were skipped</summary>
          <ul>
            {summary.skipped.slice(0, 200).map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
          {summary.skipped.length > 200 && (
            <p class="muted">…and {(summary.skipped.length - 200).toLocaleString()} more.</p>
          )}
        </details>
      )}
    </div>
  );
}
