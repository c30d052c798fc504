import { deleteDB } from 'idb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  accountNames,
  accountNamesIfReady,
  filterForPage,
  keepFilterIn,
  NAMES_READ_DELAY_MS,
} from '../../src/background/account-names';
import { saveAccount } from '../../src/background/accounts';
import { lookupKeys, updateContact } from '../../src/background/contacts';
import { openRapportDb, type RapportDb } from '../../src/background/db';
import { deleteEverything } from '../../src/background/wipe';
import { accountFilterOf, MAX_FILTER_LENGTH, mayBeAccount } from '../../src/lib/account-filter';
import { savedContact } from './helpers';

const names = (count: number, prefix: string) => Array.from({ length: count }, (_, i) => `${prefix} ${i}`);

describe('the filter of account names', () => {
  it('says "maybe" for every name it was made of, and "no" for most others', () => {
    const accounts = names(1000, 'Account');
    const filter = accountFilterOf(accounts);
    expect(accounts.every((name) => mayBeAccount(filter, name))).toBe(true);
    const strangers = names(10_000, 'Stranger');
    const maybes = strangers.filter((name) => mayBeAccount(filter, name)).length;
    // 16 to 32 bits per name: about 3–6% wrong "maybe"s.
    expect(maybes / strangers.length).toBeLessThan(1 / 12);
    expect(maybes).toBeGreaterThan(0);
  });

  it('compares names as saving a lead does: trimmed, ignoring case', () => {
    const filter = accountFilterOf(['Northwind Analytics', 'Contoso GmbH']);
    expect(mayBeAccount(filter, '  Northwind Analytics \n')).toBe(true);
    expect(mayBeAccount(filter, 'NORTHWIND analytics')).toBe(true);
    expect(mayBeAccount(filter, 'Contoso GmbH')).toBe(true);
    expect(mayBeAccount(filter, 'Fabrikam')).toBe(false);
    expect(mayBeAccount(filter, 'Northwind')).toBe(false);
  });

  it('with no accounts is a few bytes and says "no" to everyone', () => {
    const filter = accountFilterOf([]);
    expect(filter.length).toBeLessThan(50);
    expect(names(100, 'Anyone').some((name) => mayBeAccount(filter, name))).toBe(false);
  });

  it('stops growing at its cap, where it still never says "no" to an account', () => {
    const accounts = names(100_000, 'Account');
    const filter = accountFilterOf(accounts);
    expect(filter.length).toBe(MAX_FILTER_LENGTH);
    expect(accounts.every((name) => mayBeAccount(filter, name))).toBe(true);
  });

  it('says "maybe" when the filter cannot be read: the card then asks, as it would without one', () => {
    expect(mayBeAccount('not base64 !', 'Fabrikam')).toBe(true);
    expect(mayBeAccount(btoa('abc'), 'Fabrikam')).toBe(true);
    expect(mayBeAccount('', 'Fabrikam')).toBe(true);
  });
});

