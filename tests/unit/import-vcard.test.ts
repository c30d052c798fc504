import { describe, expect, it } from 'vitest';
import { collectImport, ImportError, openVCard } from '../../src/lib/import';
import { decodeQuotedPrintable, parseProperty, splitValue, unescapeText } from '../../src/lib/import/vcard-lines';
import { importFixture } from '../fixtures/import';

async function importCards(source: string | Uint8Array, chunkChars?: number) {
  return collectImport(await openVCard(source, { chunkChars }));
}

describe('vCard lines', () => {
  it('parses groups, parameters (bare, listed and quoted) and values', () => {
    const property = parseProperty('item1.TEL;type=CELL;TYPE="voice,cell";PREF=1:tel:+1-555-010-0100');
    expect(property?.group).toBe('item1');
    expect(property?.name).toBe('TEL');
    expect(property?.params.get('TYPE')).toEqual(['CELL', 'voice', 'cell']);
    expect(property?.value).toBe('tel:+1-555-010-0100');
    expect(parseProperty('TEL;WORK;VOICE:+44 1')?.params.get('TYPE')).toEqual(['WORK', 'VOICE']);
    expect(parseProperty('ADR;LABEL="a: b; c":;;Street;Town')?.value).toBe(';;Street;Town');
    expect(parseProperty('no colon here')).toBeNull();
  });

  it('unescapes text and splits structured values at unescaped separators only', () => {
    expect(unescapeText('Acme\\, Inc.\\nLine 2\\; more \\\\ C:\\temp')).toBe('Acme, Inc.\nLine 2; more \\ C:\\temp');
    expect(splitValue('de la Cruz;Ana María;;Dr.\\;;', ';')).toEqual(['de la Cruz', 'Ana María', '', 'Dr.;', '']);
    expect(splitValue('Prospects,Spain\\, Madrid', ',')).toEqual(['Prospects', 'Spain, Madrid']);
  });

  it('decodes quoted-printable in the card’s charset', () => {
    expect(decodeQuotedPrintable('Gr=C3=BC=C3=9Fe=\nn')).toBe('Grüßen');
    expect(decodeQuotedPrintable('M=FCller', 'ISO-8859-1')).toBe('Müller');
    expect(decodeQuotedPrintable('=E2=82=AC 5', 'no-such-charset')).toBe('€ 5');
  });
});

