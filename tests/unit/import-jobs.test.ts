import { deleteDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { openRapportDb, type RapportDb } from '../../src/background/db';
import { type ImportRequest, importStatus, receiveImportText, startImport } from '../../src/background/import-jobs';
import { RapportError } from '../../src/lib/errors';
import type { ImportStatus } from '../../src/lib/messages';
import { makeConnectionsCsv } from '../helpers/connections-csv';

const opened: string[] = [];
async function freshDb(): Promise<RapportDb> {
  const name = `import-jobs-${Math.random()}`;
  opened.push(name);
  return openRapportDb(name);
}
afterEach(async () => {
  await Promise.all(opened.splice(0).map((name) => deleteDB(name)));
});

const request = (importId: string, extra: Partial<ImportRequest> = {}): ImportRequest => ({
  importId,
  format: 'linkedin-connections',
  encoding: 'utf-8',
  warnings: [],
  ...extra,
});

/** Polls like the options page does, and keeps every status seen. */
async function finish(importId: string): Promise<ImportStatus[]> {
  const seen: ImportStatus[] = [];
  for (;;) {
    const status = importStatus(importId);
    seen.push(status);
    if (status.state !== 'running') return seen;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('imports run in the worker', () => {
  it('assembles the text from its parts, reports progress, and ends with the summary', async () => {
    const db = await freshDb();
    const csv = makeConnectionsCsv(12_000, 3);
    // Cut anywhere, even inside a row: the parts are one text again before it is parsed.
    for (const part of [csv.slice(0, 1001), csv.slice(1001, 500_000), csv.slice(500_000)])
      receiveImportText('job-a', part);
    await startImport(db, request('job-a', { warnings: ['read as Windows-1252'] }));
    const seen = await finish('job-a');
    const last = seen.at(-1);
    expect(last).toMatchObject({ state: 'done', skipped: 0, skipReasons: [], warnings: ['read as Windows-1252'] });
    if (last?.state !== 'done') throw new Error('not done');
    expect(last.added + last.merged).toBe(12_000);
    expect(await db.count('contacts')).toBe(last.added);
    const running = seen.filter((status) => status.state === 'running');
    expect(running.length).toBeGreaterThan(1);
    const fractions = running.map((status) => (status.state === 'running' ? status.done / status.total : 0));
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    // A finished import is forgotten once read.
    expect(() => importStatus('job-a')).toThrow(RapportError);
    db.close();
  });

  it('counts skipped rows and gives their reasons', async () => {
    const db = await freshDb();
    const lines = makeConnectionsCsv(3, 4).trimEnd().split('\n');
    lines.push(',,https://www.linkedin.com/in/nobody,,Acme,,01 Jan 2024');
    lines.push('Sam,Stone,https://example.com/sam,,Acme,,01 Jan 2024');
    receiveImportText('job-skips', `${lines.join('\n')}\n`);
    await startImport(db, request('job-skips'));
    const last = (await finish('job-skips')).at(-1);
    expect(last).toMatchObject({ state: 'done', added: 3, skipped: 2 });
    if (last?.state !== 'done') throw new Error('not done');
    expect(last.skipReasons[0]).toMatch(/^Row 4 \(line \d+\): no name/);
    expect(last.skipReasons[1]).toMatch(/^Row 5 \(line \d+\): not a LinkedIn profile URL/);
    db.close();
  });

  it('refuses a file that is wrong as a whole before writing anything, with the message a person reads', async () => {
    const db = await freshDb();
    receiveImportText('job-bad', 'First Name,Last Name,Company\nJane,Doe,Acme\n');
    const refusal = await startImport(db, request('job-bad')).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(RapportError);
    expect(refusal).toMatchObject({ code: 'bad_request' });
    expect((refusal as Error).message).toMatch(/URL/);
    expect(await db.count('contacts')).toBe(0);
    expect(() => importStatus('job-bad')).toThrow(/No such import/);
    // A generic CSV cannot start without its column mapping.
    receiveImportText('job-csv', 'Name\nJane\n');
    await expect(startImport(db, request('job-csv', { format: 'csv' }))).rejects.toThrow(/column mapping/);
    db.close();
  });

  it('imports a generic CSV with its mapping, and vCards', async () => {
    const db = await freshDb();
    receiveImportText('job-generic', 'Who,Where\nJane Doe,Acme\nSam Stone,Initech\n');
    await startImport(db, request('job-generic', { format: 'csv', columns: ['name', 'company'] }));
    expect((await finish('job-generic')).at(-1)).toMatchObject({ state: 'done', added: 2 });
    receiveImportText('job-vcard', 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nORG:Analytical\r\nEND:VCARD\r\n');
    await startImport(db, request('job-vcard', { format: 'vcard' }));
    expect((await finish('job-vcard')).at(-1)).toMatchObject({ state: 'done', added: 1 });
    expect(await db.count('contacts')).toBe(3);
    db.close();
  });

  it('says an import failed when its writes fail, and refuses parts after the start', async () => {
    const db = await freshDb();
    receiveImportText('job-fails', makeConnectionsCsv(50, 5));
    await startImport(db, request('job-fails'));
    expect(() => receiveImportText('job-fails', 'more')).toThrow(/already started/);
    db.close(); // the first write now meets a closed connection
    const last = (await finish('job-fails')).at(-1);
    expect(last?.state).toBe('failed');
  });

  it('refuses text beyond the largest file an import takes', () => {
    const big = 'x'.repeat(4_000_000);
    expect(() => {
      for (let i = 0; i < 17; i++) receiveImportText('job-huge', big);
    }).toThrow(/up to/);
    // The job was dropped with its text.
    expect(() => importStatus('job-huge')).toThrow(/No such import/);
  });
});
