import { type CandidateDraft, type CandidateIdentity, finalizeCandidate, type RowResult } from './candidate';
import { isBlankRow, oversizedCell } from './cells';
import { ColumnMapping, type ImportField, mappingHasName, suggestMapping } from './column-mapping';
import { csvImportRun } from './csv-run';
import {
  type CsvLayout,
  type LeadingRow,
  linesIn,
  normalizeLineBreaks,
  readLeadingRows,
  sniffLayout,
} from './csv-stream';
import { type DecodedText, decodeImportSource, type ImportSource, type TextEncodingName } from './decode';
import { ImportError } from './errors';
import type { ImportOptions, ImportRun } from './run';
import { assertCsvText } from './sniff';
import { addIdentity, addProfileOrWebsite, identityFor } from './social';
import { cleanText, isEmail, quote, splitValues } from './text';

/**
 * Any CSV of contacts (an Outlook or Google export, a HubSpot list, a spreadsheet someone kept): first
 * `inspectCsv` shows its columns, a sample and a suggested mapping; the person confirms the mapping; then
 * `openGenericCsv` imports the rows with it.
 */

export interface CsvInspection {
  /** Column titles; an empty title becomes "Column 3". */
  headers: string[];
  /** The first rows under the header, as text, padded to the header's width. */
  sample: string[][];
  mapping: ColumnMapping;
  delimiter: string;
  encoding: TextEncodingName;
  warnings: readonly string[];
}

interface Located {
  decoded: DecodedText;
  text: string;
  layout: CsvLayout;
  header: LeadingRow;
  headers: string[];
}

const LEADING_ROWS = 30;

/** The header is the first row with more than one cell, which skips a preamble such as LinkedIn's "Notes:". */
function pickHeader(rows: readonly LeadingRow[]): LeadingRow | undefined {
  const filled = rows.filter((row) => !isBlankRow(row.cells));
  const wide = filled.find((row) => row.cells.length > 1);
  return wide ?? filled[0];
}

async function locate(source: ImportSource): Promise<Located> {
  const decoded = await decodeImportSource(source);
  const text = normalizeLineBreaks(decoded.text);
  assertCsvText(text);
  const layout = sniffLayout(text);
  const rows = readLeadingRows(text, layout, LEADING_ROWS);
  const header = pickHeader(rows);
  if (!header) throw new ImportError('empty', 'This file is empty: there is nothing to import.');
  const headers = header.cells.map((cell, index) => cleanText(cell.replace(/^\uFEFF/, '')) || `Column ${index + 1}`);
  return { decoded, text, layout, header, headers };
}

function notCsv(): ImportError {
  return new ImportError(
    'not_csv',
    'Rapport found no columns in this file (no commas, semicolons or tabs between values, and no column titles it knows). Is it a CSV file?',
  );
}

export async function inspectCsv(source: ImportSource, options: { sampleRows?: number } = {}): Promise<CsvInspection> {
  const { decoded, text, layout, header, headers } = await locate(source);
  const sampleRows = options.sampleRows ?? 5;
  const nextLine = header.line + linesIn(header.cells, layout.newline);
  const sample = readLeadingRows(text, layout, sampleRows * 2 + 5, header.end, nextLine)
    .filter((row) => !isBlankRow(row.cells))
    .slice(0, sampleRows)
    .map((row) => headers.map((_, index) => row.cells[index] ?? ''));
  const mapping = suggestMapping(headers, sample);
  // Nothing recognised, and no steady columns (or just one): prose, a log, a list of something else.
  if (!mapping.some(Boolean) && (headers.length === 1 || !layout.consistent)) throw notCsv();
  return {
    headers,
    sample,
    mapping,
    delimiter: layout.delimiter,
    encoding: decoded.encoding,
    warnings: decoded.warnings,
  };
}

const EMAIL_SEPARATORS = /\s*(?:[;,\s]|:::)\s*/;
const PHONE_SEPARATORS = /\s*(?:[;|\n]|:::)\s*/;
const TAG_SEPARATORS = /\s*(?:[,;|\n]|:::)\s*/;
const URL_SEPARATORS = /[\s,;|]+|:::/;

type Values = Partial<Record<ImportField, string[]>>;

