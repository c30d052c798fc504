import { resolve } from 'node:path';
import type { Browser, Page } from 'puppeteer';
import { launchDetached } from '../tests/e2e/harness';
import { seedAccounts, seedContacts } from './browser';

/** The floor probes (bench/floor/README.md): the least each measured task can be done with, in the same browser. */
export const LEAST_PROBE = resolve(import.meta.dirname, 'floor/least');
export const FINDING_PROBE = resolve(import.meta.dirname, 'floor/finding');

/** Whether the benchmarks measure the probes too (`BENCH_FLOOR=0` leaves them out). */
export const measureFloor = process.env.BENCH_FLOOR !== '0';

/**
 * Chromium with the least-task probe, its worker left to itself (as Rapport's is in the card bench), and the same
 * contacts and accounts stored, seeded through the probe's page.
 */
export async function launchLeastProbe(
  contacts: number,
  accounts: readonly string[],
): Promise<{ browser: Browser; close(): Promise<void> }> {
  const chromium = await launchDetached(LEAST_PROBE);
  try {
    const page: Page = await chromium.browser.newPage();
    await page.goto(`chrome-extension://${chromium.extensionId}/seed.html`);
    await page.evaluate('globalThis.__name = (fn) => fn');
    await page.evaluate('openProbeDatabase().then((db) => db.close())');
    await seedContacts(page, contacts);
    await seedAccounts(page, accounts);
    await page.close();
    return chromium;
  } catch (error) {
    await chromium.close();
    throw error;
  }
}

/** "Rapport / floor" for a printed line. */
export const ratio = (ours: number, floor: number) => (floor > 0 ? `${(ours / floor).toFixed(1)}×` : 'n/a');
