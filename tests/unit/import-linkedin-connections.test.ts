import { describe, expect, it } from 'vitest';
import {
  collectImport,
  describeSkip,
  ImportError,
  type ImportRun,
  MAX_CELL_CHARS,
  openLinkedInConnections,
} from '../../src/lib/import';
import { importFixture } from '../fixtures/import';
import { CONNECTIONS_HEADER, makeConnections, makeConnectionsCsv } from '../helpers/connections-csv';

const HEADER = CONNECTIONS_HEADER.join(',');

async function importText(text: string | Uint8Array, chunkChars?: number) {
  return collectImport(await openLinkedInConnections(text, { chunkChars }));
}

async function importError(source: string | Uint8Array): Promise<ImportError> {
  const error = await openLinkedInConnections(source).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ImportError);
  return error as ImportError;
}

describe("importing LinkedIn's Connections.csv", () => {
  it('reads every row of a real-shaped export below its Notes preamble', async () => {
    const result = await importText(importFixture('Connections.csv'));
    expect(result.skipped).toEqual([]);
    expect(result.imported).toHaveLength(50);
    expect(result.format).toBe('linkedin-connections');
    expect(result.warnings).toEqual([]);
    const [jane, sam, chloe] = result.imported;
    expect(jane).toMatchObject({ row: 1, line: 5 });
    expect(jane?.candidate).toEqual({
      name: 'Jane Doe',
      company: 'Northwind Analytics',
      accountName: 'Northwind Analytics',
      title: 'Head of Procurement',
      identities: [
        {
          network: 'linkedin',
          profileKey: 'linkedin:in/jane-doe-4a1b2c',
          url: 'https://www.linkedin.com/in/jane-doe-4a1b2c/',
        },
      ],
      emails: ['jane.doe@northwind.example'],
      phones: [],
      tags: [],
      notes: '',
      connectedOn: Date.UTC(2025, 6, 26),
    });
    expect(sam?.candidate).toMatchObject({ company: 'Acme, Inc.', title: 'VP Sales, EMEA', emails: [] });
    expect(chloe?.candidate).toMatchObject({
      name: 'Chloé Dubois-Martin',
      title: 'Directrice "grands comptes"',
      identities: [{ profileKey: 'linkedin:in/chloé-dubois-martin' }],
    });
  });

  it('keeps quotes, commas, emoji and non-Latin names as written', async () => {
    const { imported } = await importText(importFixture('Connections.csv'));
    const byName = new Map(imported.map((row) => [row.candidate.name, row.candidate]));
    expect(byName.get("Seán O'Connor 🚀")).toMatchObject({ company: 'Wayne "Enterprises", Ltd.' });
    expect(byName.get('李 小龙')?.identities[0]?.profileKey).toBe('linkedin:in/李小龙');
    expect(byName.get('Ingrid Müller, PhD')?.emails).toEqual(['ingrid@mueller.example']);
  });

  it('gives every generated row its profile key, whatever the chunk boundaries', async () => {
    const people = makeConnections(60, 11);
    const text = makeConnectionsCsv(60, 11);
    for (const chunkChars of [7, 64, 1000, undefined]) {
      const { imported, skipped } = await importText(text, chunkChars);
      expect(skipped).toEqual([]);
      expect(imported.map((row) => row.candidate.identities[0]?.profileKey)).toEqual(people.map((p) => p.profileKey));
      expect(imported.map((row) => row.line)).toEqual(people.map((_, i) => i + 5));
    }
  });

  it('reports progress batch by batch, ending at the whole file', async () => {
    const text = makeConnectionsCsv(5000, 5);
    const run = await openLinkedInConnections(text);
    const seen: Array<{ done: number; total: number; rows: number }> = [];
    let results = 0;
    for await (const batch of run) {
      seen.push(batch.progress);
      results += batch.results.length;
    }
    expect(results).toBe(5000);
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.every((p, i) => i === 0 || (p.done >= (seen[i - 1]?.done ?? 0) && p.rows >= (seen[i - 1]?.rows ?? 0))));
    expect(seen.at(-1)).toEqual({ done: run.total, total: run.total, rows: 5000 });
  });

  it('imports a generated 5,000-row export with no skips', async () => {
    const people = makeConnections(5000, 42);
    const { imported, skipped } = await importText(makeConnectionsCsv(5000, 42));
    expect(skipped).toEqual([]);
    expect(imported).toHaveLength(5000);
    expect(new Set(imported.map((row) => row.candidate.identities[0]?.profileKey)).size).toBe(5000);
    const withEmail = people.filter((p) => p.email).length;
    expect(imported.filter((row) => row.candidate.emails.length).length).toBe(withEmail);
  });

  it('tolerates a BOM, CRLF line breaks, blank lines, extra columns and reordered columns', async () => {
    const crlf = makeConnectionsCsv(20, 3, { bom: true, lineEnding: '\r\n' });
    expect((await importText(crlf)).imported).toHaveLength(20);

    const text = [
      '',
      'Position,Connected On,URL,Last Name,First Name,Email Address,Company,Mutual Connections',
      'CTO,01 Feb 2020,https://www.linkedin.com/in/sam-lee,Lee,Sam,,"Acme, Inc.",12',
      '',
      ',,,,,,,',
      'CEO,02 Feb 2020,https://www.linkedin.com/in/jo-ng,Ng,Jo,jo@ng.example,Hooli,3',
      '',
    ].join('\n');
    const { imported, skipped } = await importText(text);
    expect(skipped).toEqual([]);
    expect(imported.map((row) => [row.row, row.line, row.candidate.name, row.candidate.company])).toEqual([
      [1, 3, 'Sam Lee', 'Acme, Inc.'],
      [2, 6, 'Jo Ng', 'Hooli'],
    ]);
  });

  it('finds the header without a preamble, and after a longer one', async () => {
    expect((await importText(makeConnectionsCsv(3, 1, { preamble: false }))).imported).toHaveLength(3);
    const longer = `Notes:\n"First line, with a comma"\n"Second, ""quoted"" line"\n\n\n${makeConnectionsCsv(3, 1, { preamble: false })}`;
    expect((await importText(longer)).imported).toHaveLength(3);
  });

  it('reads the file Excel saves with semicolons', async () => {
    const text = `${HEADER.replaceAll(',', ';')}\nJane;Doe;https://www.linkedin.com/in/jane-doe-4a1b2c;;Acme, Inc.;CTO;26 Jul 2025\n`;
    const { imported } = await importText(text);
    expect(imported[0]?.candidate).toMatchObject({ name: 'Jane Doe', company: 'Acme, Inc.' });
  });
});

