import { deleteDB } from 'idb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lookupKeys, recentContacts, updateContact } from '../../src/background/contacts';
import { openRapportDb, type RapportDb, SCHEMA_VERSION, UPGRADES } from '../../src/background/db';
import { logInteraction } from '../../src/background/interactions';
import { pendingMutations } from '../../src/background/outbox';
import type { ProfileRef } from '../../src/lib/profile-ref';
import { savedContact } from './helpers';

const jane: ProfileRef = {
  network: 'linkedin',
  kind: 'person',
  profileKey: 'linkedin:in/jane-doe-4a1b2c',
  url: 'https://www.linkedin.com/in/jane-doe-4a1b2c/',
  name: 'Jane Doe',
  headline: 'Head of Procurement at Northwind Analytics',
  company: 'Northwind Analytics',
  location: 'Leeds',
};

let name: string;
let db: RapportDb;

beforeEach(async () => {
  name = `rapport-test-${Math.random()}`;
  db = await openRapportDb(name);
});
afterEach(async () => {
  db.close();
  await deleteDB(name);
});

describe('saving a lead', () => {
  it('stores the contact, its identity and its company account, and finds them by profile key', async () => {
    const saved = await savedContact(db, jane);
    expect(saved.contact).toMatchObject({ name: 'Jane Doe', company: 'Northwind Analytics', stage: 'lead' });
    expect(saved.account?.name).toBe('Northwind Analytics');
    expect(saved.identities).toHaveLength(1);
    const { [jane.profileKey]: found } = (await lookupKeys(db, [jane.profileKey])).results;
    expect(found?.kind === 'contact' && found.contact.id).toBe(saved.contact.id);
  });

  it('keeps the website the profile links to, when it is a web address', async () => {
    const onX = { ...jane, network: 'x' as const, profileKey: 'x:janedoebuys', url: 'https://x.com/janedoebuys' };
    expect((await savedContact(db, { ...onX, website: 'https://northwind.example/jane' })).contact.website).toBe(
      'https://northwind.example/jane',
    );
    const hostile = { ...onX, profileKey: 'x:janedoe2', url: 'https://x.com/janedoe2', company: 'Other Ltd' };
    expect((await savedContact(db, { ...hostile, website: 'javascript:alert(1)' })).contact.website).toBeUndefined();
  });

  it('clears an optional field emptied in the popup instead of keeping it empty', async () => {
    const { contact } = await savedContact(db, jane);
    await updateContact(db, contact.id, { owner: 'Sam', website: 'https://northwind.example/jane' });
    const cleared = await updateContact(db, contact.id, { owner: '', website: '', location: '' });
    expect(cleared.contact).not.toHaveProperty('owner');
    expect(cleared.contact).not.toHaveProperty('website');
    expect(cleared.contact).not.toHaveProperty('location');
    expect(cleared.contact.name).toBe('Jane Doe');
  });

  it('is idempotent: saving the same profile twice keeps one contact', async () => {
    const first = await savedContact(db, jane);
    const second = await savedContact(db, { ...jane, name: 'Jane D.' });
    expect(second.contact.id).toBe(first.contact.id);
    expect(await db.count('contacts')).toBe(1);
    expect(await db.count('identities')).toBe(1);
  });

  it('reuses the account of a company it already knows', async () => {
    await savedContact(db, jane);
    await savedContact(db, {
      ...jane,
      profileKey: 'linkedin:in/sam-lee',
      url: 'https://www.linkedin.com/in/sam-lee/',
      name: 'Sam Lee',
    });
    expect(await db.count('accounts')).toBe(1);
  });

  it('writes every change to the outbox in the same transaction', async () => {
    await savedContact(db, jane);
    const outbox = await db.getAll('outbox');
    expect(outbox).toHaveLength(1);
    expect(outbox.flatMap((entry) => entry.mutations.map((change) => change.store)).sort()).toEqual([
      'accounts',
      'contacts',
      'identities',
    ]);
  });

  it('refuses a record that breaks its schema and leaves nothing half-written', async () => {
    await expect(
      savedContact(db, { ...jane, name: 'x'.repeat(5000), avatarUrl: 'javascript:alert(1)' }),
    ).resolves.toBeTruthy();
    // Page text is clipped, unsafe URLs dropped; a profile the schema rejects outright writes nothing at all:
    await expect(savedContact(db, { ...jane, profileKey: 'linkedin:in/other', url: 'ftp://nope' })).rejects.toThrow();
    expect(await db.count('contacts')).toBe(1);
    expect(await pendingMutations(db)).toBe(3);
  });

  it('answers unknown keys with null, in one batch', async () => {
    await savedContact(db, jane);
    const { results } = await lookupKeys(db, ['linkedin:in/nobody', jane.profileKey, 'linkedin:in/nobody']);
    expect(Object.keys(results).sort()).toEqual(['linkedin:in/jane-doe-4a1b2c', 'linkedin:in/nobody']);
    expect(results['linkedin:in/nobody']).toBeNull();
  });
});

