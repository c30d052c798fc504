import { z } from 'zod';
import { ImportError } from '../import/errors';
import { yieldToEventLoop } from '../import/run';
import { formatCount } from '../import/text';
import { lazySchema } from '../lazy-schema';
import { Account, Contact, Interaction, RECORD_SCHEMAS, type RecordStoreName, SocialIdentity, Task } from '../records';

/**
 * The full JSON backup: every record of every store, with the IndexedDB schema version that wrote it, so a restore
 * can refuse what it does not understand. Every record is validated with its own schema before anything is
 * restored; a backup from a newer Rapport is refused whole rather than restored with fields dropped.
 */

export const BACKUP_FORMAT = 'rapport-backup';

export const BackupStores = lazySchema(() =>
  z.object({
    contacts: z.array(Contact).default([]),
    accounts: z.array(Account).default([]),
    identities: z.array(SocialIdentity).default([]),
    interactions: z.array(Interaction).default([]),
    tasks: z.array(Task).default([]),
  }),
);
export type BackupStores = z.infer<typeof BackupStores>;

export const Backup = lazySchema(() =>
  z.object({
    format: z.literal(BACKUP_FORMAT),
    schemaVersion: z.number().int().min(1),
    exportedAt: z.iso.datetime(),
    stores: BackupStores,
  }),
);
export type Backup = z.infer<typeof Backup>;

export interface BackupOptions {
  /** The IndexedDB schema version of the store being exported (SCHEMA_VERSION in src/background/db.ts). */
  schemaVersion: number;
  now?: Date;
}

export function makeBackup(stores: BackupStores, options: BackupOptions): Backup {
  return {
    format: BACKUP_FORMAT,
    schemaVersion: options.schemaVersion,
    exportedAt: (options.now ?? new Date()).toISOString(),
    stores,
  };
}

/** The backup file's text: compact JSON (a 100,000-contact backup is tens of megabytes already). */
export function backupToJson(stores: BackupStores, options: BackupOptions): string {
  return JSON.stringify(makeBackup(stores, options));
}

/** "rapport-backup-2025-07-26.json" */
export function backupFileName(now = new Date()): string {
  return `rapport-backup-${now.toISOString().slice(0, 10)}.json`;
}

const STORE_LABELS: Record<RecordStoreName, string> = {
  contacts: 'contact',
  accounts: 'account',
  identities: 'profile',
  interactions: 'interaction',
  tasks: 'follow-up',
};

const MAX_REPORTED = 5;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(problems: string[], total: number): ImportError {
  const more = total > problems.length ? ` (and ${formatCount(total - problems.length)} more)` : '';
  return new ImportError(
    'backup_invalid',
    `This backup cannot be restored because it is damaged: ${problems.join('; ')}${more}. Nothing was changed.`,
  );
}

function describeRecordIssue(store: RecordStoreName, index: number, record: unknown, issue: z.core.$ZodIssue): string {
  const id = isRecord(record) && typeof record.id === 'string' ? ` (id ${record.id.slice(0, 36)})` : '';
  const field = issue.path.length ? `field “${issue.path.join('.')}”` : 'the record';
  return `${STORE_LABELS[store]} ${formatCount(index + 1)}${id}: ${field}: ${issue.message}`;
}

export interface BackupProgress {
  /** Records validated so far and in all. */
  done: number;
  total: number;
}

/**
 * The checks of a backup, as steps: it yields after every `sliceSize` records so the async form can let the event
 * loop run and show progress, and returns the backup (or throws an ImportError) at the end.
 */
