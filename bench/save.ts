import type { Page } from 'puppeteer';
import { launchUnwatched, ms, percentile, seedAccounts } from './browser';

/**
 * Saving a lead as the card's or a badge's button does (possible duplicates looked for first), timed in an extension
 * page from the message to its answer, with 5,000 accounts stored: at a company that is no account yet (its account
 * is made) and at one that is, spelt otherwise (the lead joins it). The worker has read the accounts' names, as it
 * has after any profile page.
 */
const ACCOUNTS = Number(process.env.BENCH_SAVE_ACCOUNTS ?? 5000);
const RUNS = Number(process.env.BENCH_SAVE_RUNS ?? 20);

async function timeSaves(page: Page, label: string, company: (i: number) => string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < RUNS + 2; i++) {
    const elapsed = await page.evaluate(
      async (slug, companyName) => {
        const start = performance.now();
        const answer = await chrome.runtime.sendMessage({
          type: 'saveLead',
          mode: 'auto',
          profile: {
            network: 'linkedin',
            kind: 'person',
            profileKey: `linkedin:in/${slug}`,
            url: `https://www.linkedin.com/in/${slug}/`,
            name: slug,
            company: companyName,
          },
        });
        if (!answer?.ok) throw new Error(JSON.stringify(answer));
        return performance.now() - start;
      },
      `${label}-${i}`,
      company(i),
    );
    // The first two only warm up; a person's saves are seconds apart, so the worker's follow-up reads are done.
    if (i >= 2) times.push(elapsed);
    await new Promise((r) => setTimeout(r, 300));
  }
  return times;
}

export async function benchSave(): Promise<Record<string, number>> {
  const bench = await launchUnwatched();
  const figures: Record<string, number> = {};
  try {
    await seedAccounts(
      bench.extensionPage,
      Array.from({ length: ACCOUNTS }, (_, i) => `Company ${i}`),
    );
    // As a profile page's card does: the worker reads every account's name once, then follows writes.
    await bench.extensionPage.evaluate(() =>
      chrome.runtime.sendMessage({ type: 'lookup', keys: [], companies: ['Someone Inc'] }),
    );
    await new Promise((r) => setTimeout(r, 2000));
    const cases = [
      ['at a company that is no account yet', 'new', (i: number) => `Newco ${i}`],
      ["at an account's company, spelt otherwise", 'joining', (i: number) => `COMPANY ${(i * 37) % ACCOUNTS} `],
    ] as const;
    for (const [label, key, company] of cases) {
      const times = await timeSaves(bench.extensionPage, key, company);
      const p50 = percentile(times, 50);
      const p95 = percentile(times, 95);
      figures[`save lead p50 (${key})`] = p50;
      figures[`save lead p95 (${key})`] = p95;
      console.log(
        `save a lead, ${ACCOUNTS.toLocaleString()} accounts stored, ${label} (${RUNS} saves): p50 ${ms(p50)}, p95 ${ms(p95)}`,
      );
    }
  } finally {
    await bench.close();
  }
  return figures;
}
