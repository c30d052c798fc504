import { describe, expect, it } from 'vitest';
import { contactToVCard, type ExportContact, foldLine, toVCardFile, vcardChunks } from '../../src/lib/export';
import { collectImport, openVCard } from '../../src/lib/import';
import { Account, Contact, SocialIdentity } from '../../src/lib/records';

const NOW = Date.UTC(2025, 6, 26, 10, 11, 12);
let sequence = 0;
const id = () => `0198a1b2-c3d4-7e5f-8a9b-${String(++sequence).padStart(12, '0')}`;

function row(
  fields: Partial<Contact> & { name: string },
  profiles: Array<Partial<SocialIdentity>> = [],
): ExportContact {
  const contact = Contact.parse({ id: id(), createdAt: NOW, updatedAt: NOW, ...fields });
  const identities = profiles.map((profile) =>
    SocialIdentity.parse({ id: id(), createdAt: NOW, updatedAt: NOW, contactId: contact.id, ...profile }),
  );
  return { contact, identities };
}

const people: ExportContact[] = [
  row(
    {
      name: 'Jane Doe',
      company: 'Northwind Analytics',
      title: 'Head of Procurement',
      location: 'Leeds, England',
      emails: ['jane.doe@northwind.example', 'jane@doe.example'],
      phones: ['+44 7700 900123', '+44 113 496 0000'],
      tags: ['Customers', 'Leeds, UK', 'a;b'],
      website: 'https://northwind.example/jane?ref=card;x',
      notes: 'Met at SaaStr 2025, keen on the analytics add-on.\nFollow up in Q3; budget owner. C:\\temp\\notes',
    },
    [
      {
        network: 'linkedin',
        profileKey: 'linkedin:in/jane-doe-4a1b2c',
        url: 'https://www.linkedin.com/in/jane-doe-4a1b2c/',
      },
      { network: 'x', profileKey: 'x:janedoe', url: 'https://x.com/janedoe', handle: 'janedoe' },
      {
        network: 'facebook',
        profileKey: 'facebook:id/100004123456789',
        url: 'https://www.facebook.com/profile.php?id=100004123456789',
      },
    ],
  ),
  row(
    {
      name: 'Chloé Dubois-Martin',
      company: 'Société Générale',
      title: 'Directrice "grands comptes"',
      notes: `Très longue note — ${'éèà '.repeat(60)}fin.`,
    },
    [
      {
        network: 'linkedin',
        profileKey: 'linkedin:in/chloé-dubois-martin',
        url: 'https://www.linkedin.com/in/chlo%C3%A9-dubois-martin/',
      },
    ],
  ),
  row({ name: '李 小龙', emails: ['li@example.cn'] }),
];

describe('vCard 4.0 export', () => {
  it('writes a card per contact that reads back field for field through the importer', async () => {
    const file = toVCardFile(people);
    const { imported, skipped } = await collectImport(await openVCard(file));
    expect(skipped).toEqual([]);
    expect(imported).toHaveLength(people.length);
    imported.forEach(({ candidate }, index) => {
      const { contact, identities = [] } = people[index] as ExportContact;
      expect(candidate).toEqual({
        name: contact.name,
        company: contact.company,
        accountName: contact.company,
        title: contact.title,
        location: contact.location,
        ...(contact.website ? { website: contact.website } : {}),
        emails: contact.emails,
        phones: contact.phones,
        tags: contact.tags,
        notes: contact.notes,
        identities: identities.map((identity) => ({
          network: identity.network,
          profileKey: identity.profileKey,
          url: identity.url,
          ...(identity.handle ? { handle: identity.handle } : {}),
        })),
      });
    });
  });

  it('keeps a line break in a stored address from starting a property of its own', () => {
    const card = contactToVCard(
      row({ name: 'Eve', website: 'https://eve.example/\r\nNOTE:injected' }, [
        { network: 'x', profileKey: 'x:eve', url: 'https://x.com/eve\nEMAIL:evil@example.com', handle: 'eve' },
      ]),
    );
    expect(card).not.toMatch(/[\r\n](NOTE|EMAIL):/);
    expect(card).toContain('URL;TYPE=work:https://eve.example/NOTE:injected');
  });

  it('escapes text and names the account as the organisation', () => {
    const account = Account.parse({ id: id(), createdAt: NOW, updatedAt: NOW, name: 'Acme, Inc.' });
    const card = contactToVCard({ ...row({ name: 'Sam Lee', notes: 'a,b;c\\d\ne' }), account });
    expect(card).toContain('\r\nFN:Sam Lee\r\n');
    expect(card).toContain('\r\nN:Lee;Sam;;;\r\n');
    expect(card).toContain('\r\nORG:Acme\\, Inc.\r\n');
    expect(card).toContain('\r\nNOTE:a\\,b\\;c\\\\d\\ne\r\n');
    expect(card).toContain('\r\nREV:20250726T101112Z\r\n');
    expect(card.startsWith('BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:')).toBe(true);
    expect(card.endsWith('END:VCARD\r\n')).toBe(true);
  });

  it('folds long lines at 75 octets without splitting a character', () => {
    const line = `NOTE:${'é'.repeat(100)}🚀${'x'.repeat(50)}`;
    const folded = foldLine(line);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(new TextEncoder().encode(part).length).toBeLessThanOrEqual(75);
    expect(parts.slice(1).every((part) => part.startsWith(' '))).toBe(true);
    expect(parts.map((part, i) => (i ? part.slice(1) : part)).join('')).toBe(line);
    expect(folded).not.toContain('\uFFFD');
  });

  it('leaves deleted contacts out and comes in chunks', () => {
    const gone = row({ name: 'Gone' });
    const chunks = [...vcardChunks([...people, { contact: { ...gone.contact, deleted: true } }], { cardsPerChunk: 2 })];
    expect(chunks).toHaveLength(2);
    expect(chunks.join('').match(/BEGIN:VCARD/g)).toHaveLength(3);
  });
});