describe("the worker's account names", () => {
  const dbName = `rapport-${Math.random()}`;
  let db: RapportDb;
  beforeAll(async () => {
    db = await openRapportDb(dbName);
  });
  afterAll(async () => {
    db.close();
    await deleteDB(dbName);
  });

  it('follows accounts as they are saved, renamed and made by saving a lead', async () => {
    expect(mayBeAccount((await accountNames(db)).filter, 'Northwind')).toBe(false);

    const northwind = await saveAccount(db, { name: 'Northwind', relationship: 'customer', stage: 'won', notes: '' });
    expect(mayBeAccount((await accountNames(db)).filter, 'Northwind')).toBe(true);

    await saveAccount(db, { ...northwind, name: 'Northwind Analytics' });
    const renamed = (await accountNames(db)).filter;
    expect(mayBeAccount(renamed, 'Northwind Analytics')).toBe(true);
    expect(mayBeAccount(renamed, 'Northwind')).toBe(false);

    // Saving a lead at a new company makes its account, and the filter hears of it.
    const { contact } = await savedContact(db, {
      network: 'linkedin',
      kind: 'person',
      profileKey: 'linkedin:in/jane',
      url: 'https://www.linkedin.com/in/jane/',
      name: 'Jane Doe',
      company: 'Contoso GmbH',
    });
    expect(mayBeAccount((await accountNames(db)).filter, 'Contoso GmbH')).toBe(true);

    // Accounts written later are read again one by one, not all of them.
    const fullReads = vi.spyOn(db, 'getAll');
    await saveAccount(db, { name: 'Tailspin Toys', relationship: 'partner', stage: 'won', notes: '' });
    expect(mayBeAccount((await accountNames(db)).filter, 'tailspin toys')).toBe(true);
    expect(fullReads.mock.calls.filter(([store]) => store === 'accounts')).toEqual([]);
    fullReads.mockRestore();

    // A write that touches no account keeps them built.
    const built = accountNames(db);
    await updateContact(db, contact.id, { notes: 'Prefers calls' });
    expect(accountNames(db)).toBe(built);
  });

  it("find a stranger's company by its exact name until built, then as saving a lead would", async () => {
    // An account written: the names are built again, and nobody waits for that.
    await saveAccount(db, { name: 'Fabrikam', relationship: 'prospect', stage: 'lead', notes: '' });
    expect(accountNamesIfReady(db)).toBeUndefined();
    const cold = await lookupKeys(db, [], ['Fabrikam', 'contoso gmbh']);
    expect(Object.keys(cold.accounts)).toEqual(['Fabrikam']);

    await accountNames(db);
    expect(accountNamesIfReady(db)).toBeDefined();
    const { accounts } = await lookupKeys(db, [], ['NORTHWIND analytics ', 'contoso gmbh', 'Northwind']);
    expect(Object.keys(accounts)).toEqual(['NORTHWIND analytics', 'contoso gmbh']);
    expect(accounts['NORTHWIND analytics']?.account.name).toBe('Northwind Analytics');
    expect(accounts['contoso gmbh']?.account.name).toBe('Contoso GmbH');
  });

  it('lets a saved lead join its account by name without reading every account, and never makes a second one', async () => {
    const person = (slug: string, company: string) => ({
      network: 'linkedin' as const,
      kind: 'person' as const,
      profileKey: `linkedin:in/${slug}`,
      url: `https://www.linkedin.com/in/${slug}/`,
      name: slug,
      company,
    });
    await accountNames(db);
    const reads = vi.spyOn(IDBObjectStore.prototype, 'getAll');
    const fullReads = () => reads.mock.calls.filter(([query]) => query === undefined).length;
    // The names are ready: the account of another spelling is found by them, and a new company costs no full read.
    const joined = await savedContact(db, person('kim', 'TAILSPIN toys'));
    expect(joined.account?.name).toBe('Tailspin Toys');
    const fresh = await savedContact(db, person('lee', 'Wide World Importers'));
    expect(fresh.account?.name).toBe('Wide World Importers');
    expect(fullReads()).toBe(0);
    // Right after an account is written its names are read again; a save meanwhile reads every account rather than
    // trust names that may not hold it yet, and joins it.
    await accountNames(db);
    const [, sam] = await Promise.all([
      saveAccount(db, { name: 'Litware', relationship: 'vendor', stage: 'won', notes: '' }),
      Promise.resolve().then(() => savedContact(db, person('sam', 'litware'))),
    ]);
    expect(sam.account?.name).toBe('Litware');
    expect(fullReads()).toBeGreaterThan(0);
    reads.mockRestore();
    const tx = db.transaction('accounts');
    const litware = (await tx.store.getAll()).filter((account) => account.name.toLowerCase() === 'litware');
    expect(litware).toHaveLength(1);
  });

  it('reads every account, in chunks a card lookup can slip between', async () => {
    const many = await openRapportDb(`${dbName}-many`);
    try {
      const tx = many.transaction('accounts', 'readwrite');
      for (let i = 0; i < 601; i++) {
        void tx.store.put({ id: `account-${String(i).padStart(4, '0')}`, name: `Company ${i}` } as never);
      }
      await tx.done;
      const reads = vi.spyOn(IDBObjectStore.prototype, 'getAll');
      const built = await accountNames(many);
      expect(built.idsOf('company 0')).toEqual(['account-0000']);
      expect(built.idsOf('Company 250')).toEqual(['account-0250']);
      expect(built.idsOf('COMPANY 600')).toEqual(['account-0600']);
      expect(names(601, 'Company').every((name) => mayBeAccount(built.filter, name))).toBe(true);
      // No one read holds the database for all of them.
      expect(reads.mock.calls.length).toBeGreaterThan(1);
      expect(reads.mock.calls.every(([, count]) => typeof count === 'number' && count <= 250)).toBe(true);
      reads.mockRestore();
    } finally {
      many.close();
      await deleteDB(`${dbName}-many`);
    }
  });
});

