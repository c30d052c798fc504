import { Contact, type SocialIdentity } from '../lib/records';
import type { RapportDb } from './db';
import { identitiesOf, liveOne } from './read';
import { type Searchable, SearchIndex } from './search-index';
import { onCommitted } from './write';

/**
 * Keeps the worker's search index: built from the store on the first search after the worker starts, then kept
 * current from committed changes, so keystrokes never wait for IndexedDB.
 */
let index: Promise<SearchIndex> | undefined;
const BULK = 200;
/** Refreshes run in order; a search waits for them, so a contact saved a moment ago is found. */
let pending: Promise<void> = Promise.resolve();

function searchable(contact: Contact, identities: SocialIdentity[]): Searchable {
  return {
    contactId: contact.id,
    name: contact.name,
    company: contact.company,
    relationship: contact.relationship,
    stage: contact.stage,
    handles: identities.map((identity) => identity.handle ?? identity.profileKey.replace(/^[a-z]+:(in\/|id\/)?/, '')),
    tags: contact.tags,
    notes: contact.notes,
  };
}

async function build(db: RapportDb): Promise<SearchIndex> {
  const tx = db.transaction(['contacts', 'identities']);
  const [contacts, identities] = await Promise.all([
    tx.objectStore('contacts').getAll(),
    tx.objectStore('identities').getAll(),
  ]);
  await tx.done;
  // Records were validated when written; rebuilding the index only needs their live ones, so it skips a second
  // zod pass over 300,000 records (seconds at that size) and checks the few fields it reads.
  const byContact = new Map<string, SocialIdentity[]>();
  for (const identity of identities) {
    if (identity.deleted || typeof identity.profileKey !== 'string') continue;
    if (!identity.contactId) continue;
    const list = byContact.get(identity.contactId) ?? [];
    list.push(identity);
    byContact.set(identity.contactId, list);
  }
  const fresh = new SearchIndex();
  fresh.load(
    contacts
      .filter((contact) => !contact.deleted && typeof contact.name === 'string')
      .map((contact) => searchable(contact, byContact.get(contact.id) ?? [])),
  );
  return fresh;
}

async function refresh(db: RapportDb, target: SearchIndex, contactIds: Set<string>): Promise<void> {
  const tx = db.transaction(['contacts', 'identities']);
  for (const id of contactIds) {
    const contact = await liveOne(Contact, tx.objectStore('contacts').get(id));
    if (!contact) {
      target.remove(id);
      continue;
    }
    target.upsert(searchable(contact, await identitiesOf(tx, id)));
  }
  await tx.done;
}

export async function searchIndex(db: RapportDb): Promise<SearchIndex> {
  index ??= build(db).catch((error) => {
    index = undefined;
    throw error;
  });
  await pending;
  return index;
}

/** Follows writes; identities are looked up to find the contact whose handles changed. */
export function keepSearchIndexCurrent(db: () => Promise<RapportDb>): void {
  onCommitted((changes, _db, wiped) => {
    if (!index) return;
    // A bulk change (an import, a restore, a first sync) is cheaper to rebuild from on the next search.
    if (wiped || changes.length > BULK) {
      index = undefined;
      return;
    }
    const current = index;
    pending = pending
      .then(async () => {
        const database = await db();
        const ids = new Set<string>();
        for (const change of changes) {
          if (change.store === 'contacts') ids.add(change.id);
          if (change.store === 'identities') {
            const identity = await database.get('identities', change.id);
            if (identity?.contactId) ids.add(identity.contactId);
          }
        }
        if (ids.size) await refresh(database, await current, ids);
      })
      .catch((error) => console.error('Rapport: search index refresh failed', error));
  });
}
