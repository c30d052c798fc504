import type { IDBPTransaction, StoreNames } from 'idb';
import type { ContactContext, LookupResult } from '../lib/messages';
import { Account, Contact, Interaction, SocialIdentity, Task } from '../lib/records';
import type { RapportSchema } from './db';

/** Reading records back: every stored record is parsed on the way out, and deleted ones (tombstones) are hidden. */

export type AnyTx = IDBPTransaction<RapportSchema, StoreNames<RapportSchema>[], IDBTransactionMode>;
export const CONTEXT_STORES: StoreNames<RapportSchema>[] = [
  'identities',
  'contacts',
  'accounts',
  'interactions',
  'tasks',
];

interface Schema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false };
}

/** A corrupt record is reported and skipped, never shown half-read. */
export function parsed<T>(schema: Schema<T>, value: unknown): T | undefined {
  if (value === undefined) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  console.warn('Rapport: skipped a stored record that does not match its schema', value);
  return undefined;
}

/** Parses and drops tombstones. */
export function live<T extends { deleted: boolean }>(schema: Schema<T>, values: unknown[]): T[] {
  const out: T[] = [];
  for (const value of values) {
    const record = parsed(schema, value);
    if (record && !record.deleted) out.push(record);
  }
  return out;
}

export async function liveOne<T extends { deleted: boolean }>(
  schema: Schema<T>,
  value: Promise<unknown>,
): Promise<T | undefined> {
  const record = parsed(schema, await value);
  return record && !record.deleted ? record : undefined;
}

/** The identity a profile key names: its own key first, then any identity that lists it as an alias. */
export async function liveIdentity(tx: AnyTx, profileKey: string): Promise<SocialIdentity | undefined> {
  const identities = tx.objectStore('identities');
  // Both reads in flight at once: the card waits for one round trip, not two.
  const [byKey, byAlias] = await Promise.all([
    identities.index('by-key').getAll(profileKey),
    identities.index('by-alias').getAll(profileKey),
  ]);
  return live(SocialIdentity, byKey)[0] ?? live(SocialIdentity, byAlias)[0];
}

/** The contact's live profiles on the networks. */
export async function identitiesOf(tx: AnyTx, contactId: string): Promise<SocialIdentity[]> {
  return live(SocialIdentity, await tx.objectStore('identities').index('by-contact').getAll(contactId));
}

export async function openTasksOf(tx: AnyTx, contactId: string): Promise<Task[]> {
  return live(Task, await tx.objectStore('tasks').index('by-contact').getAll(contactId))
    .filter((task) => !task.done)
    .sort((a, b) => a.dueAt - b.dueAt);
}

const RECENT = 5;

/** The contact's latest interactions, newest first: the card shows the last one and the recent conversation. */
async function recentInteractions(tx: AnyTx, contactId: string): Promise<Interaction[]> {
  const range = IDBKeyRange.bound([contactId, 0], [contactId, Number.MAX_SAFE_INTEGER]);
  const recent: Interaction[] = [];
  let cursor = await tx.objectStore('interactions').index('by-contact-time').openCursor(range, 'prev');
  while (cursor && recent.length < RECENT) {
    const interaction = parsed(Interaction, cursor.value);
    if (interaction && !interaction.deleted) recent.push(interaction);
    cursor = await cursor.continue();
  }
  return recent;
}

export async function contactContext(tx: AnyTx, contact: Contact): Promise<ContactContext> {
  const [account, identities, recent, tasks] = await Promise.all([
    contact.accountId ? liveOne(Account, tx.objectStore('accounts').get(contact.accountId)) : undefined,
    identitiesOf(tx, contact.id),
    recentInteractions(tx, contact.id),
    openTasksOf(tx, contact.id),
  ]);
  return {
    kind: 'contact',
    contact,
    account,
    identities,
    lastInteraction: recent[0],
    recentInteractions: recent,
    openTasks: tasks,
  };
}

async function accountOpenTasks(tx: AnyTx, accountId: string): Promise<Task[]> {
  // Tasks have no account index: an account's follow-ups are its contacts' open tasks plus its own.
  const contacts = live(Contact, await tx.objectStore('contacts').index('by-account').getAll(accountId));
  const perContact = await Promise.all(contacts.map((contact) => openTasksOf(tx, contact.id)));
  return perContact.flat().sort((a, b) => a.dueAt - b.dueAt);
}

export async function resultFor(tx: AnyTx, profileKey: string): Promise<LookupResult> {
  const identity = await liveIdentity(tx, profileKey);
  if (!identity) return null;
  if (identity.contactId) {
    const contact = await liveOne(Contact, tx.objectStore('contacts').get(identity.contactId));
    return contact ? contactContext(tx, contact) : null;
  }
  if (identity.accountId) return accountResult(tx, identity.accountId);
  return null;
}

export async function accountResult(tx: AnyTx, accountId: string): Promise<LookupResult> {
  const account = await liveOne(Account, tx.objectStore('accounts').get(accountId));
  if (!account) return null;
  const [contactCount, openTasks] = await Promise.all([
    tx.objectStore('contacts').index('by-account').count(accountId),
    accountOpenTasks(tx, accountId),
  ]);
  return { kind: 'account', account, contactCount, openTasks };
}
