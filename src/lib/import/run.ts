import type { ImportedRow, RowResult, SkippedRow } from './candidate';
import type { TextEncodingName } from './decode';

/**
 * The shape every importer returns. Opening a file does all the file-level checks (encoding, format, header,
 * size) and throws an ImportError before any row is produced, so the caller can refuse a bad file before it
 * writes anything. The rows then come as batches from an async iterator, one batch per parsed chunk.
 */

export const IMPORT_FORMATS = ['linkedin-connections', 'csv', 'vcard'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export interface ImportProgress {
  /** Characters of the file read so far and in all: `done / total` is the fraction for a progress bar. */
  done: number;
  total: number;
  /** Rows (or cards) turned into results so far, for "12,000 rows read". */
  rows: number;
}

export interface ImportBatch {
  results: RowResult[];
  progress: ImportProgress;
}

export interface ImportRun extends AsyncIterable<ImportBatch> {
  readonly format: ImportFormat;
  readonly encoding: TextEncodingName;
  /** File-level notes for the summary (the encoding that was assumed, garbled letters). */
  readonly warnings: readonly string[];
  /** The file's length in characters: `progress.total`. */
  readonly total: number;
}

export interface ImportOptions {
  /** Characters parsed per batch; tests make it tiny to cross every chunk boundary. */
  chunkChars?: number;
}

/**
 * Gives the event loop a turn between batches, so a page's progress bar paints and a worker answers messages.
 * `scheduler.yield()` where it exists (Chrome 129+, in workers too); otherwise a macrotask. setTimeout is clamped
 * to 4 ms only when nested in other timers, which a chain of awaited batches is not in practice.
 */
export function yieldToEventLoop(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export interface CollectedImport {
  format: ImportFormat;
  encoding: TextEncodingName;
  warnings: readonly string[];
  imported: ImportedRow[];
  skipped: SkippedRow[];
}

/** Reads a whole run into memory: for tests and small files. Large imports should write batch by batch instead. */
export async function collectImport(run: ImportRun): Promise<CollectedImport> {
  const imported: ImportedRow[] = [];
  const skipped: SkippedRow[] = [];
  for await (const batch of run) {
    for (const result of batch.results) {
      if (result.kind === 'candidate') imported.push(result);
      else skipped.push(result);
    }
  }
  return { format: run.format, encoding: run.encoding, warnings: run.warnings, imported, skipped };
}
