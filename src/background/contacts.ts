import { RapportError } from '../lib/errors';
import { identityFor } from '../lib/identity-record';
import type {
  AccountContext,
  ContactContext,
  ContactDetail,
  ContactPatch,
  LookupResult,
  PossibleDuplicates,
  SaveMode,
  TimelineEntry,
} from '../lib/messages';
import type { ProfileRef } from '../lib/profile-ref';
import { Account, Contact, Interaction, Task } from '../lib/records';
import { type AccountNames, accountNamesIfReady } from './account-names';
import { findOrCreateAccount } from './accounts';
import type { RapportDb } from './db';
import { linkInTx, possibleDuplicates } from './identity';
import { clip, contactFieldsOf } from './profile-fields';
import { type AnyTx, accountResult, CONTEXT_STORES, contactContext, live, liveOne, parsed, resultFor } from './read';
import { freshMeta, inWriteTx, type Writer } from './write';

/**
 * Looks up many profile keys, and the accounts of company names, in one read transaction: a feed's worth of
 * authors costs one message and one pass.
 */
export async function lookupKeys(
  db: RapportDb,
  keys: readonly string[],
  companies: readonly string[] = [],
): Promise<{ results: Record<string, LookupResult>; accounts: Record<string, AccountContext> }> {
  const names = [...new Set(companies.map((name) => name.trim()).filter(Boolean))];
  const byName = names.length ? accountNamesIfReady(db) : undefined;
  const tx = db.transaction(CONTEXT_STORES, 'readonly');
  const unique = [...new Set(keys)];
  const [results, accounts] = await Promise.all([
    Promise.all(unique.map((key) => resultFor(tx, key))),
    Promise.all(names.map((name) => accountByName(tx, name, byName))),
  ]);
  await tx.done;
  return {
    results: Object.fromEntries(unique.map((key, i) => [key, results[i] ?? null])),
    accounts: Object.fromEntries(
      names.flatMap((name, i) => (accounts[i]?.kind === 'account' ? [[name, accounts[i]]] : [])),
    ),
  };
}

/**
 * The account of a company's name, matched as saving a lead matches it (trimmed, ignoring case) once the worker has
 * the accounts by name, and by the exact name until then.
 */
async function accountByName(tx: AnyTx, name: string, byName: AccountNames | undefined): Promise<LookupResult> {
  const accounts = byName
    ? await Promise.all(byName.idsOf(name).map((id) => tx.objectStore('accounts').get(id)))
    : await tx.objectStore('accounts').index('by-name').getAll(name);
  const account = live(Account, accounts)[0];
  return account ? accountResult(tx, account.id) : null;
}

/** A company page saved: its account (found by name, or new) gets the page as its profile. */
async function saveCompany(w: Writer, db: RapportDb, profile: ProfileRef): Promise<LookupResult> {
  const account = await findOrCreateAccount(w, db, clip(profile.name, 300) ?? profile.profileKey);
  await w.put('identities', identityFor(profile, { accountId: account.id }, freshMeta()), true);
  return accountResult(w.tx, account.id);
}

/**
 * Saves the person on a page as a lead: a contact, its social identity and (when the page names one) its company
 * account, in one transaction with their outbox entries. A company page becomes an account. A profile already
 * known is returned as it is; one that looks like a known contact (same name, same company) is not saved in
 * `auto` mode: the candidates come back so the person can link instead of duplicating.
 */