describe('interactions', () => {
  it('shows the latest interaction as the last one', async () => {
    const { contact } = await savedContact(db, jane);
    await logInteraction(db, {
      contactId: contact.id,
      type: 'call',
      channel: 'phone',
      summary: 'Intro call',
      occurredAt: 1000,
    });
    const after = await logInteraction(db, {
      contactId: contact.id,
      type: 'meeting',
      channel: 'in_person',
      summary: 'Demo',
      occurredAt: 5000,
    });
    await logInteraction(db, {
      contactId: contact.id,
      type: 'note',
      channel: 'linkedin',
      summary: 'Older note',
      occurredAt: 2000,
    });
    expect(after.lastInteraction?.summary).toBe('Demo');
    const { [jane.profileKey]: found } = (await lookupKeys(db, [jane.profileKey])).results;
    expect(found?.kind === 'contact' && found.lastInteraction?.summary).toBe('Demo');
  });

  it('refuses an interaction for a contact that does not exist', async () => {
    await expect(
      logInteraction(db, {
        contactId: '01890000-0000-7000-8000-000000000000',
        type: 'call',
        channel: 'phone',
        summary: 'x',
      }),
    ).rejects.toThrow(/no longer exists/);
    expect(await db.count('interactions')).toBe(0);
  });
});

it('lists recently saved contacts, newest first', async () => {
  await savedContact(db, jane);
  await new Promise((r) => setTimeout(r, 5));
  await savedContact(db, {
    ...jane,
    profileKey: 'linkedin:in/sam-lee',
    url: 'https://www.linkedin.com/in/sam-lee/',
    name: 'Sam Lee',
  });
  expect((await recentContacts(db, 10)).map((c) => c.name)).toEqual(['Sam Lee', 'Jane Doe']);
  expect(await recentContacts(db, 1)).toHaveLength(1);
});

describe('schema upgrades', () => {
  it('keeps every record when a future version adds a step', async () => {
    const saved = await savedContact(db, jane);
    db.close();
    const v2 = await openRapportDb(name, [
      ...UPGRADES,
      (_db, tx) => {
        tx.objectStore('contacts').createIndex('by-stage' as never, 'stage');
      },
    ]);
    expect(v2.version).toBe(SCHEMA_VERSION + 1);
    expect((await v2.get('contacts', saved.contact.id))?.name).toBe('Jane Doe');
    expect(await pendingMutations(v2)).toBe(3);
    v2.close();
    db = await openRapportDb(`${name}-fresh`);
    expect(db.version).toBe(SCHEMA_VERSION);
    db.close();
    await deleteDB(`${name}-fresh`);
    db = await openRapportDb(name, [...UPGRADES, () => {}]);
  });

  it('moves version 3 outbox entries (one per change) into version 4 entries, keeping their order', async () => {
    db.close();
    const old = `${name}-v3`;
    const v3 = await openRapportDb(old, UPGRADES.slice(0, 3));
    const tx = v3.transaction('outbox', 'readwrite');
    for (const recordId of ['01900000-0000-7000-8000-000000000001', '01900000-0000-7000-8000-000000000002']) {
      await (tx.store as unknown as { add(v: unknown): Promise<unknown> }).add({
        store: 'contacts',
        recordId,
        patch: { name: recordId.slice(-1) },
        hlc: '000001700000000000-0000-node',
      });
    }
    await tx.done;
    v3.close();
    const v4 = await openRapportDb(old);
    const entries = await v4.getAll('outbox');
    expect(entries.map((entry) => [entry.seq, entry.mutations[0]?.recordId.slice(-1), entry.keys.length])).toEqual([
      [1, '1', 1],
      [2, '2', 1],
    ]);
    expect(await v4.getAllFromIndex('outbox', 'by-key', 'contacts 01900000-0000-7000-8000-000000000002')).toHaveLength(
      1,
    );
    v4.close();
    await deleteDB(old);
    db = await openRapportDb(name);
  });
});
