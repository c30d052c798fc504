import { describe, expect, it } from 'vitest';
import { type BackupStores, backupFileName, backupToJson, parseBackup, parseBackupAsync } from '../../src/lib/export';
import { newId } from '../../src/lib/ids';
import { ImportError } from '../../src/lib/import';
import { Account, Contact, Interaction, SocialIdentity, Task } from '../../src/lib/records';

const NOW = Date.UTC(2025, 6, 26, 10, 11, 12);
const EXPORTED = new Date(NOW);

function stores(): BackupStores {
  const base = () => ({ id: newId(), createdAt: NOW, updatedAt: NOW });
  const account = Account.parse({ ...base(), name: 'Northwind Analytics', relationship: 'customer', stage: 'won' });
  const jane = Contact.parse({
    ...base(),
    name: 'Jane Doe',
    headline: 'Head of Procurement at Northwind Analytics',
    company: 'Northwind Analytics',
    accountId: account.id,
    owner: 'Alex',
    tags: ['Customers'],
    notes: 'Line one\nLine “two” — ünïcödé 🚀',
    emails: ['jane.doe@northwind.example'],
  });
  const gone = Contact.parse({ ...base(), name: 'Removed Person', deleted: true });
  return {
    contacts: [jane, gone],
    accounts: [account],
    identities: [
      SocialIdentity.parse({
        ...base(),
        network: 'linkedin',
        profileKey: 'linkedin:in/jane-doe-4a1b2c',
        url: 'https://www.linkedin.com/in/jane-doe-4a1b2c/',
        contactId: jane.id,
      }),
    ],
    interactions: [
      Interaction.parse({
        ...base(),
        contactId: jane.id,
        type: 'call',
        channel: 'phone',
        occurredAt: NOW - 86_400_000,
        summary: 'Discovery call',
        outcome: 'Wants a proposal',
      }),
    ],
    tasks: [Task.parse({ ...base(), contactId: jane.id, title: 'Send proposal', dueAt: NOW + 86_400_000 })],
  };
}

function refusal(text: string, currentSchemaVersion = 1): ImportError {
  try {
    parseBackup(text, currentSchemaVersion);
  } catch (error) {
    expect(error).toBeInstanceOf(ImportError);
    return error as ImportError;
  }
  throw new Error('the backup was accepted');
}

describe('the JSON backup', () => {
  it('restores exactly what was exported', () => {
    const original = stores();
    const text = backupToJson(original, { schemaVersion: 1, now: EXPORTED });
    const backup = parseBackup(text, 1);
    expect(backup).toEqual({
      format: 'rapport-backup',
      schemaVersion: 1,
      exportedAt: '2025-07-26T10:11:12.000Z',
      stores: original,
    });
    expect(JSON.stringify(backup.stores)).toBe(JSON.stringify(original));
  });

  it('validates a large backup in slices, reporting progress, to the same result', async () => {
    const data = stores();
    const jane = data.contacts[0] as Contact;
    data.contacts = Array.from({ length: 5000 }, (_, i) => ({ ...jane, id: newId(), name: `Person ${i}` }));
    const text = backupToJson(data, { schemaVersion: 1, now: EXPORTED });
    const progress: Array<{ done: number; total: number }> = [];
    const backup = await parseBackupAsync(text, 1, { sliceSize: 1000, onProgress: (p) => progress.push(p) });
    expect(backup).toEqual(parseBackup(text, 1));
    expect(progress.map((p) => p.done)).toEqual([1000, 2000, 3000, 4000, 5000]);
    expect(progress.every((p) => p.total === 5004)).toBe(true);
    await expect(parseBackupAsync(backupToJson(data, { schemaVersion: 2 }), 1)).rejects.toMatchObject({
      code: 'backup_newer',
    });
  });

  it('refuses a backup from a newer schema, saying what to do', () => {
    const text = backupToJson(stores(), { schemaVersion: 3, now: EXPORTED });
    const error = refusal(text, 1);
    expect(error.code).toBe('backup_newer');
    expect(error.message).toBe(
      'This backup was made by a newer version of Rapport (schema 3); this version understands up to schema 1. Update Rapport, then restore.',
    );
  });

  it('accepts a backup from an older schema, with the stores it did not have empty', () => {
    const { contacts } = stores();
    const older = JSON.stringify({
      format: 'rapport-backup',
      schemaVersion: 1,
      exportedAt: EXPORTED.toISOString(),
      stores: { contacts },
    });
    const backup = parseBackup(older, 2);
    expect(backup.schemaVersion).toBe(1);
    expect(backup.stores).toEqual({ contacts, accounts: [], identities: [], interactions: [], tasks: [] });
  });

  it('says which record and which field are wrong', () => {
    const broken = stores();
    const raw = JSON.parse(backupToJson(broken, { schemaVersion: 1, now: EXPORTED }));
    raw.stores.contacts[1].emails = ['x'.repeat(400)];
    raw.stores.tasks[0].dueAt = 'tomorrow';
    const error = refusal(JSON.stringify(raw));
    expect(error.code).toBe('backup_invalid');
    const contactId = broken.contacts[1]?.id;
    const taskId = broken.tasks[0]?.id;
    expect(error.message).toMatch(/^This backup cannot be restored because it is damaged: /);
    expect(error.message).toContain(`contact 2 (id ${contactId}): field “emails.0”: Too big`);
    expect(error.message).toContain(`follow-up 1 (id ${taskId}): field “dueAt”: Invalid input: expected number`);
    expect(error.message).toMatch(/Nothing was changed\.$/);
  });

  it('caps the list of problems it names', () => {
    const raw = JSON.parse(backupToJson(stores(), { schemaVersion: 1, now: EXPORTED }));
    raw.stores.contacts = Array.from({ length: 12 }, () => ({ name: '' }));
    const error = refusal(JSON.stringify(raw));
    expect(error.message).toMatch(/\(and \d+ more\)\. Nothing was changed\.$/);
  });

  it('refuses two records with one id', () => {
    const data = stores();
    const first = data.contacts[0] as Contact;
    data.contacts.push({ ...first, name: 'Impostor' });
    const error = refusal(backupToJson(data, { schemaVersion: 1, now: EXPORTED }));
    expect(error.message).toContain(`contact 3: its id ${first.id} appears twice`);
  });

  it('refuses files that are not backups', () => {
    expect(refusal('').code).toBe('empty');
    expect(refusal('First Name,Last Name\n').code).toBe('backup_not_json');
    expect(
      refusal('{"format":"rapport-backup","schemaVersion":1,"exportedAt":"2025-07-26T10:11:12.000Z","stores":{').code,
    ).toBe('backup_not_json');
    expect(refusal('{"contacts":[]}').message).toBe(
      'This file is not a Rapport backup (it lacks the "format": "rapport-backup" mark). Choose the .json file Rapport made.',
    );
    expect(refusal('{"format":"rapport-backup","schemaVersion":"one"}').code).toBe('backup_invalid');
    expect(refusal('{"format":"rapport-backup","schemaVersion":1,"exportedAt":"2025-07-26T10:11:12.000Z"}').code).toBe(
      'backup_invalid',
    );
  });

  it('names the file by the day', () => {
    expect(backupFileName(EXPORTED)).toBe('rapport-backup-2025-07-26.json');
  });
});
