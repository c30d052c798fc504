import { type BenchBrowser, ensureDatabase, launch, ms, seedContacts } from './browser';
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
  const start = html.indexOf('<div data-testid="cellInnerDiv"') >= 0 ? 0 : 0;
  void start;
  const first = html.indexOf('<div class="css-175oi2r" data-testid="cellInnerDiv"');
  const end = html.indexOf('</div></div></section>', first);
  return html.slice(0, first) + generated.join('') + html.slice(end);
}

async function taskTime(bench: BenchBrowser, page: string, settle: () => Promise<void>): Promise<number> {
  const tab = await bench.browser.newPage();
  await serve(tab, { [HOME]: { html: page } });
  await tab.goto(HOME, { waitUntil: 'load' });
  await settle.call(tab);
  await new Promise((r) => setTimeout(r, 500));
  const metrics = await tab.metrics();
  await tab.close();
  return (metrics.TaskDuration ?? 0) * 1000;
}

export async function benchTimeline(): Promise<Record<string, number>> {
  const page = timelinePage();
  const without = await launch(false);
  const bare: number[] = [];
  try {
    for (let i = 0; i < RUNS; i++) bare.push(await taskTime(without, page, async () => {}));
  } finally {
    await without.close();
  }
  const withExtension = await launch(true);
  const annotated: number[] = [];
  let badges = 0;
  try {
    if (!withExtension.worker) throw new Error('no worker');
    await ensureDatabase(withExtension);
    await seedContacts(withExtension.worker, 100_000);
    for (let i = 0; i < RUNS; i++) {
      const tab = await withExtension.browser.newPage();
      await serve(tab, { [HOME]: { html: page } });
      await tab.goto(HOME, { waitUntil: 'load' });
      await tab.waitForFunction(
        (n) => document.querySelectorAll('rapport-badge').length >= n,
        { timeout: 30_000 },
        POSTS,
      );
      await new Promise((r) => setTimeout(r, 500));
      badges = await tab.evaluate(() => document.querySelectorAll('rapport-badge').length);
      annotated.push(((await tab.metrics()).TaskDuration ?? 0) * 1000);
      await tab.close();
    }
  } finally {
    await withExtension.close();
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  const added = median(annotated) - median(bare);
  const per100 = (added / POSTS) * 100;
  console.log(
    `timeline of ${POSTS} posts, 100,000 contacts stored (${badges} badges, median of ${RUNS}): main-thread task time ${ms(median(bare))} without Rapport, ${ms(median(annotated))} with → ${ms(added)} added, ${ms(per100)} per 100 posts  [target ≤ 10 ms per 100 posts]`,
  );
  return { 'timeline added ms': added, 'timeline per 100 posts ms': per100 };
}
