import { describe, expect, it } from 'vitest';
import {
  type ColumnMapping,
  collectImport,
  foldHeader,
  ImportError,
  inspectCsv,
  openGenericCsv,
  suggestMapping,
} from '../../src/lib/import';
import { importFixture } from '../fixtures/import';

async function refusal(open: Promise<unknown>): Promise<ImportError> {
  const error = await open.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ImportError);
  return error as ImportError;
}

describe('the column-mapping step', () => {
  it('shows the headers, a sample and a suggested mapping of a Google Contacts export', async () => {
    const inspection = await inspectCsv(importFixture('google-contacts.csv'), { sampleRows: 2 });
    expect(inspection.delimiter).toBe(',');
    expect(inspection.headers).toHaveLength(22);
    expect(inspection.sample).toHaveLength(2);
    expect(inspection.sample[0]?.[0]).toBe('Jane');
    expect(inspection.sample[0]?.[6]).toBe('Met at SaaStr 2025, keen on the analytics add-on.\nFollow up in Q3.');
    const mapped = Object.fromEntries(
      inspection.headers.map((header, index) => [header, inspection.mapping[index]]).filter(([, field]) => field),
    );
    expect(mapped).toEqual({
      'First Name': 'firstName',
      'Last Name': 'lastName',
      Notes: 'notes',
      Labels: 'tags',
      'E-mail 1 - Value': 'email',
      'E-mail 2 - Value': 'email',
      'Phone 1 - Value': 'phone',
      'Phone 2 - Value': 'phone',
      'Organization Name': 'company',
      'Organization Title': 'title',
      'Website 1 - Value': 'profileUrl',
      'Website 2 - Value': 'profileUrl',
    });
  });

  it('reads a German semicolon export and maps its German headers', async () => {
    const inspection = await inspectCsv(importFixture('generic-semicolon-de.csv'));
    expect(inspection.delimiter).toBe(';');
    expect(inspection.headers[0]).toBe('Vorname');
    expect(inspection.mapping).toEqual([
      'firstName',
      'lastName',
      'email',
      'company',
      'title',
      'phone',
      'location',
      'linkedin',
      'tags',
      'notes',
    ]);
  });

  it('knows header names in several languages', () => {
    const headers = [
      'Nom',
      'Prénom',
      'Courriel',
      'Société',
      'Téléphone',
      'Nombre completo',
      'Empresa',
      'X',
      'Facebook',
    ];
    expect(suggestMapping(headers)).toEqual([
      'lastName',
      'firstName',
      'email',
      'company',
      'phone',
      'name',
      null, // a second company column is left for the person to choose
      'x',
      'facebook',
    ]);
    expect(foldHeader('E-Mail-Adresse')).toBe('emailadresse');
    expect(foldHeader('Organization 1 - Name')).toBe('organizationname');
  });

  it('guesses from the values when a header says nothing', () => {
    const mapping = suggestMapping(
      ['Who', 'Col2', 'Col3'],
      [
        ['Jane Doe', 'https://www.linkedin.com/in/jane-doe', 'jane@example.com'],
        ['Sam Lee', 'https://linkedin.com/in/samlee/', 'sam@example.com'],
      ],
    );
    expect(mapping).toEqual([null, 'linkedin', 'email']);
  });

  it('finds the header below a preamble, as in LinkedIn’s export', async () => {
    const inspection = await inspectCsv(importFixture('Connections.csv'));
    expect(inspection.headers).toEqual([
      'First Name',
      'Last Name',
      'URL',
      'Email Address',
      'Company',
      'Position',
      'Connected On',
    ]);
    expect(inspection.mapping).toEqual(['firstName', 'lastName', 'profileUrl', 'email', 'company', 'title', null]);
    const { imported } = await collectImport(
      await openGenericCsv(importFixture('Connections.csv'), inspection.mapping),
    );
    expect(imported).toHaveLength(50);
    expect(imported[0]?.candidate.identities[0]?.profileKey).toBe('linkedin:in/jane-doe-4a1b2c');
  });

  it('refuses text that has no columns', async () => {
    const error = await refusal(inspectCsv('Dear Jane,\nthanks for the call today.\nBest, Sam\n'));
    expect(error.code).toBe('not_csv');
  });
});

