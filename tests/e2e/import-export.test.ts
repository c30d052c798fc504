import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeConnections, makeConnectionsCsv } from '../helpers/connections-csv';
import { allInExtensionDb, deleteEverything, eventually, launchRapport, openOptions, type Rapport } from './harness';

const files = mkdtempSync(join(tmpdir(), 'rapport-files-'));
const downloads = mkdtempSync(join(tmpdir(), 'rapport-downloads-'));
let rapport: Rapport;

beforeAll(async () => {
  rapport = await launchRapport();
});
afterAll(async () => {
  await rapport?.close();
});

async function optionsPage(): Promise<Page> {
  const page = await openOptions(rapport);
  // Remember whether a progress bar ever showed, however quickly the work went.
  await page.evaluate(() => {
    const w = window as unknown as { sawProgress: string[] };
    w.sawProgress = [];
    new MutationObserver(() => {
      for (const bar of document.querySelectorAll('progress')) {
        const label = bar.closest('[aria-label]')?.getAttribute('aria-label') ?? bar.getAttribute('aria-label') ?? '';
        if (Number(bar.value) > 0 && !w.sawProgress.includes(label)) w.sawProgress.push(label);
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  return page;
}

async function choose(page: Page, label: string, path: string): Promise<void> {
  const input = await page.waitForSelector(`input[aria-label="${label}"]`);
  await (input as unknown as { uploadFile(path: string): Promise<void> }).uploadFile(path);
}

const text = (page: Page) => page.$eval('body', (body) => body.innerText);

/** Every record of every store, in a stable order: "the same store" means these are equal. */
async function dumpStores(): Promise<string[]> {
  const rows: string[] = [];
  for (const store of ['contacts', 'accounts', 'identities', 'interactions', 'tasks']) {
    for (const record of await allInExtensionDb<object>(rapport.worker, store)) {
      rows.push(`${store} ${JSON.stringify(record, Object.keys(record).sort())}`);
    }
  }
  return rows.sort();
}

describe('import, search, export and restore', () => {
  it("imports LinkedIn's 5,000-row Connections.csv with a progress bar, then finds a person by search", async () => {
    const csv = join(files, 'Connections.csv');
    writeFileSync(csv, makeConnectionsCsv(5000, 42));
    const page = await optionsPage();
    await choose(page, 'Choose a file to import', csv);
    await page.waitForSelector('aria/Import summary', { timeout: 60_000 });
    // The generated file, like a real one, lists some people twice (same name at the same company, no profile URL):
    // those rows merge into one contact.
    const [, added, merged] =
      /Added ([\d,]+), merged ([\d,]+) into existing contacts, 0 already up to date, skipped 0/.exec(
        await text(page),
      ) ?? [];
    expect(Number(added?.replace(/,/g, '')) + Number(merged?.replace(/,/g, ''))).toBe(5000);
    expect(await page.evaluate(() => (window as unknown as { sawProgress: string[] }).sawProgress)).toContain(
      'Import progress',
    );

    const someone = makeConnections(5000, 42)[4321];
    if (!someone) throw new Error('no person 4321');
    const popup = await rapport.browser.newPage();
    await popup.goto(`chrome-extension://${rapport.extensionId}/src/popup/index.html`);
    await popup.waitForSelector('aria/Rapport views');
    await popup.keyboard.press('3');
    await (await popup.waitForSelector('aria/Search contacts'))?.type(`${someone.firstName} ${someone.lastName}`);
    const results = await popup.waitForSelector('aria/Search results');
    expect(await results?.evaluate((el) => el.textContent)).toContain(`${someone.firstName} ${someone.lastName}`);
    await popup.close();

    // The same file again adds nothing.
    await choose(page, 'Choose a file to import', csv);
    await page.waitForFunction(() => document.body.innerText.includes('5,000 already up to date'), { timeout: 60_000 });
    expect(await text(page)).toMatch(/Added 0, merged 0 into existing contacts, 5,000 already up to date/);
    await page.close();
  });

  it('refuses a CSV without the columns it needs and a backup from a newer Rapport, changing nothing', async () => {
    const before = await dumpStores();
    const page = await optionsPage();
    const bad = join(files, 'not-connections.csv');
    writeFileSync(bad, 'First Name,Last Name,Company\nJane,Doe,Acme\n');
    await choose(page, 'Choose a file to import', bad);
    await page.waitForSelector('.error[role="alert"]');
    expect(await page.$eval('.error[role="alert"]', (el) => el.textContent)).toMatch(/column/i);

    const future = join(files, 'future-backup.json');
    writeFileSync(
      future,
      JSON.stringify({ format: 'rapport-backup', schemaVersion: 99, exportedAt: new Date().toISOString(), stores: {} }),
    );
    await choose(page, 'Choose a backup to restore', future);
    await page.waitForFunction(() => document.body.innerText.includes('newer version of Rapport'));
    expect(await dumpStores()).toEqual(before);
    await page.close();
  });

  it('exports a full JSON backup and restores it to an identical store', async () => {
    const page = await optionsPage();
    const cdp = await rapport.browser.target().createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads, eventsEnabled: true });
    const before = await dumpStores();
    expect(before.length).toBeGreaterThan(5000);
    await page.select('select[aria-label="Export format"]', 'backup');
    await (await page.waitForSelector('aria/Export[role="button"]'))?.click();
    const file = await eventually(async () => {
      const done = readdirSync(downloads).find((name) => name.endsWith('.json'));
      return done ? join(downloads, done) : undefined;
    }, 'the backup download');
    const backup = JSON.parse(readFileSync(file, 'utf8'));
    expect(backup.format).toBe('rapport-backup');
    expect(backup.stores.contacts.length).toBe(before.filter((row) => row.startsWith('contacts ')).length);

    // Wipe everything, then restore from the file.
    await page.waitForFunction(() => /Exported [\d,]+ contacts/.test(document.body.innerText));
    // The bar may come and go between two looks at the page: the observer saw it if it showed.
    expect(await page.evaluate(() => (window as unknown as { sawProgress: string[] }).sawProgress)).toContain(
      'Export progress',
    );
    await deleteEverything(page);
    expect(await dumpStores()).toEqual([]);

    await choose(page, 'Choose a backup to restore', file);
    await (await page.waitForSelector('aria/Restore this backup[role="button"]', { timeout: 60_000 }))?.click();
    await page.waitForFunction(() => document.body.innerText.includes('Restored:'), { timeout: 60_000 });
    expect(await dumpStores()).toEqual(before);
    await page.close();
  });
});