describe('the filter a stopped worker leaves for the next one', () => {
  /** Session storage, as the worker's keeper uses it. */
  const memoryKeeper = (value?: unknown) => {
    const keeper = {
      value,
      get: async () => keeper.value,
      set: async (filter: string | undefined) => {
        keeper.value = filter;
      },
    };
    return keeper;
  };
  const opened: RapportDb[] = [];
  const freshDb = async () => {
    const db = await openRapportDb(`rapport-kept-${Math.random()}`);
    opened.push(db);
    return db;
  };
  afterAll(async () => {
    keepFilterIn(undefined);
    for (const db of opened) {
      db.close();
      await deleteDB(db.name);
    }
  });

  it("serves the last worker's filter until this one has read the names, then keeps its own", async () => {
    const db = await freshDb();
    await saveAccount(db, { name: 'Northwind', relationship: 'customer', stage: 'won', notes: '' });
    const keeper = memoryKeeper(accountFilterOf(['Northwind', 'Contoso GmbH']));
    keepFilterIn(keeper);

    // A woken worker: its names are not read yet, and its first page gets the filter left behind.
    const early = await filterForPage(db);
    expect(early).toBe(keeper.value);
    expect(mayBeAccount(early ?? '', 'Contoso GmbH')).toBe(true);

    // Once read, its own names answer, and they are what it leaves.
    await accountNames(db);
    const own = await filterForPage(db);
    expect(mayBeAccount(own ?? '', 'Northwind')).toBe(true);
    expect(mayBeAccount(own ?? '', 'Contoso GmbH')).toBe(false);
    expect(keeper.value).toBe(own);
  });

  it('reads the names a moment after serving the kept filter, not while the first pages wait', async () => {
    const db = await freshDb();
    await saveAccount(db, { name: 'Northwind', relationship: 'customer', stage: 'won', notes: '' });
    keepFilterIn(memoryKeeper(accountFilterOf(['Northwind'])));
    const reads = vi.spyOn(IDBObjectStore.prototype, 'getAll');
    try {
      expect(await filterForPage(db)).toBeDefined();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(reads).not.toHaveBeenCalled();
      await new Promise((resolve) => setTimeout(resolve, NAMES_READ_DELAY_MS + 200));
      expect(reads).toHaveBeenCalled();
      expect(accountNamesIfReady(db)?.idsOf('northwind')).toHaveLength(1);
    } finally {
      reads.mockRestore();
    }
  });

  it('does not write an unchanged filter again at every start', async () => {
    const db = await freshDb();
    await saveAccount(db, { name: 'Northwind', relationship: 'customer', stage: 'won', notes: '' });
    const keeper = memoryKeeper(accountFilterOf(['Northwind']));
    const writes = vi.spyOn(keeper, 'set');
    keepFilterIn(keeper);
    await filterForPage(db);
    await accountNames(db);
    expect(await filterForPage(db)).toBe(keeper.value);
    expect(writes).not.toHaveBeenCalled();
  });

  it('drops the kept filter when an account is written: a stale one could say "no" to it', async () => {
    const db = await freshDb();
    const keeper = memoryKeeper(accountFilterOf(['Northwind']));
    keepFilterIn(keeper);
    await saveAccount(db, { name: 'Fabrikam', relationship: 'prospect', stage: 'lead', notes: '' });
    expect(keeper.value).toBeUndefined();
    // Until this worker has the names, its pages get no filter (their cards ask for the account).
    expect(await filterForPage(db)).toBeUndefined();
    await accountNames(db);
    expect(mayBeAccount((await filterForPage(db)) ?? '', 'Fabrikam')).toBe(true);
    expect(mayBeAccount(String(keeper.value), 'Fabrikam')).toBe(true);
  });

  it('ignores a kept value that is no filter', async () => {
    for (const kept of [42, { filter: 'x' }, 'A'.repeat(MAX_FILTER_LENGTH + 4)]) {
      const db = await freshDb();
      keepFilterIn(memoryKeeper(kept));
      expect(await filterForPage(db)).toBeUndefined();
      // Its read done before the next keeper comes, which it would otherwise leave its own filter with.
      await accountNames(db);
    }
  });

  it('forgets the names and the kept filter when everything is deleted', async () => {
    const db = await freshDb();
    await saveAccount(db, { name: 'Northwind', relationship: 'customer', stage: 'won', notes: '' });
    const keeper = memoryKeeper();
    keepFilterIn(keeper);
    await accountNames(db);
    expect(keeper.value).toBeDefined();
    await deleteEverything(db);
    expect(accountNamesIfReady(db)).toBeUndefined();
    expect(keeper.value).toBeUndefined();
  });
});