describe('importing a generic CSV with a confirmed mapping', () => {
  it('imports a Google Contacts export: lists, labels, profiles, and a reason for each skip', async () => {
    const file = importFixture('google-contacts.csv');
    const { mapping } = await inspectCsv(file);
    const { imported, skipped } = await collectImport(await openGenericCsv(file, mapping));
    expect(skipped).toEqual([{ kind: 'skip', row: 4, line: 6, reason: 'no name' }]);
    const [jane, sam, chloe, ana] = imported;
    expect(jane).toMatchObject({ row: 1, line: 2 });
    expect(jane?.candidate).toEqual({
      name: 'Jane Doe',
      company: 'Northwind Analytics',
      accountName: 'Northwind Analytics',
      title: 'Head of Procurement',
      headline: undefined,
      location: undefined,
      // Google's "Website" of type Homepage: no profile, so it is her website.
      website: 'https://northwind.example',
      identities: [
        {
          network: 'linkedin',
          profileKey: 'linkedin:in/jane-doe-4a1b2c',
          url: 'https://www.linkedin.com/in/jane-doe-4a1b2c/',
        },
      ],
      emails: ['jane.doe@northwind.example', 'jane@doe.example'],
      phones: ['+44 7700 900123'],
      tags: ['Customers', 'Leeds'],
      notes: 'Met at SaaStr 2025, keen on the analytics add-on.\nFollow up in Q3.',
    });
    expect(sam?.candidate).toMatchObject({
      company: 'Acme, Inc.',
      phones: ['+1 (555) 010-0199', '+1 (555) 010-0100'],
      identities: [{ network: 'x', profileKey: 'x:samlee', handle: 'samlee' }],
      tags: [],
    });
    expect(sam?.line).toBe(4);
    expect(chloe?.candidate).toMatchObject({ name: 'Chloé Dubois', tags: ['Partners'] });
    expect(ana?.candidate).toMatchObject({
      name: 'Ana María de la Cruz',
      emails: [],
      identities: [{ profileKey: 'linkedin:in/anamaria-delacruz' }],
    });
    expect(ana?.warnings).toEqual(['“not-an-email” is not an email address, so it was left out']);
  });

  it('imports the German semicolon export', async () => {
    const file = importFixture('generic-semicolon-de.csv');
    const { mapping } = await inspectCsv(file);
    const { imported, skipped } = await collectImport(await openGenericCsv(file, mapping));
    expect(skipped).toEqual([]);
    expect(imported.map((row) => row.candidate)).toEqual([
      expect.objectContaining({
        name: 'Jürgen Müller',
        company: 'Müller & Söhne GmbH',
        location: 'Berlin',
        tags: ['Kunde', 'Berlin'],
        notes: 'Rabatt 2,5 % vereinbart',
        identities: [expect.objectContaining({ profileKey: 'linkedin:in/juergen-mueller-b2b' })],
      }),
      expect.objectContaining({
        name: 'Anna Schäfer',
        emails: [],
        notes: 'Messe-Kontakt; Rückruf am Montag',
        identities: [expect.objectContaining({ profileKey: 'linkedin:in/anna-schaefer' })],
      }),
      expect.objectContaining({ name: 'Günther Groß', company: 'Groß; Partner KG', phones: ['0171 2345678'] }),
    ]);
  });

  it('lets the person leave columns out and map several to one field', async () => {
    const text = 'Full name,Work email,Private email,Ignore me\nJane Doe,jane@work.example,jane@home.example,secret\n';
    const mapping: ColumnMapping = ['name', 'email', 'email', null];
    const { imported } = await collectImport(await openGenericCsv(text, mapping));
    expect(imported[0]?.candidate).toMatchObject({
      name: 'Jane Doe',
      emails: ['jane@work.example', 'jane@home.example'],
      notes: '',
    });
  });

  it('refuses a mapping without a name column', async () => {
    const error = await refusal(openGenericCsv('Email\njane@example.com\n', ['email']));
    expect(error.code).toBe('mapping');
    expect(error.message).toMatch(/^Choose the column that holds each person’s name/);
    expect((await refusal(openGenericCsv('Name\nJane\n', ['nonsense' as never]))).code).toBe('mapping');
  });

  it('skips a row with an oversized cell and keeps the others', async () => {
    const text = `Name,Notes\nJane,short\nSam,${'x'.repeat(1024 * 1024)}\nJo,fine\n`;
    const { imported, skipped } = await collectImport(await openGenericCsv(text, ['name', 'notes']));
    expect(imported.map((row) => row.candidate.name)).toEqual(['Jane', 'Jo']);
    expect(skipped[0]?.reason).toBe('the “Notes” cell (1.0 MB) exceeds the 20,000-character limit');
  });
});
