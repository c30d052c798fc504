import Papa from 'papaparse';
import { cityOf, companyOf, type ExportContact, liveIdentities } from './export-contact';
import { FORMULA_START } from './formula';
import { type SplitName, splitName } from './names';

/**
 * Contacts as CSV for the importers of HubSpot and Salesforce, with the column titles each maps on its own:
 *
 * - HubSpot's import maps a column whose title is a contact property's label: "First Name", "Last Name",
 *   "Email", "Phone Number", "Company Name", "Job Title", "City", "LinkedIn URL" (hs_linkedin_url),
 *   "Twitter Username" and "Website URL". Rapport's extra emails, tags and notes have no default property and are
 *   left out.
 * - Salesforce's Data Import Wizard maps the labels of its "Field Mapping for Other Data Sources" table:
 *   "First Name", "Last Name", "Email", "Business Phone" (Phone), "Title", "Account Name" (links or creates the
 *   account), "Mailing City" and "Contact Description" (Description, which gets the notes). Salesforce requires
 *   a last name, so a one-word name goes there.
 *
 * Every cell is escaped against formula injection (see formula.ts); papaparse quotes what needs quoting; lines end
 * in CRLF as RFC 4180 says. Files are UTF-8 without a BOM (both importers read UTF-8; pass `bom` for Excel).
 */

export type CrmTarget = 'hubspot' | 'salesforce';

interface Column {
  header: string;
  value: (row: ExportContact, name: SplitName) => string;
}

const firstEmail = (row: ExportContact) => row.contact.emails[0] ?? '';
const firstPhone = (row: ExportContact) => row.contact.phones[0] ?? '';
const linkedinUrl = (row: ExportContact) =>
  liveIdentities(row).find(
    (identity) => identity.network === 'linkedin' && identity.profileKey.startsWith('linkedin:in/'),
  )?.url ?? '';
const xHandle = (row: ExportContact) =>
  liveIdentities(row).find((identity) => identity.network === 'x' && identity.handle)?.handle ?? '';

export const CRM_COLUMNS: Record<CrmTarget, readonly Column[]> = {
  hubspot: [
    { header: 'First Name', value: (_, name) => name.first },
    { header: 'Last Name', value: (_, name) => name.last },
    { header: 'Email', value: firstEmail },
    { header: 'Phone Number', value: firstPhone },
    { header: 'Company Name', value: companyOf },
    { header: 'Job Title', value: (row) => row.contact.title ?? '' },
    { header: 'City', value: (row) => cityOf(row.contact) },
    { header: 'LinkedIn URL', value: linkedinUrl },
    { header: 'Twitter Username', value: xHandle },
    { header: 'Website URL', value: (row) => row.contact.website ?? '' },
  ],
  salesforce: [
    { header: 'First Name', value: (_, name) => (name.last ? name.first : '') },
    { header: 'Last Name', value: (_, name) => name.last || name.first },
    { header: 'Email', value: firstEmail },
    { header: 'Business Phone', value: firstPhone },
    { header: 'Title', value: (row) => row.contact.title ?? '' },
    { header: 'Account Name', value: companyOf },
    { header: 'Mailing City', value: (row) => cityOf(row.contact) },
    { header: 'Contact Description', value: (row) => row.contact.notes },
  ],
};

export interface CsvExportOptions {
  /** Rows per chunk of text; each chunk is a moment of work, so the caller can report progress between them. */
  rowsPerChunk?: number;
  /** Start with a UTF-8 byte order mark, which Excel needs to read accents right. */
  bom?: boolean;
}

function unparse(fields: string[] | false, data: string[][]): string {
  const text = Papa.unparse(fields ? { fields, data } : data, {
    newline: '\r\n',
    escapeFormulae: FORMULA_START,
    header: Boolean(fields),
  });
  // Papa ends a header-only table with a line break and a table of rows without one: end every part with one.
  return text ? `${text.replace(/\r\n$/, '')}\r\n` : '';
}

/**
 * The CSV in chunks (header first): join them, or hand them to `new Blob(chunks)`. Deleted contacts are left out.
 */
export function* crmCsvChunks(
  target: CrmTarget,
  rows: Iterable<ExportContact>,
  options: CsvExportOptions = {},
): Generator<string> {
  const columns = CRM_COLUMNS[target];
  const perChunk = Math.max(1, options.rowsPerChunk ?? 2000);
  yield (options.bom ? '\uFEFF' : '') +
    unparse(
      columns.map((column) => column.header),
      [],
    );
  let data: string[][] = [];
  for (const row of rows) {
    if (row.contact.deleted) continue;
    const name = splitName(row.contact.name);
    data.push(columns.map((column) => column.value(row, name)));
    if (data.length >= perChunk) {
      yield unparse(false, data);
      data = [];
    }
  }
  if (data.length) yield unparse(false, data);
}

export function toCrmCsv(target: CrmTarget, rows: Iterable<ExportContact>, options: CsvExportOptions = {}): string {
  return [...crmCsvChunks(target, rows, options)].join('');
}
