import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import {
  crmCsvChunks,
  type ExportContact,
  escapeFormula,
  FORMULA_START,
  splitName,
  toCrmCsv,
} from '../../src/lib/export';
import { Account, Contact, SocialIdentity } from '../../src/lib/records';

const NOW = Date.UTC(2025, 6, 26, 10, 11, 12);
let sequence = 0;
const id = () => `0198a1b2-c3d4-7e5f-8a9b-${String(++sequence).padStart(12, '0')}`;

function person(fields: Partial<Contact> & { name: string }): Contact {
  return Contact.parse({ id: id(), createdAt: NOW, updatedAt: NOW, ...fields });
}

function identity(
  contactId: string,
  fields: Pick<SocialIdentity, 'network' | 'profileKey' | 'url'> & Partial<SocialIdentity>,
) {
  return SocialIdentity.parse({ id: id(), createdAt: NOW, updatedAt: NOW, contactId, ...fields });
}

function janeRow(): ExportContact {
  const contact = person({
    name: 'Jane Doe',
    company: 'Northwind (typed)',
    title: 'Head of Procurement',
    location: 'Leeds, England, United Kingdom',
    emails: ['jane.doe@northwind.example', 'jane@doe.example'],
    phones: ['+44 7700 900123'],
    notes: 'Met at SaaStr, keen on the add-on.\nFollow up in Q3.',
    tags: ['Customers'],
    website: 'https://northwind.example/jane',
  });
  const account = Account.parse({ id: id(), createdAt: NOW, updatedAt: NOW, name: 'Northwind Analytics' });
  return {
    contact,
    account,
    identities: [
      identity(contact.id, {
        network: 'linkedin',
        profileKey: 'linkedin:in/jane-doe-4a1b2c',
        url: 'https://www.linkedin.com/in/jane-doe-4a1b2c/',
      }),
      identity(contact.id, { network: 'x', profileKey: 'x:janedoe', url: 'https://x.com/janedoe', handle: 'janedoe' }),
    ],
  };
}

const parse = (csv: string) => Papa.parse<string[]>(csv, { skipEmptyLines: true }).data;

describe('CSV for HubSpot', () => {
  it('uses the property labels HubSpot maps by itself', () => {
    const csv = toCrmCsv('hubspot', [janeRow()]);
    expect(
      csv.startsWith(
        'First Name,Last Name,Email,Phone Number,Company Name,Job Title,City,LinkedIn URL,Twitter Username,Website URL\r\n',
      ),
    ).toBe(true);
    expect(parse(csv)[1]).toEqual([
      'Jane',
      'Doe',
      'jane.doe@northwind.example',
      '+44 7700 900123',
      'Northwind Analytics',
      'Head of Procurement',
      'Leeds',
      'https://www.linkedin.com/in/jane-doe-4a1b2c/',
      'janedoe',
      'https://northwind.example/jane',
    ]);
  });

  it('leaves out deleted contacts and deleted profiles', () => {
    const row = janeRow();
    const gone = { contact: { ...person({ name: 'Gone Person' }), deleted: true } };
    const deletedProfiles = { ...row, identities: row.identities?.map((i) => ({ ...i, deleted: true })) };
    const rows = parse(toCrmCsv('hubspot', [gone, deletedProfiles]));
    expect(rows).toHaveLength(2);
    expect(rows[1]?.slice(7, 9)).toEqual(['', '']);
  });
});

describe('CSV for Salesforce', () => {
  it('uses the Data Import Wizard labels, with the notes as the description', () => {
    const csv = toCrmCsv('salesforce', [janeRow(), { contact: person({ name: 'Cher' }) }]);
    const [header, jane, cher] = parse(csv);
    expect(header).toEqual([
      'First Name',
      'Last Name',
      'Email',
      'Business Phone',
      'Title',
      'Account Name',
      'Mailing City',
      'Contact Description',
    ]);
    expect(jane).toEqual([
      'Jane',
      'Doe',
      'jane.doe@northwind.example',
      '+44 7700 900123',
      'Head of Procurement',
      'Northwind Analytics',
      'Leeds',
      'Met at SaaStr, keen on the add-on.\nFollow up in Q3.',
    ]);
    // Salesforce requires a last name: a one-word name goes there.
    expect(cher?.slice(0, 2)).toEqual(['', 'Cher']);
  });

  it('comes in chunks that add up to the whole file, with CRLF line ends', () => {
    const rows = Array.from({ length: 25 }, (_, i) => ({ contact: person({ name: `Person ${i}` }) }));
    const chunks = [...crmCsvChunks('salesforce', rows, { rowsPerChunk: 10 })];
    expect(chunks).toHaveLength(4);
    expect(chunks.join('')).toBe(toCrmCsv('salesforce', rows));
    expect(chunks.join('').split('\r\n')).toHaveLength(27);
    expect(toCrmCsv('hubspot', [], { bom: true }).startsWith('\uFEFFFirst Name,')).toBe(true);
  });
});

describe('formula injection', () => {
  it('prefixes cells that a spreadsheet would run with a single quote', () => {
    for (const value of [
      '=HYPERLINK("https://evil.example","click")',
      "+cmd|' /C calc'!A0",
      "-2+3+cmd|' /C calc'!A0",
      '@SUM(A1:A9)',
      '\t=1+1',
      '\r=1+1',
      '=1+1\nsecond line',
      '＝1+1',
    ]) {
      expect(escapeFormula(value)).toBe(`'${value}`);
    }
  });

  it('leaves ordinary text, phone numbers and plain numbers alone', () => {
    for (const value of ['Jane Doe', '+44 7700 900123', '+1 (555) 010-0199', '-5', 'a=b', 'jane@example.com', '']) {
      expect(escapeFormula(value)).toBe(value);
    }
  });

  it('is applied to every cell of both exports', () => {
    const contact = person({
      name: '=HYPERLINK("https://evil.example") Doe',
      title: '@SUM(1+1)',
      company: '+cmd',
      notes: '-1+A1',
      emails: ['=x@example.com'],
    });
    for (const target of ['hubspot', 'salesforce'] as const) {
      const cells = parse(toCrmCsv(target, [{ contact }]))[1] ?? [];
      const risky = cells.filter((cell) => FORMULA_START.test(cell));
      expect(risky).toEqual([]);
      expect(cells.filter((cell) => cell.startsWith("'")).length).toBeGreaterThanOrEqual(4);
    }
  });
});

describe('splitting names', () => {
  it.each([
    ['Jane Doe', 'Jane', 'Doe'],
    ['Mary Ann Smith', 'Mary Ann', 'Smith'],
    ['Cher', 'Cher', ''],
    ['Ludwig van Beethoven', 'Ludwig', 'van Beethoven'],
    ['Ana María de la Cruz', 'Ana María', 'de la Cruz'],
    ['Jean-Claude Van Damme', 'Jean-Claude', 'Van Damme'],
    ['Martin Luther King Jr.', 'Martin Luther', 'King Jr.'],
    ['Ingrid Müller, PhD', 'Ingrid', 'Müller'],
    ['Jane Doe, MBA, CPA', 'Jane', 'Doe'],
    ['Doe, Jane', 'Jane', 'Doe'],
    ["Seán O'Connor 🚀", 'Seán', "O'Connor"],
    ['  Jane   Doe  ', 'Jane', 'Doe'],
  ])('%s', (full, first, last) => {
    expect(splitName(full)).toEqual({ first, last });
  });
});
