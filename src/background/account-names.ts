import { z } from 'zod';
import { accountFilterOf, accountNameKey, MAX_FILTER_LENGTH } from '../lib/account-filter';
import { lazySchema } from '../lib/lazy-schema';
import type { RapportDb } from './db';
import { onCommitted } from './write';

/**
 * The accounts by name, as a stranger's card needs them: the filter that profile pages get with their first answer,
 * and the ids each compared name (`accountNameKey`) belongs to. Read in full on first use after the worker starts,
 * then kept current from committed writes: only the accounts a write touched are read again.
 */
export interface AccountNames {
  readonly filter: string;
  idsOf(company: string): readonly string[];
}

/** A write touching more accounts than this (an import, a restore) drops the names: one full read is cheaper. */
const BULK = 200;

class Names implements AccountNames {
  private readonly byName = new Map<string, Set<string>>();
  private readonly keyOf = new Map<string, string>();
  private cachedFilter?: string;

  get filter(): string {
    this.cachedFilter ??= accountFilterOf([...this.byName.keys()]);
    return this.cachedFilter;
  }

  idsOf(company: string): readonly string[] {
    return [...(this.byName.get(accountNameKey(company)) ?? [])];
  }

  /** Puts an account under its name now, or takes it out if it is gone or deleted. */
  set(id: string, account: { name?: unknown; deleted?: unknown } | undefined): void {
    const before = this.keyOf.get(id);
    if (before !== undefined) {
      const ids = this.byName.get(before);
      ids?.delete(id);
      if (!ids?.size) this.byName.delete(before);
      this.keyOf.delete(id);
    }
    if (account && !account.deleted && typeof account.name === 'string') {
      const key = accountNameKey(account.name);
      this.byName.set(key, (this.byName.get(key) ?? new Set()).add(id));
      this.keyOf.set(id, key);
    }
    this.cachedFilter = undefined;
  }
}

/** Per database: the names as they will be once every read under way is done. */
const current = new WeakMap<RapportDb, Promise<Names>>();
/** Per database: the names when no read is under way. */
const ready = new WeakMap<RapportDb, Names>();
let following = false;

/**
 * Accounts per read. The browser's database answers one request at a time: one read of all 5,000 accounts held a
 * cold worker's first card lookup back by about 130 ms; in chunks, a lookup waits for one chunk at most.
 */
const CHUNK = 250;

async function readAll(db: RapportDb): Promise<Names> {
  // Every account was validated when written; the names need only their ids and names.
  const names = new Names();
  let after: IDBKeyRange | undefined;
  for (;;) {
    const accounts = await db.getAll('accounts', after, CHUNK);
    for (const account of accounts) names.set(account.id, account);
    const last = accounts.at(-1);
    if (!last || accounts.length < CHUNK) return names;
    after = IDBKeyRange.lowerBound(last.id, true);
  }
}

async function reread(db: RapportDb, names: Names, ids: readonly string[]): Promise<Names> {
  const tx = db.transaction('accounts');
  const accounts = await Promise.all(ids.map((id) => tx.objectStore('accounts').get(id)));
  await tx.done;
  ids.forEach((id, i) => {
    names.set(id, accounts[i]);
  });
  return names;
}

/**
 * Where a filter outlives the worker (session storage, in the worker): Chrome stops an idle worker, and the next
 * one's first pages get the filter the last one left instead of asking for the account themselves.
 */
export interface FilterKeeper {
  get(): Promise<unknown>;
  set(filter: string | undefined): Promise<void>;
}

let keeper: FilterKeeper | undefined;
/** The filter the last worker left: used until this worker has its own, and never after an account is written. */
let left: Promise<string | undefined> | undefined;
/** What the keeper holds as far as this worker knows: an unchanged filter is not written again at each start. */
let kept: string | undefined;
const KeptFilter = lazySchema(() => z.string().max(MAX_FILTER_LENGTH));

export function keepFilterIn(next: FilterKeeper | undefined): void {
  keeper = next;
  left = undefined;
  kept = undefined;
  // From the start: an account written before any page asks makes the kept filter stale.
  follow();
}

/** A written account makes the kept filter stale: nobody uses it until the names are ready again. */
function dropKeptFilter(): void {
  left = Promise.resolve(undefined);
  kept = undefined;
  void keeper?.set(undefined).catch(() => {});
}

function keep(filter: string): void {
  if (filter === kept) return;
  kept = filter;
  void keeper?.set(filter).catch(() => {});
}

/** Makes `next` the names' latest state, and ready once it is and nothing newer has started. */
function track(db: RapportDb, next: Promise<Names>): Promise<Names> {
  current.set(db, next);
  ready.delete(db);
  next.then(
    (names) => {
      if (current.get(db) !== next) return;
      ready.set(db, names);
      if (keeper) keep(names.filter);
    },
    () => {
      if (current.get(db) === next) current.delete(db);
    },
  );
  return next;
}

function follow(): void {
  if (following) return;
  following = true;
  onCommitted((changes, db, wiped) => {
    if (wiped) {
      forgetAccountNames(db);
      return;
    }
    const ids = [...new Set(changes.filter((change) => change.store === 'accounts').map((change) => change.id))];
    if (!ids.length) return;
    if (ids.length > BULK) {
      forgetAccountNames(db);
      return;
    }
    dropKeptFilter();
    const latest = current.get(db);
    if (!latest) return;
    // After the read under way, if any: the accounts written are read again whether or not it saw them.
    void track(
      db,
      latest.then((names) => reread(db, names, ids)),
    ).catch(() => {});
  });
}

export function accountNames(db: RapportDb): Promise<AccountNames> {
  follow();
  return current.get(db) ?? track(db, readAll(db));
}

/**
 * The names when no read is under way, else undefined, and the read started. Reading 5,000 accounts takes this
 * machine's worker about 90 ms after each start: a card's lookup does not wait for that (it then matches the exact
 * name). A page's first answer gets its filter from `filterForPage`.
 */
export function accountNamesIfReady(db: RapportDb): AccountNames | undefined {
  void accountNames(db).catch(() => {});
  return ready.get(db);
}

/**
 * How long a woken worker that serves the kept filter waits before it reads every account's name: its first pages'
 * requests would otherwise queue behind that read (about 10–15 ms sooner cold cards at p50 on the card bench).
 */
export const NAMES_READ_DELAY_MS = 1000;

/**
 * The filter for a page's first answer (and for a feed's first lookup on a network where companies look like people):
 * this worker's own once its names are ready, until then the one the last worker left (if no account has been
 * written since), else none, and the card (or the feed) asks for the account itself.
 */
export async function filterForPage(db: RapportDb): Promise<string | undefined> {
  const names = ready.get(db);
  if (names) return names.filter;
  if (!left) {
    const reading: Promise<string | undefined> = (keeper?.get() ?? Promise.resolve(undefined)).then(
      (value) => {
        // An account written while it was read dropped it.
        if (left !== reading) return undefined;
        kept = KeptFilter.safeParse(value).data;
        return kept;
      },
      () => undefined,
    );
    left = reading;
  }
  const filter = await left;
  const read = () => void accountNames(db).catch(() => {});
  if (filter === undefined || current.has(db)) read();
  else setTimeout(read, NAMES_READ_DELAY_MS);
  return filter;
}

/** The names are read again on next use, and the kept filter is dropped (a bulk write, everything deleted). */
function forgetAccountNames(db: RapportDb): void {
  current.delete(db);
  ready.delete(db);
  dropKeptFilter();
}
