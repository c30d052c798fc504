import { deleteDB } from 'idb';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { openRapportDb, type RapportDb } from '../../src/background/db';
import { keepSearchIndexCurrent, searchIndex } from '../../src/background/search-service';
import { restoreBackup } from '../../src/background/transfer';
import { RECORD_STORES, type RecordStoreName } from '../../src/lib/records';
import { jane, savedContact } from './helpers';

// transfer.ts also holds the worker's port listeners, which import the extension API; the restore itself needs none.
vi.mock('webextension-polyfill', () => ({ default: {} }));

const name = `rapport-${Math.random()}`;
let db: RapportDb;
beforeAll(async () => {
  db = await openRapportDb(name);
  keepSearchIndexCurrent(async () => db);
});
afterAll(async () => {
  db.close();
  await deleteDB(name);
});

const emptyBackup = () =>
  Object.fromEntries(RECORD_STORES.map((store) => [store, []])) as unknown as Record<
    RecordStoreName,
    Array<{ id: string }>
  >;

it('follows a restore: what the backup lacks leaves the search, what it holds comes back', async () => {
  const { contact, identities } = await savedContact(db, jane);
  expect((await searchIndex(db)).search('jane', 10)).toHaveLength(1);

  await restoreBackup(db, emptyBackup());
  expect((await searchIndex(db)).search('jane', 10)).toEqual([]);

  await restoreBackup(db, { ...emptyBackup(), contacts: [contact], identities });
  expect((await searchIndex(db)).search('jane', 10).map((hit) => hit.contactId)).toEqual([contact.id]);
});
