/**
 * Exporting: CSV for HubSpot's and Salesforce's importers, vCard 4.0, and the full JSON backup with its parser.
 * Pure (no chrome, DOM or IndexedDB): the caller reads the stores, these make the file's text, in chunks where a
 * file can be large so the caller can show progress and build a Blob from the parts.
 */
export {
  BACKUP_FORMAT,
  Backup,
  type BackupOptions,
  type BackupProgress,
  BackupStores,
  backupFileName,
  backupToJson,
  makeBackup,
  parseBackup,
  parseBackupAsync,
} from './backup';
export { CRM_COLUMNS, type CrmTarget, type CsvExportOptions, crmCsvChunks, toCrmCsv } from './crm-csv';
export { cityOf, companyOf, type ExportContact } from './export-contact';
export { escapeFormula, FORMULA_START } from './formula';
export { type SplitName, splitName } from './names';
export { contactToVCard, escapeText, foldLine, toVCardFile, vcardChunks } from './vcard';
