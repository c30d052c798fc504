import type { IDBPTransaction, StoreNames } from 'idb';
import { RapportError } from '../lib/errors';
import { newId } from '../lib/ids';
import type { ContactContext, LookupResult, NewInteraction } from '../lib/messages';
import type { ProfileRef } from '../lib/profile-ref';
import { Account, Contact, Interaction, SocialIdentity, Task } from '../lib/records';
import type { RapportDb, RapportSchema } from './db';
import { freshMeta, inWriteTx, putRecord, type WriteTx } from './write';

type AnyTx = IDBPTransaction<RapportSchema, StoreNames<RapportSchema>[], IDBTransactionMode>;

const CONTEXT_STORES: StoreNames<RapportSchema>[] = ['identities', 'contacts', 'accounts', 'interactions', 'tasks'];

/** Stored records are parsed on the way out too: a corrupt record is reported and skipped, never shown half-read. */
function parsed<T>(
  schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } },
  value: unknown,
) {
  if (value === undefined) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  console.warn('Rapport: skipped a stored record that does not match its schema', value);
  return undefined;
}

async function liveIdentity(tx: AnyTx, profileKey: string): Promise<SocialIdentity | undefined> {
  const all = await tx.objectStore('identities').index('by-key').getAll(profileKey);
  return all.map((raw) => parsed(SocialIdentity, raw)).find((identity) => identity && !identity.deleted);
}

async function openTasks(tx: AnyTx, index: 'by-contact', id: string): Promise<Task[]> {
  const tasks = await tx.objectStore('tasks').index(index).getAll(id);
  return tasks
    .map((raw) => parsed(Task, raw))
    .filter((task): task is Task => Boolean(task && !task.deleted && !task.done))
    .sort((a, b) => a.dueAt - b.dueAt);
}

async function lastInteraction(tx: AnyTx, contactId: string): Promise<Interaction | undefined> {
  const range = IDBKeyRange.bound([contactId, 0], [contactId, Number.MAX_SAFE_INTEGER]);
  let cursor = await tx.objectStore('interactions').index('by-contact-time').openCursor(range, 'prev');
  while (cursor) {
    const interaction = parsed(Interaction, cursor.value);
    if (interaction && !interaction.deleted) return interaction;
    cursor = await cursor.continue();
  }
  return undefined;
}

export async function contactContext(tx: AnyTx, contact: Contact): Promise<ContactContext> {
  const [account, identities, last, tasks] = await Promise.all([
    contact.accountId ? tx.objectStore('accounts').get(contact.accountId) : undefined,
    tx.objectStore('identities').index('by-contact').getAll(contact.id),
    lastInteraction(tx, contact.id),
    openTasks(tx, 'by-contact', contact.id),
  ]);
  const liveAccount = parsed(Account, account);
  return {
    kind: 'contact',
    contact,
    account: liveAccount && !liveAccount.deleted ? liveAccount : undefined,
    identities: identities
      .map((raw) => parsed(SocialIdentity, raw))
      .filter((identity): identity is SocialIdentity => Boolean(identity && !identity.deleted)),
    lastInteraction: last,
    openTasks: tasks,
  };
}

async function resultFor(tx: AnyTx, profileKey: string): Promise<LookupResult> {
  const identity = await liveIdentity(tx, profileKey);
  if (!identity) return null;
  if (identity.contactId) {
    const contact = parsed(Contact, await tx.objectStore('contacts').get(identity.contactId));
    return contact && !contact.deleted ? contactContext(tx, contact) : null;
  }
  if (identity.accountId) {
    const account = parsed(Account, await tx.objectStore('accounts').get(identity.accountId));
    if (!account || account.deleted) return null;
    const contactCount = await tx.objectStore('contacts').index('by-account').count(account.id);
    return { kind: 'account', account, contactCount, openTasks: [] };
  }
  return null;
}

