import { RapportError } from '../lib/errors';
import { identityFor } from '../lib/identity-record';
import type { ContactContext } from '../lib/messages';
import type { ProfileRef } from '../lib/profile-ref';
import { Contact, Interaction, SocialIdentity, Task } from '../lib/records';
import type { RapportDb } from './db';
import { type AnyTx, contactContext, live, liveIdentity, liveOne } from './read';
import { freshMeta, inWriteTx, type Writer } from './write';

/**
 * One person, many profiles: a contact holds a SocialIdentity per network. Saving someone who looks like a
 * contact already known (same name at the same company) offers to link instead of duplicating; contacts can be
 * merged (everything moves, nothing is lost) and identities unlinked again.
 */

/** Case, accents and punctuation do not make two names different. */
export function personKey(name: string | undefined): string {
  return (name ?? '')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLocaleLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Contacts with the profile's name whose company is the profile's company. */
export async function possibleDuplicates(tx: AnyTx, profile: ProfileRef): Promise<Contact[]> {
  const name = personKey(profile.name);
  const company = personKey(profile.company);
  if (!name || !company) return [];
  const byName = live(Contact, await tx.objectStore('contacts').index('by-name').getAll(profile.name?.trim()));
  const sameCompany = (contact: Contact) => personKey(contact.company) === company;
  const found = new Map(byName.filter(sameCompany).map((contact) => [contact.id, contact]));
  // Names are written differently on different networks ("Jürgen Müller", "Jurgen Muller"): look among the
  // contacts of the company's account too.
  for (const account of await tx.objectStore('accounts').index('by-name').getAll(profile.company?.trim())) {
    for (const contact of live(Contact, await tx.objectStore('contacts').index('by-account').getAll(account.id))) {
      if (personKey(contact.name) === name) found.set(contact.id, contact);
    }
  }
  return [...found.values()];
}

async function addIdentity(w: Writer, contactId: string, profile: ProfileRef): Promise<void> {
  const existing = await liveIdentity(w.tx, profile.profileKey);
  if (existing?.contactId === contactId) return;
  if (existing)
    throw new RapportError('conflict', 'This profile already belongs to another contact: merge the two instead');
  await w.put('identities', identityFor(profile, { contactId }, freshMeta()), true);
}

/** Adds a page's profile to a known contact (the "link instead of duplicate" choice), inside a transaction. */
export async function linkInTx(w: Writer, contactId: string, profile: ProfileRef): Promise<ContactContext> {
  const contact = await liveOne(Contact, w.tx.objectStore('contacts').get(contactId));
  if (!contact) throw new RapportError('not_found', 'That contact no longer exists');
  await addIdentity(w, contact.id, profile);
  return contactContext(w.tx, contact);
}

export function linkProfile(db: RapportDb, contactId: string, profile: ProfileRef): Promise<ContactContext> {
  return inWriteTx(db, (w) => linkInTx(w, contactId, profile));
}

/** Detaches a profile from its contact; it becomes a contact of its own. The last profile of a contact stays. */
export function unlinkIdentity(db: RapportDb, identityId: string): Promise<ContactContext> {
  return inWriteTx(db, async (w) => {
    const identity = await liveOne(SocialIdentity, w.tx.objectStore('identities').get(identityId));
    if (!identity?.contactId) throw new RapportError('not_found', 'That profile is not linked to a contact');
    const siblings = live(
      SocialIdentity,
      await w.tx.objectStore('identities').index('by-contact').getAll(identity.contactId),
    );
    if (siblings.length < 2) throw new RapportError('bad_request', "A contact's only profile cannot be unlinked");
    const now = Date.now();
    const contact = await w.put(
      'contacts',
      Contact.parse({ ...freshMeta(now), name: identity.displayName ?? identity.handle ?? identity.profileKey }),
      true,
    );
    await w.put('identities', { ...identity, contactId: contact.id, updatedAt: now });
    return contactContext(w.tx, contact);
  });
}

const union = (a: string[], b: string[]) => [...new Set([...a, ...b])];

/**
 * Merges `mergeId` into `keepId`: profiles, interactions and follow-ups move over; tags, emails and phones are
 * united; empty fields of the kept contact are filled from the other; the merged contact becomes a tombstone.
 */
export function mergeContacts(db: RapportDb, keepId: string, mergeId: string): Promise<ContactContext> {
  if (keepId === mergeId)
    return Promise.reject(new RapportError('bad_request', 'A contact cannot be merged into itself'));
  return inWriteTx(db, async (w) => {
    const [keep, gone] = await Promise.all([
      liveOne(Contact, w.tx.objectStore('contacts').get(keepId)),
      liveOne(Contact, w.tx.objectStore('contacts').get(mergeId)),
    ]);
    if (!keep || !gone) throw new RapportError('not_found', 'One of the two contacts no longer exists');
    const now = Date.now();
    for (const identity of live(
      SocialIdentity,
      await w.tx.objectStore('identities').index('by-contact').getAll(mergeId),
    )) {
      await w.put('identities', { ...identity, contactId: keepId, updatedAt: now });
    }
    const history = IDBKeyRange.bound([mergeId, 0], [mergeId, Number.MAX_SAFE_INTEGER]);
    for (const interaction of live(
      Interaction,
      await w.tx.objectStore('interactions').index('by-contact-time').getAll(history),
    )) {
      await w.put('interactions', { ...interaction, contactId: keepId, updatedAt: now });
    }
    for (const task of live(Task, await w.tx.objectStore('tasks').index('by-contact').getAll(mergeId))) {
      await w.put('tasks', { ...task, contactId: keepId, updatedAt: now });
    }
    const filled: Contact = { ...gone, ...stripEmpty(keep) };
    const merged = await w.put(
      'contacts',
      Contact.parse({
        ...filled,
        id: keep.id,
        createdAt: Math.min(keep.createdAt, gone.createdAt),
        updatedAt: now,
        tags: union(keep.tags, gone.tags),
        emails: union(keep.emails, gone.emails),
        phones: union(keep.phones, gone.phones),
        notes: [...new Set([keep.notes, gone.notes].filter(Boolean))].join('\n\n'),
      }),
    );
    await w.put('contacts', { ...gone, deleted: true, updatedAt: now });
    return contactContext(w.tx, merged);
  });
}

function stripEmpty(contact: Contact): Partial<Contact> {
  return Object.fromEntries(
    Object.entries(contact).filter(
      ([, value]) => value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0),
    ),
  ) as Partial<Contact>;
}

/** Deletes a contact: it and its profiles become tombstones, so the deletion syncs; its history goes with it. */
export function deleteContact(db: RapportDb, contactId: string): Promise<void> {
  return inWriteTx(db, async (w) => {
    const contact = await liveOne(Contact, w.tx.objectStore('contacts').get(contactId));
    if (!contact) return;
    const now = Date.now();
    for (const identity of live(
      SocialIdentity,
      await w.tx.objectStore('identities').index('by-contact').getAll(contactId),
    )) {
      await w.put('identities', { ...identity, deleted: true, updatedAt: now });
    }
    await w.put('contacts', { ...contact, deleted: true, updatedAt: now });
  });
}
