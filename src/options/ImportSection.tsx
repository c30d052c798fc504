import { useState } from 'preact/hooks';
import {
  type ColumnMapping,
  type CsvInspection,
  type DecodedText,
  decodeImportSource,
  detectImportFormat,
  IMPORT_FIELD_LABELS,
  IMPORT_FIELDS,
  type ImportFormat,
  inspectCsv,
  mappingHasName,
} from '../lib/import';
import { IMPORT_PART_CHARS, type ImportStatus } from '../lib/messages';
import { ask } from '../lib/messaging-client';
import { ErrorText } from '../ui/ErrorText';
import { FilePicker } from '../ui/FilePicker';
import { errorMessage } from '../ui/use-async';

type Summary = Extract<ImportStatus, { state: 'done' }>;

/** How often the page asks for the progress of an import running in the worker. */
const POLL_MS = 150;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Import: LinkedIn's Connections.csv, any CSV (after a column-mapping step) or vCards. The page reads and decodes
 * the file, finds its format (and asks for the column mapping of a generic CSV); the worker parses and writes it,
 * batch by batch, and the page polls it for the progress bar and the summary. A file refused as a whole (wrong
 * format, missing columns…) is refused before anything is written.
 */
export function ImportSection() {
  const [progress, setProgress] = useState<{ done: number; total: number; rows: number }>();
  const [summary, setSummary] = useState<Summary>();
  const [error, setError] = useState<string>();
  const [mapping, setMapping] = useState<{ decoded: DecodedText; inspection: CsvInspection; columns: ColumnMapping }>();

  const importInWorker = async (format: ImportFormat, decoded: DecodedText, columns?: ColumnMapping) => {
    const importId = crypto.randomUUID();
    const { text } = decoded;
    for (let at = 0; at < text.length; at += IMPORT_PART_CHARS) {
      await ask<'importText'>({ type: 'importText', importId, text: text.slice(at, at + IMPORT_PART_CHARS) });
    }
    const { encoding, warnings } = decoded;
    await ask<'importStart'>({ type: 'importStart', importId, format, encoding, warnings: [...warnings], columns });
    setProgress({ done: 0, total: text.length, rows: 0 });
    try {
      for (;;) {
        const status = await ask<'importStatus'>({ type: 'importStatus', importId });
        if (status.state === 'done') return setSummary(status);
        if (status.state === 'failed') throw new Error(`The import stopped: ${status.message}`);
        setProgress(status);
        await pause(POLL_MS);
      }
    } finally {
      setProgress(undefined);
    }
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
      } else if (format === 'linkedin-connections' || format === 'vcard') {
        await importInWorker(format, decoded);
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
              await importInWorker('csv', chosen.decoded, chosen.columns);
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
        {summary.unchanged.toLocaleString()} already up to date, skipped {summary.skipped.toLocaleString()}.
      </p>
      {summary.warnings.map((warning) => (
        <p key={warning} class="muted">
          {warning}
        </p>
      ))}
      {summary.skipped > 0 && (
        <details>
          <summary>Why rows were skipped</summary>
          <ul>
            {summary.skipReasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
          {summary.skipped > summary.skipReasons.length && (
            <p class="muted">…and {(summary.skipped - summary.skipReasons.length).toLocaleString()} more.</p>
          )}
        </details>
      )}
    </div>
  );
}
