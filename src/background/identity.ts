import { RapportError } from '../lib/errors';
import { identityFor } from '../lib/identity-record';
import type { ContactContext, PossibleDuplicates } from '../lib/messages';
import type { ProfileRef } from '../lib/profile-ref';
import { Contact, Interaction, SocialIdentity, Task } from '../lib/records';
import { findOrCreateAccount } from './accounts';
import type { RapportDb } from './db';
import { contactFieldsOf } from './profile-fields';
import { type AnyTx, contactContext, identitiesOf, live, liveIdentity, liveOne } from './read';
import { tokenize } from './search-index';
import { freshMeta, inWriteTx, type Writer } from './write';

/**
 * One person, many profiles: a contact holds a SocialIdentity per network. Saving someone who looks like a
 * contact already known (same name at the same company) offers to link instead of duplicating; contacts can be
 * merged (everything moves, nothing is lost) and identities unlinked again.
 */

/** Case, accents and punctuation do not make two names different: the words search reads, one space apart. */
export function personKey(name: string | undefined): string {
  return tokenize(name ?? '').join(' ');
}

/**
 * Whether two names may be one person's: the same words, or one name going on past the other's two or more words, as
 * display names on X and Facebook do ("Jane Doe 🌿" reads as "Jane Doe" already; "Jane Doe | Procurement",
 * "Jane Doe (she/her)").
 */
export function namesMatch(a: string | undefined, b: string | undefined): boolean {
  const [short, long] = [tokenize(a ?? ''), tokenize(b ?? '')].sort((x, y) => x.length - y.length) as [
    string[],
    string[],
  ];
  if (short.length === 0) return false;
  if (short.length === 1) return long.length === 1 && short[0] === long[0];
  return short.every((word, i) => long[i] === word);
}

/** Candidates a name brings from the store, at most per spelling: a common name must not read thousands. */
const NAME_CANDIDATES = 100;

/**
 * Contacts whose stored name begins with the name's first two words, as written and capitalised ("jane doe" on X,
 * "Jane Doe" on LinkedIn): where the other spellings `namesMatch` accepts are, read through the name index.
 */
