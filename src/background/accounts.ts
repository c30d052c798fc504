import { accountNameKey } from '../lib/account-filter';
import { RapportError } from '../lib/errors';
import { ACCOUNT_PEOPLE_SHOWN, type AccountInput, type AccountPeople } from '../lib/messages';
import { Account, Contact } from '../lib/records';
import { accountNamesIfReady } from './account-names';
import type { RapportDb } from './db';
import { live, liveIdentity, liveOne } from './read';
import { freshMeta, inWriteTx, type Writer } from './write';

/**
 * The account of a company name, case-insensitively; a new prospect account when none exists. The exact spelling is
 * one index read. For any other, the worker's accounts by name, when it has them all, say which accounts may bear
 * it, and only those are read; without them every account is, in one request. (`npm run bench` save: a lead at a
 * company that is no account yet, with 5,000 accounts, p50 141 → 7 ms; a cursor used to step through them all.)
 */
export async function findOrCreateAccount(w: Writer, db: RapportDb, name: string, now = Date.now()): Promise<Account> {
  const store = w.tx.objectStore('accounts');
  const exact = live(Account, await store.index('by-name').getAll(name))[0];
  if (exact) return exact;
  // Asked inside this transaction, after a request of it: every account write committed before it has by now been
  // announced (see write.ts), and any re-read of the names that started then leaves them "not ready" until it ends,
  // which it cannot do while this transaction writes accounts.
  const names = accountNamesIfReady(db);
  const wanted = accountNameKey(name);
  const candidates = names ? await Promise.all(names.idsOf(name).map((id) => store.get(id))) : await store.getAll();
  const match = candidates.find(
    (account) => account !== undefined && !account.deleted && accountNameKey(account.name) === wanted,
  );
  if (match) return Account.parse(match);
  return w.put('accounts', Account.parse({ ...freshMeta(now), name }), true);
}

/** Creates or edits an account; contacts linked to it see the change on their cards. */
export function saveAccount(db: RapportDb, input: AccountInput): Promise<Account> {
  return inWriteTx(db, async (w) => {
    const now = Date.now();
    const { id, ...fields } = input;
    if (!id) return w.put('accounts', Account.parse({ ...freshMeta(now), ...fields }), true);
    const existing = await liveOne(Account, w.tx.objectStore('accounts').get(id));
    if (!existing) throw new RapportError('not_found', 'That account no longer exists');
    return w.put('accounts', Account.parse({ ...existing, ...fields, updatedAt: now }));
  });
}

/**
 * Takes a profile off the account it was linked to (a company page, or a profile linked as the company's own that
 * was a person named like it): the profile is nobody's again, and can be saved as a person or linked anew. The
 * account keeps everything else.
 */
export function unlinkProfileFromAccount(db: RapportDb, profileKey: string): Promise<void> {
  return inWriteTx(db, async (w) => {
    const identity = await liveIdentity(w.tx, profileKey);
    if (!identity?.accountId) throw new RapportError('not_found', 'That profile is not linked to an account');
    await w.put('identities', { ...identity, deleted: true, updatedAt: Date.now() });
  });
}

/** The account's contacts by name, the first few dozen of them: who the team knows at that company. */
export async function accountPeople(db: RapportDb, accountId: string): Promise<AccountPeople> {
  const contacts = live(Contact, await db.getAllFromIndex('contacts', 'by-account', accountId));
  contacts.sort((a, b) => a.name.localeCompare(b.name));
  return {
    people: contacts.slice(0, ACCOUNT_PEOPLE_SHOWN).map((contact) => ({
      contactId: contact.id,
      name: contact.name,
      headline: contact.headline,
      stage: contact.stage,
    })),
    total: contacts.length,
  };
}