function* parseSteps(text: string, currentSchemaVersion: number, sliceSize: number): Generator<BackupProgress, Backup> {
  if (text.trim() === '') throw new ImportError('empty', 'This file is empty: there is nothing to restore.');
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new ImportError(
      'backup_not_json',
      'This file is not a Rapport backup: it is not JSON (or it was cut off while saving). Choose the .json file Rapport made.',
    );
  }
  if (!isRecord(raw) || raw.format !== BACKUP_FORMAT) {
    throw new ImportError(
      'backup_not_rapport',
      'This file is not a Rapport backup (it lacks the "format": "rapport-backup" mark). Choose the .json file Rapport made.',
    );
  }
  const version = raw.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw invalid(['its schema version is missing or not a whole number'], 1);
  }
  // Checked before the records: a newer schema's records may not fit this version's schemas, and saying "update
  // Rapport" is the useful answer, not a list of fields.
  if (version > currentSchemaVersion) {
    throw new ImportError(
      'backup_newer',
      `This backup was made by a newer version of Rapport (schema ${version}); this version understands up to schema ${currentSchemaVersion}. Update Rapport, then restore.`,
    );
  }
  // Schema 1 is the first: an older backup has nothing to upgrade yet. When a version changes a record's shape,
  // the step that lifts older backups' records to it goes here, before they are validated with today's schemas.
  const problems: string[] = [];
  let failures = 0;
  const report = (problem: string) => {
    failures++;
    if (problems.length < MAX_REPORTED) problems.push(problem);
  };
  if (typeof raw.exportedAt !== 'string' || !z.iso.datetime().safeParse(raw.exportedAt).success) {
    report('its export date is missing or not a date');
  }
  const stores = isRecord(raw.stores) ? raw.stores : undefined;
  if (!stores) throw invalid(['it has no "stores" with records'], 1);
  const names = Object.keys(RECORD_SCHEMAS) as RecordStoreName[];
  const total = names.reduce((sum, store) => {
    const records = stores[store];
    return sum + (Array.isArray(records) ? records.length : 0);
  }, 0);
  const parsed: Record<string, unknown[]> = {};
  let done = 0;
  for (const store of names) {
    const records: unknown = stores[store] ?? [];
    if (!Array.isArray(records)) {
      report(`its ${store} are not a list`);
      continue;
    }
    const schema = RECORD_SCHEMAS[store];
    const ids = new Set<string>();
    const valid: unknown[] = [];
    for (let index = 0; index < records.length; index++) {
      const record: unknown = records[index];
      const result = schema.safeParse(record);
      if (!result.success) {
        for (const issue of result.error.issues) report(describeRecordIssue(store, index, record, issue));
      } else {
        // Restoring puts records by id: a second record with one id would silently replace the first.
        if (ids.has(result.data.id)) {
          report(`${STORE_LABELS[store]} ${formatCount(index + 1)}: its id ${result.data.id} appears twice`);
        }
        ids.add(result.data.id);
        valid.push(result.data);
      }
      if (++done % sliceSize === 0) yield { done, total };
    }
    parsed[store] = valid;
  }
  if (failures) throw invalid(problems, failures);
  return {
    format: BACKUP_FORMAT,
    schemaVersion: version,
    exportedAt: raw.exportedAt as string,
    stores: parsed as BackupStores,
  };
}

/**
 * Reads a backup file, validating every record. Throws an ImportError (codes backup_not_json, backup_not_rapport,
 * backup_newer, backup_invalid, empty) with a message to show as it is; returns the backup otherwise. Backups
 * from this or an older schema version are accepted: a store an older version did not have is empty.
 */
export function parseBackup(text: string, currentSchemaVersion: number): Backup {
  const steps = parseSteps(text, currentSchemaVersion, Number.POSITIVE_INFINITY);
  for (let step = steps.next(); ; step = steps.next()) if (step.done) return step.value;
}

/**
 * The same, for large backups: validates a slice of records at a time, giving the event loop a turn and
 * reporting progress between slices (JSON.parse itself is one step that cannot be divided).
 */
export async function parseBackupAsync(
  text: string,
  currentSchemaVersion: number,
  options: { onProgress?: (progress: BackupProgress) => void; sliceSize?: number } = {},
): Promise<Backup> {
  const steps = parseSteps(text, currentSchemaVersion, Math.max(1, options.sliceSize ?? 2000));
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) return step.value;
    options.onProgress?.(step.value);
    await yieldToEventLoop();
  }
}