async function contactsNamedLike(tx: AnyTx, name: string | undefined): Promise<Contact[]> {
  const words = name?.match(/[\p{L}\p{N}][\p{L}\p{N}\p{M}'’.-]*/gu)?.slice(0, 2) ?? [];
  if (!words.length) return [];
  const asWritten = words.join(' ');
  const capitalised = words.map((word) => word.charAt(0).toLocaleUpperCase() + word.slice(1)).join(' ');
  const index = tx.objectStore('contacts').index('by-name');
  const found = await Promise.all(
    [...new Set([asWritten, capitalised])].map((prefix) =>
      index.getAll(IDBKeyRange.bound(prefix, `${prefix}\uffff`), NAME_CANDIDATES),
    ),
  );
  return live(Contact, found.flat());
}

type Lookalike = PossibleDuplicates['candidates'][number];

/**
 * Contacts who may be the profile's person: the same name at the same company, or the same name where one of the two
 * names no company (X and Facebook profiles mostly do not) and the contact has no profile on this network yet. Each
 * comes with the networks it has profiles on, read once: the button that offers it says where it is known.
 */
export async function possibleDuplicates(tx: AnyTx, profile: ProfileRef): Promise<Lookalike[]> {
  if (!personKey(profile.name)) return [];
  const networksRead = new Map<string, Promise<string[]>>();
  const networksOf = (contactId: string) => {
    let networks = networksRead.get(contactId);
    if (!networks) {
      networks = identitiesOf(tx, contactId).then((identities) => [
        ...new Set(identities.map((identity) => identity.network)),
      ]);
      networksRead.set(contactId, networks);
    }
    return networks;
  };
  const company = personKey(profile.company);
  const found = new Map<string, Contact>();
  for (const contact of await contactsNamedLike(tx, profile.name)) {
    if (!namesMatch(contact.name, profile.name)) continue;
    const theirs = personKey(contact.company);
    if (company && theirs === company) found.set(contact.id, contact);
    // A second profile on one network is most likely someone else of that name.
    else if ((!company || !theirs) && !(await networksOf(contact.id)).includes(profile.network)) {
      found.set(contact.id, contact);
    }
  }
  // Names are written differently on different networks ("Jürgen Müller", "Jurgen Muller"): look among the
  // contacts of the company's account too.
  if (company) {
    for (const account of await tx.objectStore('accounts').index('by-name').getAll(profile.company?.trim())) {
      for (const contact of live(Contact, await tx.objectStore('contacts').index('by-account').getAll(account.id))) {
        if (namesMatch(contact.name, profile.name)) found.set(contact.id, contact);
      }
    }
  }
  return Promise.all(
    [...found.values()].map(async (contact) => ({
      contactId: contact.id,
      name: contact.name,
      company: contact.company,
      networks: await networksOf(contact.id),
    })),
  );
}

async function addIdentity(w: Writer, contactId: string, profile: ProfileRef): Promise<void> {
  const existing = await liveIdentity(w.tx, profile.profileKey);
  if (existing?.contactId === contactId) return;
  if (existing)
    throw new RapportError('conflict', 'This profile already belongs to another contact: merge the two instead');
  await w.put('identities', identityFor(profile, { contactId }, freshMeta()), true);
}

/**
 * What the contact lacks and the linked profile says: a company (and its account), headline, location, website or
 * picture. Jane saved from X has no company; linking her LinkedIn profile gives her Northwind's account. What the
 * contact has is never replaced.
 */
async function fillBlanks(w: Writer, db: RapportDb, contact: Contact, profile: ProfileRef): Promise<Contact> {
  const fields = contactFieldsOf(profile);
  const blanks: Partial<Contact> = {};
  if (fields.company && !contact.company && !contact.accountId) {
    const account = await findOrCreateAccount(w, db, fields.company);
    blanks.company = fields.company;
    blanks.accountId = account.id;
  }
  for (const field of ['headline', 'location', 'website', 'avatarUrl'] as const) {
    if (fields[field] && !contact[field]) blanks[field] = fields[field];
  }
  if (Object.keys(blanks).length === 0) return contact;
  return w.put('contacts', Contact.parse({ ...contact, ...blanks, updatedAt: Date.now() }));
}

/** Adds a page's profile to a known contact (the "link instead of duplicate" choice), inside a transaction. */
export async function linkInTx(
  w: Writer,
  db: RapportDb,
  contactId: string,
  profile: ProfileRef,
): Promise<ContactContext> {
  const contact = await liveOne(Contact, w.tx.objectStore('contacts').get(contactId));
  if (!contact) throw new RapportError('not_found', 'That contact no longer exists');
  await addIdentity(w, contact.id, profile);
  return contactContext(w.tx, await fillBlanks(w, db, contact, profile));
}

export function linkProfile(db: RapportDb, contactId: string, profile: ProfileRef): Promise<ContactContext> {
  return inWriteTx(db, (w) => linkInTx(w, db, contactId, profile));
}

/** Detaches a profile from its contact; it becomes a contact of its own. The last profile of a contact stays. */
export function unlinkIdentity(db: RapportDb, identityId: string): Promise<ContactContext> {
  return inWriteTx(db, async (w) => {
    const identity = await liveOne(SocialIdentity, w.tx.objectStore('identities').get(identityId));
    if (!identity?.contactId) throw new RapportError('not_found', 'That profile is not linked to a contact');
    const siblings = await identitiesOf(w.tx, identity.contactId);
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
    for (const identity of await identitiesOf(w.tx, mergeId)) {
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
    for (const identity of await identitiesOf(w.tx, contactId)) {
      await w.put('identities', { ...identity, deleted: true, updatedAt: now });
    }
    await w.put('contacts', { ...contact, deleted: true, updatedAt: now });
  });
}
