import { describe, expect, it } from 'vitest';
import {
  type Candidate,
  candidateToRecords,
  collectImport,
  contactMatchKeys,
  foldCompany,
  isStrongKey,
  matchKeys,
  mayMergeOn,
  mergeCandidateIntoContact,
  openLinkedInConnections,
  openVCard,
} from '../../src/lib/import';
import { Contact, SocialIdentity } from '../../src/lib/records';
import { importFixture } from '../fixtures/import';
import { makeConnectionsCsv } from '../helpers/connections-csv';

const candidate = (overrides: Partial<Candidate> = {}): Candidate => ({
  name: 'Jane Doe',
  company: 'Northwind Analytics',
  title: 'Head of Procurement',
  accountName: 'Northwind Analytics',
  identities: [
    {
      network: 'linkedin',
      profileKey: 'linkedin:in/jane-doe-4a1b2c',
      url: 'https://www.linkedin.com/in/jane-doe-4a1b2c/',
    },
  ],
  emails: ['Jane.Doe@Northwind.example'],
  phones: [],
  tags: [],
  notes: '',
  ...overrides,
});

/** The store side in miniature: a key index over contacts, as the background will keep it. */
class MemoryStore {
  contacts = new Map<string, Contact>();
  identities: SocialIdentity[] = [];
  writes = 0;
  private byKey = new Map<string, string>();

  private index(contact: Contact) {
    for (const key of contactMatchKeys(contact, this.identitiesOf(contact.id))) {
      if (!this.byKey.has(key)) this.byKey.set(key, contact.id);
    }
  }

  private identitiesOf(contactId: string) {
    return this.identities.filter((identity) => identity.contactId === contactId);
  }

  apply(incoming: Candidate, now: number): 'added' | 'merged' | 'unchanged' {
    let existing: Contact | undefined;
    for (const key of matchKeys(incoming)) {
      const found = this.contacts.get(this.byKey.get(key) ?? '');
      if (found && mayMergeOn(key, incoming, this.identitiesOf(found.id))) {
        existing = found;
        break;
      }
    }
    if (!existing) {
      const { contact, identities } = candidateToRecords(incoming, { now });
      this.contacts.set(contact.id, contact);
      this.identities.push(...identities);
      this.writes++;
      this.index(contact);
      return 'added';
    }
    const identities = this.identitiesOf(existing.id);
    const merged = mergeCandidateIntoContact({ contact: existing, identities }, incoming, { now });
    if (!merged.changed) return 'unchanged';
    this.contacts.set(merged.contact.id, merged.contact);
    this.identities.push(...merged.identities);
    this.writes++;
    this.index(merged.contact);
    return 'merged';
  }
}

describe('match keys', () => {
  it('lists profile keys, then emails, then name and company', () => {
    expect(matchKeys(candidate())).toEqual([
      'linkedin:in/jane-doe-4a1b2c',
      'email:jane.doe@northwind.example',
      'name:jane doe|northwind analytics',
    ]);
    expect(matchKeys(candidate()).map(isStrongKey)).toEqual([true, true, false]);
  });

  it('does not merge two people who share only a name and a company', () => {
    const other = candidate({
      identities: [
        { network: 'linkedin', profileKey: 'linkedin:in/jane-doe-2', url: 'https://www.linkedin.com/in/jane-doe-2/' },
      ],
    });
    const key = 'name:jane doe|northwind analytics';
    expect(mayMergeOn(key, other, [{ network: 'linkedin', profileKey: 'linkedin:in/jane-doe-4a1b2c' }])).toBe(false);
    expect(mayMergeOn(key, other, [{ network: 'x', profileKey: 'x:janedoe' }])).toBe(true);
    expect(mayMergeOn('email:jane@x.example', other, [{ network: 'linkedin', profileKey: 'linkedin:in/jd' }])).toBe(
      true,
    );
  });

  it('folds accents, punctuation and legal forms away', () => {
    const a = matchKeys(candidate({ name: 'José  O’Brien', company: 'Acme, Inc.', identities: [], emails: [] }));
    const b = matchKeys(candidate({ name: 'Jose OBrien', company: 'ACME', identities: [], emails: [] }));
    expect(a).toEqual(b);
    expect(foldCompany('Müller & Söhne GmbH')).toBe('muller sohne');
    expect(foldCompany('Inc')).toBe('inc');
  });

  it('gives a stored contact the same keys as the candidate it came from', () => {
    const incoming = candidate();
    const { contact, identities } = candidateToRecords(incoming, { now: 1 });
    expect(contactMatchKeys(contact, identities)).toEqual(matchKeys(incoming));
  });
});

