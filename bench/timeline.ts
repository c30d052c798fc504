import type { Page } from 'puppeteer';
import { type BenchBrowser, ensureDatabase, launch, ms, seedContacts } from './browser';
import { type MainThreadTime, mainThreadTime } from './main-thread';
import { fixture, serve } from './serve';

/**
 * Main-thread time Rapport adds to an X timeline of 300 posts with 100,000 contacts stored: the same generated
 * page loads in Chromium with and without the extension, and the renderer's task time is compared once the
 * badges have settled. Half the authors are stored contacts, half are not.
 */
const HOME = 'https://x.com/home';
const POSTS = 300;
const RUNS = Number(process.env.BENCH_TIMELINE_RUNS ?? 5);

function timelinePage(): string {
  const html = fixture('x/home.html');
  const cells = [
    ...html.matchAll(
      /<div class="css-175oi2r" data-testid="cellInnerDiv"[\s\S]*?(?=<div class="css-175oi2r" data-testid="cellInnerDiv"|<\/div><\/div><\/section>)/g,
    ),
  ]
    .map((match) => match[0])
    .filter((cell) => cell.includes('data-testid="tweet"'));
  const generated: string[] = [];
  for (let i = 0; generated.length < POSTS; i++) {
    const cell = cells[i % cells.length] ?? '';
    const handle = i % 2 === 0 ? `seeded_${i}` : `nobody_${i}`;
    generated.push(
      cell.replace(/(href="\/|@|UserAvatar-Container-)([A-Za-z0-9_]{2,15})\b/g, (all, prefix, found) =>
        ['home', 'explore', 'notifications', 'messages'].includes(found) ? all : `${prefix}${handle}`,
      ),
    );
  }
  const first = html.indexOf('<div class="css-175oi2r" data-testid="cellInnerDiv"');
  const end = html.indexOf('</div></div></section>', first);
  return html.slice(0, first) + generated.join('') + html.slice(end);
}

/** Loads the timeline and measures its renderer's main-thread time until `settled` (plus a quiet half second). */
async function loadTime(
  bench: BenchBrowser,
  page: string,
  settled: (tab: Page) => Promise<void>,
): Promise<MainThreadTime> {
  const tab = await bench.browser.newPage();
  await serve(tab, { [HOME]: { html: page } });
  const time = await mainThreadTime(tab, async () => {
    await tab.goto(HOME, { waitUntil: 'load' });
    await settled(tab);
    await new Promise((r) => setTimeout(r, 500));
  });
  await tab.close();
  return time;
}

export async function benchTimeline(): Promise<Record<string, number>> {
  const page = timelinePage();
  const without = await launch(false);
  const bare: MainThreadTime[] = [];
  try {
    for (let i = 0; i < RUNS; i++) bare.push(await loadTime(without, page, async () => {}));
  } finally {
    await without.close();
  }
  const withExtension = await launch(true);
  const annotated: MainThreadTime[] = [];
  let badges = 0;
  try {
    if (!withExtension.worker) throw new Error('no worker');
    await ensureDatabase(withExtension);
    await seedContacts(withExtension.worker, 100_000);
    for (let i = 0; i < RUNS; i++) {
      annotated.push(
        await loadTime(withExtension, page, async (tab) => {
          // Every post's author found, and the known half (every other post) badged.
          await tab.waitForFunction(
            (n) =>
              document.querySelectorAll('[data-rapport-seen]').length >= n &&
              document.querySelectorAll('rapport-badge').length >= n / 2,
            { timeout: 30_000 },
            POSTS,
          );
          badges = await tab.evaluate(() => document.querySelectorAll('rapport-badge').length);
        }),
      );
    }
  } finally {
    await withExtension.close();
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  const part = (runs: MainThreadTime[], key: keyof MainThreadTime) => median(runs.map((run) => run[key]));
  const added = part(annotated, 'total') - part(bare, 'total');
  const per100 = (added / POSTS) * 100;
  const script = part(annotated, 'script') - part(bare, 'script');
  const rendering = part(annotated, 'rendering') - part(bare, 'rendering');
  console.log(
    `timeline of ${POSTS} posts, 100,000 contacts stored (${badges} badges on known authors, median of ${RUNS}; renderer main-thread tasks from a trace): main-thread time ${ms(part(bare, 'total'))} without Rapport, ${ms(part(annotated, 'total'))} with → ${ms(added)} added, ${ms(per100)} per 100 posts  [target ≤ 10 ms per 100 posts]`,
  );
  console.log(
    `  of which scripts ${ms(script)} (${ms((script / POSTS) * 100)} per 100 posts) and style/layout/paint of the badges ${ms(rendering)}`,
  );
  return { 'timeline added ms': added, 'timeline per 100 posts ms': per100, 'timeline script ms': script };
}
