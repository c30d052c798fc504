import type { Browser, Page } from 'puppeteer';
import { saveCustomerAccount, stopWorker } from '../tests/e2e/harness';
import { launchUnwatched, ms, percentile, seedAccounts, seedContacts } from './browser';
import { launchLeastProbe, measureFloor, ratio } from './floor';
import { serve } from './serve';

/**
 * Time from the page being ready (DOMContentLoaded) to the Rapport card showing its answer, on a saved LinkedIn
 * profile, with 0, 10,000 and 100,000 contacts stored (and the accounts of their 5,000 companies). Jane is a
 * stranger: measured while her company is no account, and again once it is one and her card shows it. The card marks
 * its host `data-rapport-state="ready"`; a main-world observer stamps the moment.
 *
 * Measured with the worker awake, and asleep: Chrome stops an idle extension worker after 30 s, so a person who
 * opens a profile now and then mostly meets a worker that must start first. The worker runs without a debugger
 * attached (one would keep it awake), as in a person's browser.
 */
const PROFILE = 'https://www.linkedin.com/in/jane-doe-4a1b2c/';
/**
 * Loads per measure. With 30, the p95 was the second slowest load and swung by 10 ms between runs of the same build;
 * a load takes a third of a second, so 100 cost little.
 */
const RUNS = Number(process.env.BENCH_CARD_RUNS ?? 100);
const COLD_RUNS = Number(process.env.BENCH_CARD_COLD_RUNS ?? 15);
const SETTLE_MS = Number(process.env.BENCH_CARD_SETTLE ?? 20_000);

/**
 * Page loads of the profile, each timed from DOMContentLoaded to the card's answer, `before` run ahead of each; the
 * first two only warm up.
 */
async function timeLoads(page: Page, runs: number, before?: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let run = 0; run < runs + 2; run++) {
    await before?.();
    await page.goto(PROFILE);
    const elapsed = await page.waitForFunction(
      () => {
        const w = window as unknown as { cardShownAt?: number };
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
        // An array, not the difference: a card shown at the very moment the page became ready is a time of 0.
        return w.cardShownAt && nav?.domContentLoadedEventEnd ? [w.cardShownAt - nav.domContentLoadedEventEnd] : null;
      },
      { timeout: 20_000 },
    );
    // The first loads warm the disk cache, as a person's browser already has it.
    if (run >= 2) times.push(...((await elapsed.jsonValue()) as number[]));
  }
  return times;
}

/** A tab that serves the profile and stamps the moment a card (Rapport's, or the probe's) marks itself ready. */
async function cardTab(browser: Browser): Promise<Page> {
  const page = await browser.newPage();
  await serve(page, { [PROFILE]: 'linkedin/profile-classic.html' });
  await page.evaluateOnNewDocument(() => {
    const w = window as unknown as { cardShownAt?: number };
    new MutationObserver((_records, observer) => {
      if (document.querySelector('rapport-card[data-rapport-state="ready"]')) {
        w.cardShownAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['data-rapport-state'],
    });
  });
  return page;
}

/**
 * The least card (bench/floor/README.md) timed the same way with the same records stored: one message and one index
 * read, the least any card can wait for. Rapport's p50 and p95 are printed as ratios to it.
 */
async function cardFloor(
  stored: number,
  accounts: readonly string[],
  ours: { p50: number; p95: number },
  figures: Record<string, number>,
): Promise<void> {
  const probe = await launchLeastProbe(stored, accounts);
  try {
    if (stored > 0) await new Promise((r) => setTimeout(r, SETTLE_MS));
    const times = await timeLoads(await cardTab(probe.browser), RUNS);
    const p50 = percentile(times, 50);
    const p95 = percentile(times, 95);
    figures[`card floor p50 @${stored}`] = p50;
    figures[`card floor p95 @${stored}`] = p95;
    console.log(
      `  floor (the least card: one message at document_start, one index read over as many identities, ${RUNS} loads): p50 ${ms(p50)}, p95 ${ms(p95)}; Rapport / floor: p50 ${ratio(ours.p50, p50)}, p95 ${ratio(ours.p95, p95)}`,
    );
  } finally {
    await probe.close();
  }
}

export async function benchCard(): Promise<Record<string, number>> {
  const figures: Record<string, number> = {};
  for (const stored of (process.env.BENCH_CARD_SIZES ?? '0,10000,100000').split(',').map(Number)) {
    const bench = await launchUnwatched();
    // The seeded contacts work at 5,000 companies, each an account (fewer with fewer contacts).
    const accounts = Array.from({ length: Math.min(stored, 5000) }, (_, i) => `Company ${i}`);
    let awakeFigures = { p50: 0, p95: 0 };
    try {
      const seedStart = performance.now();
      await seedContacts(bench.extensionPage, stored);
      await seedAccounts(bench.extensionPage, accounts);
      const seeded = performance.now() - seedStart;
      // Writing 300,000 records at once leaves the browser's database compacting for a while; a person's browser with
      // that many contacts wrote them over months. Measure once it has settled (BENCH_CARD_SETTLE=0 to see the other).
      if (stored > 0) await new Promise((r) => setTimeout(r, SETTLE_MS));
      const page = await cardTab(bench.browser);
      const report = (label: string, suffix: string, runs: number, times: number[], extraAccounts = 0) => {
        const p50 = percentile(times, 50);
        const p95 = percentile(times, 95);
        figures[`card p50 @${stored}${suffix}`] = p50;
        figures[`card p95 @${stored}${suffix}`] = p95;
        console.log(
          `card shown after page ready, ${stored.toLocaleString()} contacts and ${(accounts.length + extraAccounts).toLocaleString()} accounts stored, ${label} (${runs} loads; seeding took ${ms(seeded)}, then ${ms(stored > 0 ? SETTLE_MS : 0)} to settle): p50 ${ms(p50)}, p95 ${ms(p95)}  [target p95 ≤ 25 ms at 100,000]`,
        );
        return { p50, p95 };
      };
      // Jane is a stranger; first her company is no account, then it is one (her card then shows it).
      awakeFigures = report('company not an account', '', RUNS, await timeLoads(page, RUNS));
      const awake = awakeFigures.p50;
      const asleep = report(
        'company not an account, worker asleep',
        ' (worker asleep)',
        COLD_RUNS,
        await timeLoads(page, COLD_RUNS, () => stopWorker(bench.extensionPage)),
      ).p50;
      // The card can show before DOMContentLoaded has finished (the time is then negative): no ratio to speak of.
      console.log(
        awake > 0
          ? `  worker asleep / awake, p50: ${(asleep / awake).toFixed(1)}×`
          : `  worker asleep / awake, p50: awake card shown before page ready, asleep ${ms(asleep)} after`,
      );
      await saveCustomerAccount(bench.extensionPage, 'Northwind Analytics');
      report('company an account', ' (company an account)', RUNS, await timeLoads(page, RUNS), 1);
    } finally {
      await bench.close();
    }
    // In a browser of its own, after Rapport's has closed: the two never share the machine's two cores.
    if (measureFloor) await cardFloor(stored, accounts, awakeFigures, figures);
  }
  return figures;
}
