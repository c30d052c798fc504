import { ImportError } from './errors';

/**
 * What kind of file a text is, from its first characters: lets the options page pick the importer itself, and lets
 * a CSV importer refuse a vCard, a backup or a web page with a message that says what the file is.
 */

export type DetectedFormat = 'linkedin-connections' | 'vcard' | 'backup' | 'csv' | 'unknown';

const CONNECTIONS_HEADER = /^\uFEFF?"?first name"?\s*[,;\t]\s*"?last name"?\s*[,;\t]/im;

export function detectImportFormat(text: string): DetectedFormat {
  const head = text
    .slice(0, 4096)
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (/^BEGIN:VCARD/i.test(head)) return 'vcard';
  if (head.startsWith('{')) return /"format"\s*:\s*"rapport-backup"/.test(head) ? 'backup' : 'unknown';
  if (head.startsWith('[') || head.startsWith('<')) return 'unknown';
  if (CONNECTIONS_HEADER.test(head)) return 'linkedin-connections';
  return 'csv';
}

/** Refuses texts that are plainly another kind of file before a CSV parser makes nonsense rows of them. */
export function assertCsvText(text: string): void {
  const head = text.slice(0, 4096).trimStart();
  const format = detectImportFormat(head);
  if (format === 'vcard') {
    throw new ImportError('not_csv', 'This is a vCard (.vcf) file, not a CSV file: import it as vCard.');
  }
  if (format === 'backup') {
    throw new ImportError('not_csv', 'This is a Rapport backup, not a CSV file: restore it from “Restore a backup”.');
  }
  if (/^<(!doctype|html|\?xml|[a-z]+[\s>])/i.test(head)) {
    throw new ImportError(
      'not_csv',
      'This is a web page or an XML file, not a CSV file. If you saved it from a browser, download the CSV file itself.',
    );
  }
  if (head.startsWith('{') || head.startsWith('[')) {
    throw new ImportError(
      'not_csv',
      'This is a JSON file, not a CSV file. Export your contacts as CSV and import that.',
    );
  }
}
