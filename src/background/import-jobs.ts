import { RapportError } from '../lib/errors';
import {
  type Candidate,
  type ColumnMapping,
  type DecodedText,
  describeSkip,
  type ImportFormat,
  type ImportRun,
  isImportError,
  MAX_FILE_BYTES,
  openGenericCsv,
  openLinkedInConnections,
  openVCard,
  type TextEncodingName,
} from '../lib/import';
import { type ImportStatus, SKIP_REASONS_SHOWN } from '../lib/messages';
import type { RapportDb } from './db';
import { endImport, importBatch } from './importer';

/**
 * Imports run here, in the worker that owns the data: the options page sends the file's text (in parts, as a
 * message carries at most so much) and the format it detected, then polls for progress. Parsing where the records
 * are written costs one copy of the text instead of every row travelling as an object through the browser's
 * messaging and being validated again on arrival (measured at 100,000 rows: the extension's CPU beyond a bare put
 * down from about 11 s to 9 s). The page's polls also keep the worker alive for as long as the import runs.
 */

interface Job {
  parts: string[];
  chars: number;
  status?: ImportStatus;
  touched: number;
}

/** Candidates written per transaction: the table of what is known is built once, each batch is one commit. */
const WRITE_BATCH = 5000;
/** A job nobody asked about for this long was abandoned (its page closed): its text and summary are dropped. */
const JOB_IDLE_MS = 5 * 60_000;

const jobs = new Map<string, Job>();

function job(importId: string): Job {
  const now = Date.now();
  for (const [id, old] of jobs) if (now - old.touched > JOB_IDLE_MS) jobs.delete(id);
  let current = jobs.get(importId);
  if (!current) {
    current = { parts: [], chars: 0, touched: now };
    jobs.set(importId, current);
  }
  current.touched = now;
  return current;
}

const tooLarge = () =>
  new RapportError('bad_request', `A file to import may hold up to ${MAX_FILE_BYTES.toLocaleString('en')} characters.`);

export function receiveImportText(importId: string, text: string): void {
  const current = job(importId);
  if (current.status) throw new RapportError('conflict', 'This import has already started');
  if (current.chars + text.length > MAX_FILE_BYTES) {
    jobs.delete(importId);
    throw tooLarge();
  }
  current.parts.push(text);
  current.chars += text.length;
}

export interface ImportRequest {
  importId: string;
  format: ImportFormat;
  encoding: TextEncodingName;
  warnings: readonly string[];
  columns?: ColumnMapping;
}

function openRun(format: ImportFormat, decoded: DecodedText, columns: ColumnMapping | undefined): Promise<ImportRun> {
  if (format === 'linkedin-connections') return openLinkedInConnections(decoded);
  if (format === 'vcard') return openVCard(decoded);
  if (!columns) throw new RapportError('bad_request', 'A CSV import needs its column mapping');
  return openGenericCsv(decoded, columns);
}

/**
 * Opens the text received for `importId` and starts writing it. A file refused as a whole (wrong columns, too
 * many rows…) is refused here, before anything is written, with the message the person will read.
 */
export async function startImport(db: RapportDb, request: ImportRequest, owner?: string): Promise<void> {
  const current = job(request.importId);
  if (current.status) throw new RapportError('conflict', 'This import has already started');
  const decoded: DecodedText = {
    text: current.parts.join(''),
    encoding: request.encoding,
    warnings: request.warnings,
  };
  current.parts = [];
  let run: ImportRun;
  try {
    run = await openRun(request.format, decoded, request.columns);
  } catch (error) {
    jobs.delete(request.importId);
    if (isImportError(error)) throw new RapportError('bad_request', error.message);
    throw error;
  }
  current.status = { state: 'running', done: 0, total: run.total, rows: 0 };
  void write(db, request.importId, run, owner).then(
    (status) => {
      current.status = status;
    },
    (error: unknown) => {
      current.status = { state: 'failed', message: error instanceof Error ? error.message : String(error) };
    },
  );
}

/** Reads the run batch by batch and writes its candidates, one batch written while the next is parsed. */
async function write(db: RapportDb, importId: string, run: ImportRun, owner?: string): Promise<ImportStatus> {
  const current = job(importId);
  const totals = { added: 0, merged: 0, unchanged: 0 };
  let skipped = 0;
  const skipReasons: string[] = [];
  const unit = run.format === 'vcard' ? 'card' : 'row';
  let pending: Candidate[] = [];
  let written: Promise<void> = Promise.resolve();
  const flush = async () => {
    if (!pending.length) return;
    const candidates = pending;
    pending = [];
    // At most one batch waits behind the one being written, so a fast parser does not hold the whole file as objects.
    await written;
    written = importBatch(db, importId, candidates, owner).then((outcome) => {
      totals.added += outcome.added;
      totals.merged += outcome.merged;
      totals.unchanged += outcome.unchanged;
    });
    written.catch(() => {
      // Awaited at the next flush or at the end, where the failure ends the import.
    });
  };
  try {
    for await (const batch of run) {
      for (const result of batch.results) {
        if (result.kind === 'candidate') pending.push(result.candidate);
        else if (skipped++ < SKIP_REASONS_SHOWN) skipReasons.push(describeSkip(result, unit));
        if (pending.length >= WRITE_BATCH) await flush();
      }
      current.status = { state: 'running', ...batch.progress };
    }
    await flush();
    await written;
  } finally {
    endImport(importId);
  }
  return { state: 'done', ...totals, skipped, skipReasons, warnings: [...run.warnings] };
}

/** Where the import is; a finished one is forgotten once its page has read the outcome. */
export function importStatus(importId: string): ImportStatus {
  const current = jobs.get(importId);
  if (!current?.status) throw new RapportError('not_found', 'No such import: it may have been interrupted');
  current.touched = Date.now();
  if (current.status.state !== 'running') jobs.delete(importId);
  return current.status;
}
