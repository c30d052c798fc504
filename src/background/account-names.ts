import { accountFilterOf, accountNameKey } from '../lib/account-filter';
import type { RapportDb } from './db';
import { onCommitted } from './write';

/**
 * The accounts by name, as a stranger's card needs them: the filter that profile pages get with their first answer,
 * and the ids each compared name (`accountNameKey`) belongs to. Built on first use after the worker starts, dropped
 * whenever a committed write touches an account (saved, renamed, synced, restored, made by saving a lead), built
 * again on the next use. Accounts deleted since still read "maybe": a filter that says too much costs a lookup, and
 * the lookup reads each account afresh.
 */
export interface AccountNames {
  filter: string;
  idsOf(company: string): readonly string[];
}

let built = new WeakMap<RapportDb, Promise<AccountNames>>();
let ready = new WeakMap<RapportDb, AccountNames>();
/** Bumped whenever an account is written: a build that started before then is not kept as ready. */
let generation = 0;
let following = false;

async function build(db: RapportDb): Promise<AccountNames> {
  // Every account was validated when written; the names need only the live ones' names.
  const accounts = await db.getAll('accounts');
  const byName = new Map<string, string[]>();
  for (const account of accounts) {
    if (account.deleted || typeof account.name !== 'string') continue;
    const key = accountNameKey(account.name);
    byName.set(key, [...(byName.get(key) ?? []), account.id]);
  }
  return {
    filter: accountFilterOf([...byName.keys()]),
    idsOf: (company) => byName.get(accountNameKey(company)) ?? [],
  };
}

export function accountNames(db: RapportDb): Promise<AccountNames> {
  if (!following) {
    following = true;
    onCommitted((changes) => {
      if (!changes.some((change) => change.store === 'accounts')) return;
      generation++;
      built = new WeakMap();
      ready = new WeakMap();
    });
  }
  let names = built.get(db);
  if (!names) {
    const startedAt = generation;
    names = build(db);
    names.then(
      (done) => {
        if (startedAt === generation) ready.set(db, done);
      },
      () => built.delete(db),
    );
    built.set(db, names);
  }
  return names;
}

/**
 * The names when they are built, else undefined, and their building started. Reading 5,000 accounts takes this
 * machine's worker about 90 ms, after every start of the worker and every account written: a page's first answer
 * does not wait for that (its card then asks for the account itself), nor does a card's lookup (it then matches the
 * exact name).
 */
export function accountNamesIfReady(db: RapportDb): AccountNames | undefined {
  void accountNames(db).catch(() => {});
  return ready.get(db);
}