describe('new contacts from candidates', () => {
  it('makes records that pass their schemas', () => {
    const { contact, identities } = candidateToRecords(
      candidate({ location: 'Leeds', tags: ['Customers'], phones: ['+44 7700 900123'] }),
      { now: 1_753_500_000_000, owner: 'Alex', accountId: '0190a0b0-0000-7000-8000-000000000001' },
    );
    expect(Contact.parse(contact)).toEqual(contact);
    expect(identities.map((identity) => SocialIdentity.parse(identity))).toEqual(identities);
    expect(contact).toMatchObject({ name: 'Jane Doe', owner: 'Alex', stage: 'lead', relationship: 'prospect' });
    expect(identities[0]).toMatchObject({ contactId: contact.id, displayName: 'Jane Doe' });
  });
});

describe('merging a candidate into a contact', () => {
  const stored = () =>
    candidateToRecords(candidate({ title: undefined, emails: ['jane.doe@northwind.example'] }), { now: 10 });

  it('fills empty fields and adds what is missing, never replacing what is there', () => {
    const { contact, identities } = stored();
    const edited: Contact = { ...contact, company: 'Northwind (edited by me)', notes: 'My own note', tags: ['VIP'] };
    const result = mergeCandidateIntoContact(
      { contact: edited, identities },
      candidate({
        company: 'Northwind Analytics',
        title: 'Head of Procurement',
        notes: 'From the file',
        emails: ['JANE.DOE@northwind.example', 'jane@doe.example'],
        phones: ['+44 7700 900123'],
        tags: ['vip', 'Leeds'],
        identities: [
          ...candidate().identities,
          { network: 'x', profileKey: 'x:janedoe', url: 'https://x.com/janedoe', handle: 'janedoe' },
        ],
      }),
      { now: 20 },
    );
    expect(result.changed).toBe(true);
    expect(result.contact).toMatchObject({
      company: 'Northwind (edited by me)',
      title: 'Head of Procurement',
      notes: 'My own note',
      emails: ['jane.doe@northwind.example', 'jane@doe.example'],
      phones: ['+44 7700 900123'],
      tags: ['VIP', 'Leeds'],
      updatedAt: 20,
    });
    expect(result.identities.map((identity) => [identity.profileKey, identity.contactId])).toEqual([
      ['x:janedoe', contact.id],
    ]);
  });

  it('treats phone numbers written differently as one', () => {
    const { contact, identities } = stored();
    const withPhone = { ...contact, phones: ['+44 7700 900123'] };
    const result = mergeCandidateIntoContact(
      { contact: withPhone, identities },
      candidate({ phones: ['+44 (7700) 900-123'] }),
      { now: 30 },
    );
    expect(result.contact.phones).toEqual(['+44 7700 900123']);
  });

  it('changes nothing, and says so, when the candidate brings nothing new', () => {
    const { contact, identities } = stored();
    const result = mergeCandidateIntoContact({ contact, identities }, candidate({ title: undefined }), { now: 40 });
    expect(result).toEqual({ contact, identities: [], changed: false });
  });
});

describe('importing the same file twice', () => {
  it('creates no duplicates and writes nothing the second time', async () => {
    const store = new MemoryStore();
    const text = makeConnectionsCsv(500, 77);
    const first = await collectImport(await openLinkedInConnections(text));
    const firstOutcome = first.imported.map((row) => store.apply(row.candidate, 100));
    expect(firstOutcome.every((outcome) => outcome === 'added')).toBe(true);
    expect(store.contacts.size).toBe(500);

    const writes = store.writes;
    const second = await collectImport(await openLinkedInConnections(text));
    const secondOutcome = second.imported.map((row) => store.apply(row.candidate, 200));
    expect(new Set(secondOutcome)).toEqual(new Set(['unchanged']));
    expect(store.contacts.size).toBe(500);
    expect(store.identities).toHaveLength(500);
    expect(store.writes).toBe(writes);
  });

  it('recognises people across formats: a vCard after the Connections.csv adds to the same contact', async () => {
    const store = new MemoryStore();
    for (const row of (await collectImport(await openLinkedInConnections(importFixture('Connections.csv')))).imported) {
      store.apply(row.candidate, 100);
    }
    const cards = await collectImport(await openVCard(importFixture('apple-contacts-3.0.vcf')));
    const outcomes = cards.imported.map((row) => [row.candidate.name, store.apply(row.candidate, 200)]);
    expect(outcomes[0]).toEqual(['Jane Doe', 'merged']);
    const jane = [...store.contacts.values()].find((contact) => contact.name === 'Jane Doe');
    expect(jane?.phones).toEqual(['+44 7700 900123', '+44 113 496 0000']);
    expect(jane?.location).toBe('Leeds');
    expect(store.identities.filter((identity) => identity.contactId === jane?.id).map((i) => i.profileKey)).toEqual([
      'linkedin:in/jane-doe-4a1b2c',
      'x:janedoe',
    ]);
  });
});
