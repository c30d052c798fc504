import { accountNameKey } from '../lib/account-filter';
import { RapportError } from '../lib/errors';
import type { AccountInput, AccountSummary } from '../lib/messages';
import { Account, Contact } from '../lib/records';
import type { RapportDb } from './db';
import { live, liveOne } from './read';
import { freshMeta, inWriteTx, type Writer } from './write';

/** The account of a company name, case-insensitively; a new prospect account when none exists. */
export async function findOrCreateAccount(w: Writer, name: string, now = Date.now()): Promise<Account> {
  const exact = live(Account, await w.tx.objectStore('accounts').index('by-name').getAll(name))[0];
  if (exact) return exact;
  const wanted = accountNameKey(name);
  let cursor = await w.tx.objectStore('accounts').openCursor();
  while (cursor) {
    const account = cursor.value;
    if (!account.deleted && accountNameKey(account.name) === wanted) return Account.parse(account);
    cursor = await cursor.continue();
  }
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

export async function listAccounts(db: RapportDb): Promise<AccountSummary[]> {
  const tx = db.transaction(['accounts', 'contacts']);
  const accounts = live(Account, await tx.objectStore('accounts').getAll());
  const counts = await Promise.all(
    accounts.map(
      async (account) => live(Contact, await tx.objectStore('contacts').index('by-account').getAll(account.id)).length,
    ),
  );
  await tx.done;
  return accounts
    .map((account, i) => ({ account, contactCount: counts[i] ?? 0 }))
    .sort((a, b) => a.account.name.localeCompare(b.account.name));
}
