import type { Browser, Page, WebWorker } from 'puppeteer';
import { extensionWorker, launchDetached, openOptions, startChromium } from '../tests/e2e/harness';

/** Real Chromium for benchmarks, with or without the built extension (the difference is what Rapport costs). */
export interface BenchBrowser {
  browser: Browser;
  worker?: WebWorker;
  extensionId?: string;
  close(): Promise<void>;
}

export async function launch(withExtension: boolean): Promise<BenchBrowser> {
  const chromium = await startChromium({ extension: withExtension });
  if (!withExtension) return chromium;
  const { worker, extensionId } = await extensionWorker(chromium.browser);
  // tsx wraps named functions in __name(); code evaluated in the worker then needs it defined.
  await worker.evaluate('globalThis.__name = (fn) => fn');
  return { ...chromium, worker, extensionId };
}

/**
 * The extension with its worker left to itself: a debugger attached to the worker (as `launch` attaches one) keeps it
 * from stopping. Everything else goes through one of the extension's pages, which shares the worker's database; the
 * database is created before this returns.
 */
export async function launchUnwatched(): Promise<BenchBrowser & { extensionPage: Page }> {
  const chromium = await launchDetached();
  const extensionPage = await openOptions(chromium);
  await extensionPage.evaluate('globalThis.__name = (fn) => fn');
  await createDatabaseFrom(extensionPage);
  return { ...chromium, extensionPage };
}

/** Where the seeders run: the worker, or a page of the extension (the same origin, so the same database). */
type ExtensionContext = Pick<WebWorker, 'evaluate'>;

/**
 * Fills the extension's database with `count` contacts, each with a LinkedIn and an X identity, in one
 * transaction (what a synced or imported book of customers looks like to the lookups being measured).
 */
export async function seedContacts(worker: ExtensionContext, count: number): Promise<void> {
  await worker.evaluate(async (n) => {
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const open = indexedDB.open('rapport');
      open.onsuccess = () => ok(open.result);
      open.onerror = () => fail(open.error);
    });
    const tx = db.transaction(['contacts', 'identities'], 'readwrite');
    const now = Date.now();
    // No helper functions in here: tsx would wrap them in a __name() that the browser does not have.
    for (let i = 0; i < n; i++) {
      const suffix = i.toString(16).padStart(12, '0');
      const id = `01900000-0000-7000-8000-${suffix}`;
      tx.objectStore('contacts').put({
        id,
        createdAt: now,
        updatedAt: now,
        deleted: false,
        name: `Seeded Person ${i}`,
        company: `Company ${i % 5000}`,
        relationship: 'customer',
        stage: 'won',
        tags: [],
        notes: '',
        emails: [],
        phones: [],
      });
      for (const [network, key, url] of [
        ['linkedin', `linkedin:in/seeded-${i}`, `https://www.linkedin.com/in/seeded-${i}/`],
        ['x', `x:seeded_${i}`, `https://x.com/seeded_${i}`],
      ]) {
        tx.objectStore('identities').put({
          id: `01900000-0000-7000-${network === 'x' ? '9' : 'a'}000-${suffix}`,
          createdAt: now,
          updatedAt: now,
          deleted: false,
          network,
          profileKey: key,
          url,
          contactId: id,
        });
      }
    }
    await new Promise<void>((ok, fail) => {
      tx.oncomplete = () => ok();
      tx.onerror = () => fail(tx.error);
    });
    db.close();
  }, count);
}

/** Adds an account for each name, in one transaction: the companies a team works with. */
export async function seedAccounts(worker: ExtensionContext, names: readonly string[]): Promise<void> {
  await worker.evaluate(async (list) => {
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const open = indexedDB.open('rapport');
      open.onsuccess = () => ok(open.result);
      open.onerror = () => fail(open.error);
    });
    const tx = db.transaction('accounts', 'readwrite');
    const now = Date.now();
    list.forEach((name, i) => {
      tx.objectStore('accounts').put({
        id: `01900000-0000-7000-b000-${(now % 1e6).toString(16).padStart(6, '0')}${i.toString(16).padStart(6, '0')}`,
        createdAt: now,
        updatedAt: now,
        deleted: false,
        name,
        relationship: 'customer',
        stage: 'won',
        notes: '',
      });
    });
    await new Promise<void>((ok, fail) => {
      tx.oncomplete = () => ok();
      tx.onerror = () => fail(tx.error);
    });
    db.close();
  }, names);
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

export const ms = (value: number) => `${value.toFixed(1)} ms`;

/** Makes the extension create (or upgrade) its database, by asking it for counts from one of its pages. */
async function createDatabaseFrom(extensionPage: Page): Promise<void> {
  await extensionPage.evaluate(() => chrome.runtime.sendMessage({ type: 'storeCounts' }));
}

/** The same, from an options page opened for it and closed again. */
export async function ensureDatabase(bench: BenchBrowser): Promise<void> {
  if (!bench.extensionId) throw new Error('The bench browser has no extension');
  const page = await openOptions({ browser: bench.browser, extensionId: bench.extensionId });
  await createDatabaseFrom(page);
  await page.close();
}