/** Looks up many profile keys in one read transaction: a feed's worth of authors costs one message and one pass. */
export async function lookupKeys(db: RapportDb, keys: readonly string[]): Promise<Record<string, LookupResult>> {
  const tx = db.transaction(CONTEXT_STORES, 'readonly');
  const unique = [...new Set(keys)];
  const results = await Promise.all(unique.map((key) => resultFor(tx, key)));
  await tx.done;
  return Object.fromEntries(unique.map((key, i) => [key, results[i] ?? null]));
}

async function findOrCreateAccount(tx: WriteTx, name: string, now: number): Promise<Account> {
  const existing = (await tx.objectStore('accounts').index('by-name').getAll(name))
    .map((raw) => parsed(Account, raw))
    .find((account) => account && !account.deleted);
  if (existing) return existing;
  return putRecord(
    tx,
    'accounts',
    Account.parse({ id: newId(), ...freshMeta(now), name, relationship: 'prospect', stage: 'lead', notes: '' }),
  );
}

const clip = (value: string | undefined, max: number) => (value ? value.trim().slice(0, max) || undefined : undefined);

/**
 * Saves the person on a page as a lead: a contact, its social identity and (when the page names one) its company
 * account, in one transaction with their outbox entries. Saving a profile that is already known returns it.
 */
export function saveLead(db: RapportDb, profile: ProfileRef, owner?: string): Promise<ContactContext> {
  return inWriteTx(db, async (tx) => {
    const known = await resultFor(tx, profile.profileKey);
    if (known?.kind === 'contact') return known;
    const now = Date.now();
    const company = clip(profile.company, 300);
    const account = company ? await findOrCreateAccount(tx, company, now) : undefined;
    const avatarUrl = profile.avatarUrl && /^https:\/\//i.test(profile.avatarUrl) ? profile.avatarUrl : undefined;
    const contact = await putRecord(tx, 'contacts', {
      id: newId(),
      ...freshMeta(now),
      name: clip(profile.name, 300) ?? profile.handle ?? profile.profileKey,
      headline: clip(profile.headline, 1000),
      company,
      location: clip(profile.location, 300),
      avatarUrl,
      accountId: account?.id,
      relationship: account?.relationship ?? 'prospect',
      stage: 'lead',
      owner,
      tags: [],
      notes: '',
      emails: [],
      phones: [],
    });
    await putRecord(tx, 'identities', {
      id: newId(),
      ...freshMeta(now),
      network: profile.network,
      profileKey: profile.profileKey,
      url: profile.url,
      handle: clip(profile.handle, 200),
      displayName: clip(profile.name, 300),
      contactId: contact.id,
    });
    return contactContext(tx, contact);
  });
}

export async function recentContacts(db: RapportDb, limit: number): Promise<Contact[]> {
  const contacts: Contact[] = [];
  let cursor = await db.transaction('contacts').store.index('by-updated').openCursor(null, 'prev');
  while (cursor && contacts.length < limit) {
    const contact = parsed(Contact, cursor.value);
    if (contact && !contact.deleted) contacts.push(contact);
    cursor = await cursor.continue();
  }
  return contacts;
}

/** Logs one interaction for a known contact and returns the contact's refreshed context. */
export function logInteraction(db: RapportDb, entry: NewInteraction): Promise<ContactContext> {
  return inWriteTx(db, async (tx) => {
    const contact = parsed(Contact, await tx.objectStore('contacts').get(entry.contactId));
    if (!contact || contact.deleted) throw new RapportError('not_found', 'That contact no longer exists');
    const now = Date.now();
    await putRecord(tx, 'interactions', {
      id: newId(),
      ...freshMeta(now),
      contactId: contact.id,
      type: entry.type,
      channel: entry.channel,
      occurredAt: entry.occurredAt ?? now,
      summary: entry.summary,
      notes: entry.notes ?? '',
      outcome: entry.outcome,
    });
    return contactContext(tx, contact);
  });
}