export function saveLead(
  db: RapportDb,
  profile: ProfileRef,
  owner?: string,
  mode: SaveMode = 'auto',
): Promise<ContactContext | AccountContext | PossibleDuplicates> {
  return inWriteTx(db, async (w) => {
    const known = await resultFor(w.tx, profile.profileKey);
    if (known) return known;
    if (typeof mode === 'object') return linkInTx(w, db, mode.linkTo, profile);
    if (profile.kind === 'company') return (await saveCompany(w, db, profile)) as AccountContext;
    if (mode === 'auto') {
      const candidates = await possibleDuplicates(w.tx, profile);
      if (candidates.length) return { kind: 'possibleDuplicates', candidates } satisfies PossibleDuplicates;
    }
    const now = Date.now();
    const { name, ...fields } = contactFieldsOf(profile);
    const account = fields.company ? await findOrCreateAccount(w, db, fields.company, now) : undefined;
    const contact = await w.put(
      'contacts',
      Contact.parse({
        ...freshMeta(now),
        ...fields,
        name: name ?? profile.handle ?? profile.profileKey,
        accountId: account?.id,
        relationship: account?.relationship ?? 'prospect',
        owner,
      }),
      true,
    );
    await w.put('identities', identityFor(profile, { contactId: contact.id }, freshMeta(now)), true);
    return contactContext(w.tx, contact);
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

/** A contact with everything that happened with them, newest first. */
export async function contactDetail(db: RapportDb, contactId: string): Promise<ContactDetail> {
  const tx = db.transaction(CONTEXT_STORES, 'readonly');
  const contact = await liveOne(Contact, tx.objectStore('contacts').get(contactId));
  if (!contact) throw new RapportError('not_found', 'That contact no longer exists');
  const [context, interactions, tasks] = await Promise.all([
    contactContext(tx, contact),
    tx
      .objectStore('interactions')
      .index('by-contact-time')
      .getAll(IDBKeyRange.bound([contactId, 0], [contactId, Infinity])),
    tx.objectStore('tasks').index('by-contact').getAll(contactId),
  ]);
  const timeline: TimelineEntry[] = [
    ...live(Interaction, interactions).map((interaction) => ({
      kind: 'interaction' as const,
      at: interaction.occurredAt,
      interaction,
    })),
    ...live(Task, tasks).map((task) => ({ kind: 'task' as const, at: task.dueAt, task })),
  ].sort((a, b) => b.at - a.at);
  await tx.done;
  return { ...context, timeline };
}

const CLEARABLE = ['headline', 'company', 'title', 'location', 'owner', 'website'] as const;

/** Edits a contact's fields; an account named by `company` is linked (and made, if new) at the same time. */
export function updateContact(db: RapportDb, contactId: string, patch: ContactPatch): Promise<ContactContext> {
  return inWriteTx(db, async (w) => {
    const contact = await liveOne(Contact, w.tx.objectStore('contacts').get(contactId));
    if (!contact) throw new RapportError('not_found', 'That contact no longer exists');
    const now = Date.now();
    const { accountId, ...fields } = patch;
    const next: Contact = { ...contact, ...fields, updatedAt: now };
    // An emptied field comes as '' (a message drops undefined): an optional one is then cleared, not kept empty.
    for (const field of CLEARABLE) if (next[field] === '') delete next[field];
    if (accountId === null) delete next.accountId;
    else if (accountId) next.accountId = accountId;
    if (accountId) {
      const account = await liveOne(Account, w.tx.objectStore('accounts').get(accountId));
      if (!account) throw new RapportError('not_found', 'That account no longer exists');
      next.company = account.name;
    }
    const saved = await w.put('contacts', Contact.parse(next));
    return contactContext(w.tx, saved);
  });
}

/** Puts a contact at a company: the account of that name (made if new) becomes theirs; an empty name unlinks. */
export function setContactAccount(db: RapportDb, contactId: string, accountName: string): Promise<ContactContext> {
  return inWriteTx(db, async (w) => {
    const contact = await liveOne(Contact, w.tx.objectStore('contacts').get(contactId));
    if (!contact) throw new RapportError('not_found', 'That contact no longer exists');
    const name = accountName.trim();
    const next: Contact = { ...contact, updatedAt: Date.now() };
    if (name) {
      const account = await findOrCreateAccount(w, db, name);
      next.accountId = account.id;
      next.company = account.name;
    } else {
      delete next.accountId;
    }
    return contactContext(w.tx, await w.put('contacts', Contact.parse(next)));
  });
}