function valuesOf(cells: readonly string[], mapping: ColumnMapping): Values {
  const values: Values = {};
  mapping.forEach((field, index) => {
    if (!field) return;
    const value = cleanText(cells[index] ?? '');
    if (!value) return;
    const list = values[field];
    if (list) list.push(value);
    else values[field] = [value];
  });
  return values;
}

const NETWORK_LABELS = { linkedin: 'LinkedIn', x: 'X', facebook: 'Facebook' } as const;

function rowToResult(cells: string[], mapping: ColumnMapping, headers: string[], row: number, line: number): RowResult {
  const oversized = oversizedCell(cells, headers);
  if (oversized) return { kind: 'skip', row, line, reason: oversized };
  const values = valuesOf(cells, mapping);
  const first = (field: ImportField): string | undefined => values[field]?.[0];
  const name = first('name') ?? [first('firstName'), first('lastName')].filter(Boolean).join(' ');
  if (!name) return { kind: 'skip', row, line, reason: 'no name' };
  const warnings: string[] = [];

  const emails: string[] = [];
  for (const value of (values.email ?? []).flatMap((cell) => splitValues(cell, EMAIL_SEPARATORS))) {
    const email = value.replace(/^mailto:/i, '');
    if (!isEmail(email)) warnings.push(`${quote(email)} is not an email address, so it was left out`);
    else if (!emails.some((known) => known.toLowerCase() === email.toLowerCase())) emails.push(email);
  }

  const identities: CandidateIdentity[] = [];
  for (const network of ['linkedin', 'x', 'facebook'] as const) {
    for (const value of values[network] ?? []) {
      const identity = identityFor(network, value);
      if (!identity) warnings.push(`${quote(value)} is not a ${NETWORK_LABELS[network]} profile, so it was left out`);
      addIdentity(identities, identity);
    }
  }
  // A generic URL column ("Website", "URL") holds profiles and websites: the first web address that is no profile
  // becomes the contact's website, anything else is left out without a word.
  let website: string | undefined;
  for (const value of (values.profileUrl ?? []).flatMap((cell) => cell.split(URL_SEPARATORS))) {
    const other = addProfileOrWebsite(identities, value);
    website ??= other;
  }

  const tags = (values.tags ?? [])
    .flatMap((cell) => splitValues(cell, TAG_SEPARATORS))
    // Google Contacts marks its own groups ("* myContacts", "* starred") with a star: they are not the user's tags.
    .filter((tag) => !tag.startsWith('* '));
  const company = first('company');
  const draft: CandidateDraft = {
    name,
    headline: first('headline'),
    company,
    title: first('title'),
    location: first('location'),
    website,
    accountName: company,
    identities,
    emails,
    phones: [...new Set((values.phone ?? []).flatMap((cell) => splitValues(cell, PHONE_SEPARATORS)))],
    tags: [...new Set(tags)],
    notes: (values.notes ?? []).join('\n\n'),
  };
  const result = finalizeCandidate(draft);
  if ('reason' in result) return { kind: 'skip', row, line, reason: result.reason };
  return warnings.length
    ? { kind: 'candidate', row, line, candidate: result.candidate, warnings }
    : { kind: 'candidate', row, line, candidate: result.candidate };
}

/**
 * Opens a generic CSV with a confirmed mapping (one entry per column, see `inspectCsv`). File-level problems throw
 * an ImportError before any row; rows then come in batches as the run is iterated.
 */
export async function openGenericCsv(
  source: ImportSource,
  mapping: ColumnMapping,
  options: ImportOptions = {},
): Promise<ImportRun> {
  const checked = ColumnMapping.safeParse(mapping);
  if (!checked.success || !mappingHasName(checked.data)) {
    throw new ImportError(
      'mapping',
      'Choose the column that holds each person’s name (or their first and last names): Rapport needs a name to create a contact.',
    );
  }
  const fields = checked.data;
  const { decoded, text, layout, header, headers } = await locate(source);
  return csvImportRun({
    format: 'csv',
    decoded,
    text,
    layout,
    start: header.end,
    startLine: header.line + linesIn(header.cells, layout.newline),
    options,
    toResult: (cells, row, line) => rowToResult(cells, fields, headers, row, line),
  });
}
