import { RapportError } from '../lib/errors';
import type { ContactContext, ContactDetail, ContactPatch, LookupResult, TimelineEntry } from '../lib/messages';
import type { ProfileRef } from '../lib/profile-ref';
import { Account, Contact, Interaction, Task } from '../lib/records';
import { findOrCreateAccount } from './accounts';
import type { RapportDb } from './db';
import { CONTEXT_STORES, contactContext, live, liveOne, parsed, resultFor } from './read';
import { freshMeta, inWriteTx } from './write';

/** Looks up many profile keys in one read transaction: a feed's worth of authors costs one message and one pass. */
export async function lookupKeys(db: RapportDb, keys: readonly string[]): Promise<Record<string, LookupResult>> {
  const tx = db.transaction(CONTEXT_STORES, 'readonly');
  const unique = [...new Set(keys)];
  const results = await Promise.all(unique.map((key) => resultFor(tx, key)));
  await tx.done;
  return Object.fromEntries(unique.map((key, i) => [key, results[i] ?? null]));
}

const clip = (value: string | undefined, max: number) => (value ? value.trim().slice(0, max) || undefined : undefined);

/**
 * Saves the person on a page as a lead: a contact, its social identity and (when the page names one) its company
 * account, in one transaction with their outbox entries. Saving a profile that is already known returns it.
 */
export function saveLead(db: RapportDb, profile: ProfileRef, owner?: string): Promise<ContactContext> {
  return inWriteTx(db, async (w) => {
    const known = await resultFor(w.tx, profile.profileKey);
    if (known?.kind === 'contact') return known;
    const now = Date.now();
    const company = clip(profile.company, 300);
    const account = company ? await findOrCreateAccount(w, company, now) : undefined;
    const avatarUrl = profile.avatarUrl && /^https:\/\//i.test(profile.avatarUrl) ? profile.avatarUrl : undefined;
    const contact = await w.put(
      'contacts',
      Contact.parse({
        ...freshMeta(now),
        name: clip(profile.name, 300) ?? profile.handle ?? profile.profileKey,
        headline: clip(profile.headline, 1000),
        company,
        location: clip(profile.location, 300),
        avatarUrl,
        accountId: account?.id,
        relationship: account?.relationship ?? 'prospect',
        owner,
      }),
      true,
    );
    await w.put(
      'identities',
      {
        ...freshMeta(now),
        network: profile.network,
        profileKey: profile.profileKey,
        url: profile.url,
        handle: clip(profile.handle, 200),
        displayName: clip(profile.name, 300),
        contactId: contact.id,
      },
      true,
    );
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

/** Edits a contact's fields; an account named by `company` is linked (and made, if new) at the same time. */
export function updateContact(db: RapportDb, contactId: string, patch: ContactPatch): Promise<ContactContext> {
  return inWriteTx(db, async (w) => {
    const contact = await liveOne(Contact, w.tx.objectStore('contacts').get(contactId));
    if (!contact) throw new RapportError('not_found', 'That contact no longer exists');
    const now = Date.now();
    const { accountId, ...fields } = patch;
    const next: Contact = { ...contact, ...fields, updatedAt: now };
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