describe('rows that cannot be imported are skipped with a reason, and the others kept', () => {
  it('explains each skip', async () => {
    const text = [
      HEADER,
      ',,https://www.linkedin.com/in/nobody,,,,',
      'Jane,Doe,https://www.linkedin.com/company/acme,,,,',
      'Sam,Lee,https://example.com/sam,,,,',
      `Jo,Ng,https://www.linkedin.com/in/jo-ng,,${'x'.repeat(400)},,`,
      'Kim,Park,,,Initech,,',
      'Ana,Ruiz,https://www.linkedin.com/in/ana-ruiz,not an email,,,sometime',
    ].join('\n');
    const { imported, skipped } = await importText(text);
    expect(skipped.map((skip) => [skip.row, skip.reason])).toEqual([
      [1, 'no name (both First Name and Last Name are empty)'],
      [2, 'not a LinkedIn profile URL: “https://www.linkedin.com/company/acme”'],
      [3, 'not a LinkedIn profile URL: “https://example.com/sam”'],
      [4, 'the company is longer than 300 characters'],
    ]);
    expect(describeSkip(skipped[0] as (typeof skipped)[number])).toBe(
      'Row 1 (line 2): no name (both First Name and Last Name are empty)',
    );
    // No URL is no reason to lose a connection; a bad email or date loses only that value.
    expect(imported.map((row) => row.candidate.name)).toEqual(['Kim Park', 'Ana Ruiz']);
    expect(imported[0]?.candidate.identities).toEqual([]);
    expect(imported[1]?.candidate).toMatchObject({ emails: [], connectedOn: undefined });
    expect(imported[1]?.warnings).toEqual(['the email address “not an email” is not one, so it was left out']);
  });

  it('skips a row with a 1 MB cell, naming the column, and keeps the rows around it', async () => {
    const people = makeConnections(3, 9);
    const huge = 'a'.repeat(1024 * 1024);
    const text = [
      HEADER,
      ...people.map((p, i) =>
        [p.firstName, p.lastName, p.url, '', i === 1 ? huge : 'Acme', p.position, p.connectedOn].join(','),
      ),
    ].join('\n');
    const { imported, skipped } = await importText(text, 4096);
    expect(imported.map((row) => row.row)).toEqual([1, 3]);
    expect(skipped).toEqual([
      {
        kind: 'skip',
        row: 2,
        line: 3,
        reason: `the “Company” cell (1.0 MB) exceeds the ${MAX_CELL_CHARS.toLocaleString('en-US')}-character limit`,
      },
    ]);
  });

  it('skips a row whose quoted cell never closes', async () => {
    const text = `${HEADER}\nJane,Doe,https://www.linkedin.com/in/jane,,"Acme,CTO,26 Jul 2025\n`;
    const { skipped } = await importText(text);
    expect(skipped).toHaveLength(1);
    expect(skipped[0]?.reason).toMatch(/never closed/);
  });
});

describe('files that are not a Connections.csv are refused before any row, with a reason', () => {
  it('a CSV without the LinkedIn columns', async () => {
    const error = await importError('Name,Email\nJane Doe,jane@example.com\n');
    expect(error.code).toBe('missing_columns');
    expect(error.message).toBe("This file has no 'First Name' column: is it LinkedIn's Connections.csv?");
  });

  it('names the required column that is missing', async () => {
    const error = await importError('First Name,Last Name,Company\nJane,Doe,Acme\n');
    expect(error.message).toBe("This file has no 'URL' column: is it LinkedIn's Connections.csv?");
  });

  it('an empty file, or one with only blank lines', async () => {
    expect((await importError('')).code).toBe('empty');
    expect((await importError(new Uint8Array())).code).toBe('empty');
    expect((await importError('\r\n\n  \n')).message).toBe('This file is empty: there is nothing to import.');
  });

  it('a file that is not CSV at all', async () => {
    expect((await importError('BEGIN:VCARD\nVERSION:3.0\nFN:Jane\nEND:VCARD\n')).code).toBe('not_csv');
    expect((await importError('<!DOCTYPE html><html><body>Sign in</body></html>')).code).toBe('not_csv');
    expect((await importError('{"contacts": []}')).code).toBe('not_csv');
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0]);
    const error = await importError(zip);
    expect(error.code).toBe('binary');
    expect(error.message).toMatch(/Excel \.xlsx workbook/);
  });

  it('a header-only export imports nothing and says nothing is wrong', async () => {
    const result = await importText(`${HEADER}\n`);
    expect(result.imported).toEqual([]);
    expect(result.skipped).toEqual([]);
  });

  it('is iterable once per open, producing nothing before the header checks pass', async () => {
    const run: ImportRun = await openLinkedInConnections(makeConnectionsCsv(2, 1));
    expect(run.format).toBe('linkedin-connections');
    expect(run.encoding).toBe('utf-8');
  });
});
