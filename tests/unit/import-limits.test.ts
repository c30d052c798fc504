import { describe, expect, it } from 'vitest';
import {
  decodeImportSource,
  ImportError,
  MAX_FILE_BYTES,
  MAX_ROWS,
  openGenericCsv,
  openLinkedInConnections,
  openVCard,
} from '../../src/lib/import';
import { CONNECTIONS_HEADER, makeConnectionsCsv } from '../helpers/connections-csv';

async function refusal(open: Promise<unknown>): Promise<ImportError> {
  const error = await open.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ImportError);
  return error as ImportError;
}

describe('the size limits of one import', () => {
  it('imports 200,000 Connections rows', async () => {
    const run = await openLinkedInConnections(makeConnectionsCsv(200_000, 200));
    let candidates = 0;
    let skips = 0;
    for await (const batch of run) {
      for (const result of batch.results) {
        if (result.kind === 'candidate') candidates++;
        else skips++;
      }
    }
    expect({ candidates, skips }).toEqual({ candidates: 200_000, skips: 0 });
  }, 60_000);

  it(`refuses more than ${MAX_ROWS.toLocaleString('en-US')} rows before reading any`, async () => {
    const text = `${CONNECTIONS_HEADER.join(',')}\n${'Jo,Ng,,,,,\n'.repeat(MAX_ROWS + 1)}`;
    const error = await refusal(openLinkedInConnections(text));
    expect(error.code).toBe('too_many_rows');
    expect(error.message).toBe(
      'This file has more than 250,000 rows; Rapport imports up to 250,000 at a time. Split it into smaller files and import them one by one.',
    );
    expect((await refusal(openGenericCsv(text, ['firstName', 'lastName']))).code).toBe('too_many_rows');
  });

  it('counts rows, not lines, when cells hold line breaks', async () => {
    const rows = Math.ceil(MAX_ROWS / 2) + 10;
    const text = `Name,Notes\n${'Jo Ng,"two\nlines"\n'.repeat(rows)}`;
    const run = await openGenericCsv(text, ['name', 'notes']);
    expect(run.format).toBe('csv');
  });

  it('refuses more cards than one import takes', async () => {
    const card = 'BEGIN:VCARD\nFN:Jo\nEND:VCARD\n';
    expect((await refusal(openVCard(card.repeat(MAX_ROWS + 1)))).code).toBe('too_many_rows');
  });

  it('refuses a file over the size limit without reading it', async () => {
    const megabyte = new Uint8Array(1024 * 1024);
    const blob = new Blob(Array.from({ length: MAX_FILE_BYTES / megabyte.length + 1 }, () => megabyte));
    const error = await refusal(decodeImportSource(blob));
    expect(error.code).toBe('too_large');
    expect(error.message).toBe(
      'This file is 65.0 MB; Rapport imports files up to 64.0 MB. Split it into smaller files and import them one by one.',
    );
  });
});