describe('importing vCard files', () => {
  it('imports an Apple Contacts 3.0 export: folded lines, photos, social profiles, quoted-printable', async () => {
    const { imported, skipped, format } = await importCards(importFixture('apple-contacts-3.0.vcf'));
    expect(format).toBe('vcard');
    const [jane, juergen, sam] = imported;
    expect(jane).toMatchObject({ row: 1, line: 1 });
    expect(jane?.candidate).toEqual({
      name: 'Jane Doe',
      company: 'Northwind Analytics',
      accountName: 'Northwind Analytics',
      title: 'Head of Procurement',
      location: 'Leeds',
      identities: [
        {
          network: 'linkedin',
          profileKey: 'linkedin:in/jane-doe-4a1b2c',
          url: 'https://www.linkedin.com/in/jane-doe-4a1b2c/',
        },
        { network: 'x', profileKey: 'x:janedoe', url: 'https://x.com/janedoe', handle: 'janedoe' },
      ],
      emails: ['jane.doe@northwind.example', 'jane@doe.example'],
      phones: ['+44 7700 900123', '+44 113 496 0000'],
      tags: ['Customers', 'Leeds'],
      notes: 'Met at SaaStr 2025, keen on the analytics add-on.\nFollow up in Q3; budget owner.',
    });
    expect(juergen?.candidate).toMatchObject({
      name: 'Dr. Jürgen Müller',
      company: 'Müller & Söhne GmbH',
      notes: 'Grüße an die Familie. Rabatt besprochen: 2,5 % bei Abnahme von 100 Stück.',
      identities: [
        { network: 'linkedin', profileKey: 'linkedin:in/juergen-mueller-b2b' },
        { network: 'facebook', profileKey: 'facebook:juergenmueller42' },
      ],
    });
    expect(sam?.candidate).toMatchObject({
      name: 'Sam Lee',
      company: 'Acme, Inc.',
      title: 'VP Sales, EMEA',
      identities: [{ network: 'x', profileKey: 'x:samlee' }],
    });
    expect(skipped).toEqual([
      { kind: 'skip', row: 3, line: 37, reason: 'a card for the company “Acme, Inc.”, not a person' },
    ]);
  });

  it('imports a Google Contacts 3.0 export, with its escaped colons and system groups', async () => {
    const { imported, skipped } = await importCards(importFixture('google-contacts-3.0.vcf'));
    expect(imported.map((row) => row.candidate)).toEqual([
      expect.objectContaining({
        name: 'Chloé Dubois',
        location: 'Paris',
        tags: ['Partners'],
        identities: [expect.objectContaining({ profileKey: 'linkedin:in/chloé-dubois' })],
      }),
      expect.objectContaining({
        name: 'Priya Patel',
        tags: [],
        notes: 'Intro via Sam. Wants a demo in January.',
        identities: [expect.objectContaining({ profileKey: 'x:priya_p' })],
      }),
    ]);
    expect(skipped).toEqual([{ kind: 'skip', row: 3, line: 26, reason: 'no name' }]);
  });

  it('imports vCard 4.0: tel: URIs, SOCIALPROFILE, folded multi-byte text, KIND', async () => {
    const { imported, skipped } = await importCards(importFixture('contacts-4.0.vcf'));
    expect(imported[0]?.candidate).toEqual({
      name: 'Ana María de la Cruz',
      company: 'Tailspin Toys',
      accountName: 'Tailspin Toys',
      title: 'CEO',
      location: 'Madrid',
      identities: [
        {
          network: 'linkedin',
          profileKey: 'linkedin:in/anamaria-delacruz',
          url: 'https://www.linkedin.com/in/anamaria-delacruz/',
        },
        { network: 'x', profileKey: 'x:anamaria', url: 'https://x.com/anamaria', handle: 'anamaria' },
      ],
      emails: ['ana@tailspin.example', 'anamaria@example.org'],
      phones: ['+34-600-123-456'],
      tags: ['Prospects', 'Spain, Madrid'],
      notes:
        'Línea 1: conocida en la feria de Barcelona; muy interesada en la integración con LinkedIn. Volver a llamar después del verano — quiere un presupuesto por escrito.',
    });
    expect(imported[1]?.candidate).toMatchObject({
      name: 'Ólafur Jónsson',
      identities: [{ network: 'facebook', profileKey: 'facebook:id/100004123456789' }],
    });
    expect(skipped.map((skip) => skip.reason)).toEqual(['a card for the company “Globex Corporation”, not a person']);
  });

  it('keeps the complete cards of a truncated file and says which cards are cut off', async () => {
    for (const chunkChars of [16, undefined]) {
      const { imported, skipped } = await importCards(importFixture('truncated.vcf'), chunkChars);
      expect(imported.map((row) => [row.row, row.candidate.name])).toEqual([
        [1, 'Jane Doe'],
        [3, 'Priya Patel'],
      ]);
      expect(skipped).toEqual([
        {
          kind: 'skip',
          row: 2,
          line: 7,
          reason:
            'this card is incomplete: it has no END:VCARD before the next card begins (the file may have been edited or cut)',
        },
        {
          kind: 'skip',
          row: 4,
          line: 16,
          reason: 'this card is cut off: the file ends before its END:VCARD (is the file complete?)',
        },
      ]);
    }
  });

  it('reads many cards in batches with progress', async () => {
    const card = (i: number) =>
      `BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Person ${i}\r\nEMAIL:p${i}@example.com\r\nEND:VCARD\r\n`;
    const text = Array.from({ length: 3000 }, (_, i) => card(i)).join('');
    const run = await openVCard(text, { chunkChars: 4096 });
    let batches = 0;
    let last = { done: 0, total: 0, rows: 0 };
    for await (const batch of run) {
      batches++;
      last = batch.progress;
    }
    expect(batches).toBeGreaterThan(10);
    expect(last).toEqual({ done: run.total, total: run.total, rows: 3000 });
  });

  it('skips a card with a 1 MB value', async () => {
    const text = `BEGIN:VCARD\nFN:Jane\nNOTE:${'x'.repeat(1024 * 1024)}\nEND:VCARD\nBEGIN:VCARD\nFN:Sam\nEND:VCARD\n`;
    const { imported, skipped } = await importCards(text);
    expect(imported.map((row) => row.candidate.name)).toEqual(['Sam']);
    expect(skipped[0]?.reason).toBe('the NOTE value (1.0 MB) exceeds the 20,000-character limit');
  });

  it('refuses a file without cards', async () => {
    const error = await openVCard('First Name,Last Name\nJane,Doe\n').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).code).toBe('not_vcard');
    expect((error as ImportError).message).toBe(
      'This file has no contact cards (no BEGIN:VCARD line): is it a .vcf file?',
    );
  });
});
