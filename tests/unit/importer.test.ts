import { deleteDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { openRapportDb, type RapportDb } from '../../src/background/db';
import { endImport, importBatch } from '../../src/background/importer';
import { type Candidate, collectImport, openLinkedInConnections } from '../../src/lib/import';
import { makeConnectionsCsv } from '../helpers/connections-csv';

const opened: string[] = [];
async function freshDb(): Promise<RapportDb> {
  const name = `importer-${Math.random()}`;
  opened.push(name);
  return openRapportDb(name);
}
afterEach(async () => {
  await Promise.all(opened.splice(0).map((name) => deleteDB(name)));
});

async function candidates(rows: number): Promise<Candidate[]> {
  const run = await openLinkedInConnections(makeConnectionsCsv(rows, 11));
  return (await collectImport(run)).imported.map((row) => row.candidate);
}

async function importIn(db: RapportDb, all: Candidate[], size: number, importId: string) {
  const total = { added: 0, merged: 0, unchanged: 0 };
  for (let i = 0; i < all.length; i += size) {
    const outcome = await importBatch(db, importId, all.slice(i, i + size));
    total.added += outcome.added;
    total.merged += outcome.merged;
    total.unchanged += outcome.unchanged;
  }
  endImport(importId);
  return total;
}

describe('importing into the store', () => {
  it('gives the same contacts whatever the batch size', async () => {
    const rows = await candidates(400);
    const [one, many] = [await freshDb(), await freshDb()];
    const whole = await importIn(one, rows, 5000, 'import-whole');
    const small = await importIn(many, rows, 7, 'import-small');
    expect(small).toEqual(whole);
    expect(await many.count('contacts')).toBe(await one.count('contacts'));
    expect(whole.added + whole.merged).toBe(400);
    one.close();
    many.close();
  });

  it('adds nothing when the same file comes again', async () => {
    const rows = await candidates(200);
    const db = await freshDb();
    const first = await importIn(db, rows, 50, 'import-first');
    const contacts = await db.count('contacts');
    const again = await importIn(db, rows, 50, 'import-again');
    expect(again).toEqual({ added: 0, merged: 0, unchanged: first.added + first.merged });
    expect(await db.count('contacts')).toBe(contacts);
    db.close();
  });

  it('keeps two people who share a name and a company but not a profile apart, even in one batch', async () => {
    const db = await freshDb();
    const jane = (slug: string): Candidate => ({
      name: 'Jane Doe',
      company: 'Acme',
      accountName: 'Acme',
      identities: [
        { network: 'linkedin', profileKey: `linkedin:in/${slug}`, url: `https://www.linkedin.com/in/${slug}/` },
      ],
      emails: [],
      phones: [],
      tags: [],
      notes: '',
    });
    const outcome = await importIn(db, [jane('jane-doe-1'), jane('jane-doe-2')], 10, 'import-janes');
    expect(outcome).toEqual({ added: 2, merged: 0, unchanged: 0 });
    db.close();
  });

  it('writes batches sent before the previous one finished in order, each seeing the ones before it', async () => {
    const rows = await candidates(300);
    const db = await freshDb();
    // The options page sends the next batch while the worker writes the last one; here every batch is in flight.
    const batches = [rows.slice(0, 100), rows.slice(100, 200), rows.slice(0, 100), rows.slice(200, 300)];
    const outcomes = await Promise.all(batches.map((batch) => importBatch(db, 'import-overlapping', batch)));
    endImport('import-overlapping');
    const other = await freshDb();
    const sequential = await importIn(other, [...rows.slice(0, 200), ...rows.slice(0, 100)], 100, 'seq');
    other.close();
    expect(outcomes[2]).toEqual({ added: 0, merged: 0, unchanged: 100 });
    expect(outcomes.slice(0, 3).reduce((sum, o) => sum + o.added, 0)).toBe(sequential.added);
    expect(await db.count('contacts')).toBe(outcomes.reduce((sum, o) => sum + o.added, 0));
    db.close();
  });

  it('stops at a batch that fails: the batches sent after it are refused, the ones before it stay', async () => {
    const rows = await candidates(30);
    const db = await freshDb();
    const broken = { ...rows[10], name: 'x'.repeat(100_000) } as Candidate;
    const results = await Promise.allSettled([
      importBatch(db, 'import-broken', rows.slice(0, 10)),
      importBatch(db, 'import-broken', [broken]),
      importBatch(db, 'import-broken', rows.slice(11, 30)),
    ]);
    endImport('import-broken');
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    const first = results[0].status === 'fulfilled' ? results[0].value : undefined;
    expect(await db.count('contacts')).toBe(first?.added);
    db.close();
  });
});
