/**
 * Why a whole file cannot be imported. Problems with one row or one card are not errors: they are skips in the
 * per-row report, so one bad line never costs a person the other 4,999.
 */
export const IMPORT_ERROR_CODES = [
  'empty',
  'too_large',
  'too_many_rows',
  'binary',
  'not_csv',
  'missing_columns',
  'mapping',
  'not_vcard',
  'backup_not_json',
  'backup_not_rapport',
  'backup_newer',
  'backup_invalid',
] as const;
export type ImportErrorCode = (typeof IMPORT_ERROR_CODES)[number];

/** A file-level problem with a message written for the person who chose the file; `code` is for the caller to branch on. */
export class ImportError extends Error {
  constructor(
    readonly code: ImportErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ImportError';
  }
}

export function isImportError(error: unknown): error is ImportError {
  return error instanceof ImportError;
}
