/**
 * Importing contacts from files: LinkedIn's Connections.csv, any CSV with a column mapping, vCard 3.0/4.0. Pure
 * (no chrome, DOM or IndexedDB), so the same code runs in the worker, on the options page and in Node tests.
 *
 *   const run = await openLinkedInConnections(file);        // throws ImportError for a bad file, before any row
 *   for await (const { results, progress } of run) { … }    // batches of candidates and skips, with progress
 *
 * Then, per candidate: look its `matchKeys` up among the stored contacts' `contactMatchKeys`, and either
 * `mergeCandidateIntoContact` or `candidateToRecords`.
 */
export {
  Candidate,
  type CandidateDraft,
  CandidateIdentity,
  describeSkip,
  type ImportedRow,
  type RowResult,
  type SkippedRow,
} from './candidate';
export {
  ColumnMapping,
  foldHeader,
  IMPORT_FIELD_LABELS,
  IMPORT_FIELDS,
  ImportField,
  mappingHasName,
  suggestMapping,
} from './column-mapping';
export {
  type DecodedText,
  decodeBytes,
  decodeImportSource,
  type ImportSource,
  TEXT_ENCODINGS,
  type TextEncodingName,
} from './decode';
export { IMPORT_ERROR_CODES, ImportError, type ImportErrorCode, isImportError } from './errors';
export { type CsvInspection, inspectCsv, openGenericCsv } from './generic-csv';
export { MAX_CELL_CHARS, MAX_FILE_BYTES, MAX_ROWS } from './limits';
export { CONNECTIONS_COLUMNS, openLinkedInConnections } from './linkedin-connections';
export {
  contactMatchKeys,
  emailKey,
  foldCompany,
  foldName,
  isStrongKey,
  matchKeys,
  mayMergeOn,
  nameKey,
} from './match-keys';
export {
  candidateToRecords,
  type MergeOptions,
  type MergeResult,
  mergeCandidateIntoContact,
  type NewContactOptions,
} from './merge-candidate';
export {
  type CollectedImport,
  collectImport,
  IMPORT_FORMATS,
  type ImportBatch,
  type ImportFormat,
  type ImportOptions,
  type ImportProgress,
  type ImportRun,
  yieldToEventLoop,
} from './run';
export { type DetectedFormat, detectImportFormat } from './sniff';
export { openVCard } from './vcard';
