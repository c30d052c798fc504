import type { RowResult } from './candidate';
import { isBlankRow, UNTERMINATED_REASON } from './cells';
import { type CsvLayout, countRowsUpTo, csvRowBatches } from './csv-stream';
import type { DecodedText } from './decode';
import { ImportError } from './errors';
import { MAX_ROWS } from './limits';
import type { ImportBatch, ImportFormat, ImportOptions, ImportRun } from './run';
import { formatCount } from './text';

/** What the CSV importers share once their header is known: the row limit, blank rows, numbering, batching. */

export interface CsvRunSpec {
  format: ImportFormat;
  decoded: DecodedText;
  /** The decoded text with line breaks normalized, as the header was found in it. */
  text: string;
  layout: CsvLayout;
  /** Offset and line number of the first row under the header. */
  start: number;
  startLine: number;
  options: ImportOptions;
  toResult: (cells: string[], row: number, line: number) => RowResult;
}

/** Throws before any row is read when the file has more data rows than one import takes. */
function assertRowLimit(spec: CsvRunSpec): void {
  if (countRowsUpTo(spec.text, spec.layout, spec.start, MAX_ROWS) <= MAX_ROWS) return;
  throw new ImportError(
    'too_many_rows',
    `This file has more than ${formatCount(MAX_ROWS)} rows; Rapport imports up to ${formatCount(MAX_ROWS)} at a time. Split it into smaller files and import them one by one.`,
  );
}

export function csvImportRun(spec: CsvRunSpec): ImportRun {
  assertRowLimit(spec);
  const { text, layout, toResult } = spec;
  async function* batches(): AsyncGenerator<ImportBatch> {
    let row = 0;
    const stream = csvRowBatches(text, layout, {
      start: spec.start,
      startLine: spec.startLine,
      chunkChars: spec.options.chunkChars,
    });
    for await (const batch of stream) {
      const results: RowResult[] = [];
      for (const csvRow of batch.rows) {
        // Blank lines are layout, not people: they get no row number and no report.
        if (isBlankRow(csvRow.cells)) continue;
        row++;
        results.push(
          csvRow.unterminated
            ? { kind: 'skip', row, line: csvRow.line, reason: UNTERMINATED_REASON }
            : toResult(csvRow.cells, row, csvRow.line),
        );
      }
      yield { results, progress: { done: batch.done, total: text.length, rows: row } };
    }
  }
  return {
    format: spec.format,
    encoding: spec.decoded.encoding,
    warnings: spec.decoded.warnings,
    total: text.length,
    [Symbol.asyncIterator]: batches,
  };
}
