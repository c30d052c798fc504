import Papa from 'papaparse';
import { CHUNK_CHARS } from './limits';
import { yieldToEventLoop } from './run';

/**
 * CSV rows in chunks, parsed by papaparse. Papa.parse() on a string is all-at-once, and its pause/resume re-parses
 * the paused chunk; so this drives papaparse's own Parser the way its streamers do (parse a chunk, keep the
 * unfinished last row for the next one) and yields to the event loop between chunks. Works the same on a string
 * in Node and on a decoded File in a worker or a page.
 */

export interface CsvLayout {
  delimiter: string;
  newline: '\n' | '\r';
  /** False when no delimiter splits the first rows into a steady number of columns: prose, not a table. */
  consistent?: boolean;
}

export interface CsvRow {
  cells: string[];
  /** 1-based line of the file where the row starts (rows with quoted line breaks span several lines). */
  line: number;
  /** The row ended inside a quoted field that is never closed: its cells cannot be trusted. */
  unterminated?: boolean;
}

export interface CsvRowBatch {
  rows: CsvRow[];
  /** Offset in the text up to which rows have been read. */
  done: number;
}

interface CoreResult {
  data: string[][];
  errors: Array<{ code?: string; row?: number }>;
  meta: { cursor: number };
}

interface CoreParser {
  parse(input: string, baseIndex: number, ignoreLastRow: boolean): CoreResult;
  abort(): void;
}

function coreParser(layout: CsvLayout, step?: (result: CoreResult) => void): CoreParser {
  // Papa.Parser is papaparse's tokenizer, exported and typed; `step` receives one row with the cursor after it.
  const config: Papa.ParseConfig = { delimiter: layout.delimiter, newline: layout.newline };
  if (step) config.step = step as unknown as Papa.ParseConfig['step'];
  return new Papa.Parser(config) as unknown as CoreParser;
}

/**
 * One line-break style for the whole text: "\r\n" becomes "\n" (also inside quoted cells, where it is just a line
 * break), so a file that mixes CRLF and LF lines, as hand-edited exports do, parses row by row.
 */
export function normalizeLineBreaks(text: string): string {
  return text.includes('\r\n') ? text.replaceAll('\r\n', '\n') : text;
}

const SNIFF_CHARS = 64 * 1024;

/** The delimiter (comma, semicolon as Excel writes in much of Europe, tab, pipe) and line break of a CSV text. */
export function sniffLayout(text: string): CsvLayout {
  const newline = text.includes('\n') || !text.includes('\r') ? '\n' : '\r';
  const sample = text.slice(0, SNIFF_CHARS);
  const guess = Papa.parse<string[]>(sample, {
    preview: 30,
    newline,
    skipEmptyLines: true,
    delimitersToGuess: [',', ';', '\t', '|'],
  });
  const consistent = !guess.errors.some((error) => error.code === 'UndetectableDelimiter');
  return { delimiter: guess.meta.delimiter || ',', newline, consistent };
}

/** Lines spanned by a row: one, plus the line breaks inside its quoted cells. */
export function linesIn(cells: string[], newline: string): number {
  let lines = 1;
  for (const cell of cells) {
    let at = cell.indexOf(newline);
    while (at !== -1) {
      lines++;
      at = cell.indexOf(newline, at + 1);
    }
  }
  return lines;
}

export interface LeadingRow extends CsvRow {
  /** Offset just after the row, where the next row starts. */
  end: number;
}

/** The first rows of a text with where each ends: to find a header below a preamble, and to show a sample. */
export function readLeadingRows(text: string, layout: CsvLayout, count: number, from = 0, firstLine = 1): LeadingRow[] {
  const rows: LeadingRow[] = [];
  let line = firstLine;
  const sample = text.slice(from, from + SNIFF_CHARS * 4);
  const complete = from + sample.length >= text.length;
  const parser: CoreParser = coreParser(layout, (result) => {
    const cells = result.data[0];
    if (!cells) return;
    rows.push({ cells, line, end: from + result.meta.cursor });
    line += linesIn(cells, layout.newline);
    if (rows.length >= count) parser.abort();
  });
  parser.parse(sample, 0, !complete);
  return rows;
}

export interface CsvStreamOptions {
  /** Offset where the rows start (after a header) and that offset's line number. */
  start?: number;
  startLine?: number;
  chunkChars?: number;
}

/** All rows from `start` to the end of the text, one batch per chunk, with the event loop getting a turn between. */
export async function* csvRowBatches(
  text: string,
  layout: CsvLayout,
  options: CsvStreamOptions = {},
): AsyncGenerator<CsvRowBatch> {
  const chunkChars = Math.max(1, options.chunkChars ?? CHUNK_CHARS);
  const parser = coreParser(layout);
  let position = options.start ?? 0;
  let base = position;
  let partial = '';
  let line = options.startLine ?? 1;
  for (;;) {
    // A row longer than a chunk (a 1 MB cell, an unclosed quote) makes the next chunk as long as the carried-over
    // text, so it is re-parsed a logarithmic number of times rather than once per chunk.
    const size = Math.max(chunkChars, partial.length);
    const chunk = text.slice(position, position + size);
    position += chunk.length;
    const last = position >= text.length;
    const input = partial + chunk;
    const result = parser.parse(input, base, !last);
    partial = last ? '' : input.slice(result.meta.cursor - base);
    base = last ? text.length : result.meta.cursor;
    const unterminated = new Set(result.errors.filter((e) => e.code === 'MissingQuotes').map((e) => e.row));
    const rows: CsvRow[] = [];
    result.data.forEach((cells, index) => {
      rows.push(unterminated.has(index) ? { cells, line, unterminated: true } : { cells, line });
      line += linesIn(cells, layout.newline);
    });
    yield { rows, done: base };
    if (last) return;
    await yieldToEventLoop();
  }
}

/**
 * Rows from `start` to the end, stopping once past `limit`. Counting line breaks is enough when they are few (a
 * row has at least one); only a file with more lines than the limit is parsed to count rows exactly, since quoted
 * cells can hold line breaks.
 */
export function countRowsUpTo(text: string, layout: CsvLayout, start: number, limit: number): number {
  let lines = 0;
  for (let at = text.indexOf(layout.newline, start); at !== -1; at = text.indexOf(layout.newline, at + 1)) {
    if (++lines > limit) break;
  }
  if (lines <= limit) return lines;
  let rows = 0;
  const parser = coreParser(layout, (result) => {
    const cells = result.data[0];
    if (cells?.some((cell) => cell.trim() !== '')) rows++;
  });
  parser.parse(text.slice(start), 0, false);
  return rows;
}
