import { accountFilterOf } from '../lib/account-filter';
import type { RapportDb } from './db';
import { onCommitted } from './write';

/**
 * The filter of the accounts' names that profile pages get with their first answer: built on the first profile page
 * after the worker starts, dropped whenever an account is written (saved, renamed, synced, restored), built again
 * on the next. Accounts deleted since still read "maybe": a filter that says too much only costs a lookup.
 */
let filter: Promise<string> | undefined;

async function build(db: RapportDb): Promise<string> {
  // Every account was validated when written; the filter needs only the names of the live ones.
  const accounts = await db.getAll('accounts');
  return accountFilterOf(
    accounts.filter((account) => !account.deleted && typeof account.name === 'string').map((account) => account.name),
  );
}

export function accountFilter(db: RapportDb): Promise<string> {
  filter ??= build(db).catch((error) => {
    filter = undefined;
    throw error;
  });
  return filter;
}

export function keepAccountFilterCurrent(): void {
  onCommitted((changes) => {
    if (changes.some((change) => change.store === 'accounts')) filter = undefined;
  });
}
