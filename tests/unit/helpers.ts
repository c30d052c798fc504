import { deleteDB } from 'idb';
import { afterEach, beforeEach } from 'vitest';
import { saveLead } from '../../src/background/contacts';
import { openRapportDb, type RapportDb } from '../../src/background/db';
import type { ContactContext, SaveMode } from '../../src/lib/messages';
import type { ProfileRef } from '../../src/lib/profile-ref';

/** Gives each test of the file a new, empty database (handed to `use`), deleted after the test. */
export function freshDatabase(use: (db: RapportDb) => void): void {
  let name = '';
  let db: RapportDb | undefined;
  beforeEach(async () => {
    name = `rapport-${Math.random()}`;
    db = await openRapportDb(name);
    use(db);
  });
  afterEach(async () => {
    db?.close();
    await deleteDB(name);
  });
}

/** Saves a person and insists the answer is a contact (tests that are not about duplicates). */
export async function savedContact(
  db: RapportDb,
  profile: ProfileRef,
  mode: SaveMode = 'new',
): Promise<ContactContext> {
  const saved = await saveLead(db, profile, undefined, mode);
  if (saved.kind !== 'contact') throw new Error(`Expected a contact, got ${saved.kind}`);
  return saved;
}

/** A stranger on LinkedIn at Northwind: the lead most store tests save. */
export const jane: ProfileRef = {
  network: 'linkedin',
  kind: 'person',
  profileKey: 'linkedin:in/jane',
  url: 'https://www.linkedin.com/in/jane/',
  name: 'Jane Doe',
  company: 'Northwind',
};
