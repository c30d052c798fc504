import { finalizeCandidate, type RowResult } from './candidate';
import { headerKey, oversizedCell } from './cells';
import { csvImportRun } from './csv-run';
import { type CsvLayout, linesIn, normalizeLineBreaks, readLeadingRows, sniffLayout } from './csv-stream';
import { parseImportDate } from './dates';
import { decodeImportSource, type ImportSource } from './decode';
import { ImportError } from './errors';
import type { ImportOptions, ImportRun } from './run';
import { assertCsvText } from './sniff';
import { identityFor } from './social';
import { cleanText, isEmail, quote } from './text';

/**
 * LinkedIn's own data export, Connections.csv. It opens with a "Notes:" preamble (a quoted paragraph with commas
 * and a blank line), then `First Name,Last Name,URL,Email Address,Company,Position,Connected On`. The header is
 * found wherever it is, columns are taken by name (so added or reordered columns do no harm), and the profile URL
 * becomes the LinkedIn profile key.
 */

export const CONNECTIONS_COLUMNS = [
  'First Name',
  'Last Name',
  'URL',
  'Email Address',
  'Company',
  'Position',
  'Connected On',
] as const;
type Column = (typeof CONNECTIONS_COLUMNS)[number];

/** Without these a row is not a connection we can recognise again; the others may be absent. */
const REQUIRED: readonly Column[] = ['First Name', 'Last Name', 'URL'];

/** Rows scanned for the header: the preamble is three lines today; room for LinkedIn to write more. */
const HEADER_SEARCH_ROWS = 40;

interface Header {
  layout: CsvLayout;
  cells: string[];
  columns: Map<Column, number>;
  end: number;
  nextLine: number;
}

function columnsOf(cells: readonly string[]): Map<Column, number> {
  const columns = new Map<Column, number>();
  const keys = cells.map(headerKey);
  for (const column of CONNECTIONS_COLUMNS) {
    const index = keys.indexOf(column.toLowerCase());
    if (index !== -1) columns.set(column, index);
  }
  return columns;
}

function notConnections(missing: readonly Column[]): ImportError {
  const names = missing.map((column) => `'${column}'`);
  const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : names[0];
  return new ImportError('missing_columns', `This file has no ${list} column: is it LinkedIn's Connections.csv?`);
}

function findHeader(text: string): Header {
  const sniffed = sniffLayout(text);
  // LinkedIn writes commas; a file opened and saved again by Excel in much of Europe has semicolons instead.
  const delimiters = [...new Set([',', sniffed.delimiter, ';', '\t'])];
  let best: { header: Header; found: number } | null = null;
  for (const delimiter of delimiters) {
    const layout: CsvLayout = { delimiter, newline: sniffed.newline };
    for (const row of readLeadingRows(text, layout, HEADER_SEARCH_ROWS)) {
      const columns = columnsOf(row.cells);
      // Two known names make a header; the preamble's prose never holds two of them as whole cells.
      if (columns.size < 2 || (best && best.found >= columns.size)) continue;
      const nextLine = row.line + linesIn(row.cells, layout.newline);
      best = { header: { layout, cells: row.cells, columns, end: row.end, nextLine }, found: columns.size };
      break;
    }
    if (best?.found === CONNECTIONS_COLUMNS.length) break;
  }
  if (!best) throw notConnections(['First Name']);
  const missing = REQUIRED.filter((column) => !best.header.columns.has(column));
  if (missing.length) throw notConnections(missing);
  return best.header;
}

function cellOf(cells: readonly string[], header: Header, column: Column): string {
  const index = header.columns.get(column);
  return index === undefined ? '' : cleanText(cells[index] ?? '');
}

function rowToResult(cells: string[], header: Header, row: number, line: number): RowResult {
  const oversized = oversizedCell(cells, header.cells);
  if (oversized) return { kind: 'skip', row, line, reason: oversized };
  const first = cellOf(cells, header, 'First Name');
  const last = cellOf(cells, header, 'Last Name');
  const name = first && last ? `${first} ${last}` : first || last;
  if (!name) return { kind: 'skip', row, line, reason: 'no name (both First Name and Last Name are empty)' };
  const url = cellOf(cells, header, 'URL');
  const identity = url ? identityFor('linkedin', url) : null;
  // A connection without a URL is still a person worth keeping; a URL that is not a profile means a broken row.
  if (url && !identity) return { kind: 'skip', row, line, reason: `not a LinkedIn profile URL: ${quote(url)}` };
  const email = cellOf(cells, header, 'Email Address');
  const emailOk = email !== '' && isEmail(email);
  const company = cellOf(cells, header, 'Company') || undefined;
  const result = finalizeCandidate({
    name,
    company,
    title: cellOf(cells, header, 'Position') || undefined,
    accountName: company,
    identities: identity ? [identity] : [],
    emails: emailOk ? [email] : [],
    phones: [],
    tags: [],
    notes: '',
    connectedOn: parseImportDate(cellOf(cells, header, 'Connected On')),
  });
  if ('reason' in result) return { kind: 'skip', row, line, reason: result.reason };
  if (email && !emailOk) {
    const warnings = [`the email address ${quote(email)} is not one, so it was left out`];
    return { kind: 'candidate', row, line, candidate: result.candidate, warnings };
  }
  return { kind: 'candidate', row, line, candidate: result.candidate };
}

/**
 * Opens a Connections.csv: checks encoding, header and size (throwing an ImportError before any row), then reads
 * its rows in batches as the run is iterated.
 */
export async function openLinkedInConnections(source: ImportSource, options: ImportOptions = {}): Promise<ImportRun> {
  const decoded = await decodeImportSource(source);
  const text = normalizeLineBreaks(decoded.text);
  assertCsvText(text);
  const header = findHeader(text);
  return csvImportRun({
    format: 'linkedin-connections',
    decoded,
    text,
    layout: header.layout,
    start: header.end,
    startLine: header.nextLine,
    options,
    toResult: (cells, row, line) => rowToResult(cells, header, row, line),
  });
}
