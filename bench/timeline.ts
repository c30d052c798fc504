import type { Page } from 'puppeteer';
import { badgeLabels, startChromium } from '../tests/e2e/harness';
import { type BenchBrowser, ensureDatabase, launch, ms, seedAccounts, seedContacts } from './browser';
import { type ExtensionScriptTime, extensionScriptTime } from './extension-samples';
import { FINDING_PROBE, launchLeastProbe, measureFloor, ratio } from './floor';
import { type MainThreadTime, mainThreadTime } from './main-thread';
import { fixture, serve } from './serve';

/**
 * Main-thread time Rapport adds to an X timeline of 300 posts with 100,000 contacts (and 5,000 accounts) stored: the same generated
 * page loads in Chromium with and without the extension and is read from top to end a screen at a time, and the
 * renderer's task time is compared once every author was found and looked up. Half the authors are stored
 * contacts, half are not. Two pages: all 300 posts in the HTML (the worst case), and the posts added and removed
 * by the page's script as the reader scrolls, as x.com does (`BENCH_TIMELINE_SCENARIOS=static` or `virtualized`).
 */
const HOME = 'https://x.com/home';
const POSTS = 300;
const RUNS = Number(process.env.BENCH_TIMELINE_RUNS ?? 5);

const CELL_START = '<div class="css-175oi2r" data-testid="cellInnerDiv"';
const LIST_END = '</div></div></section>';

/** The fixture's timeline with its posts repeated to 300, each by a different author. */
export function timelineCells(html: string): string[] {
  const cells = [...html.matchAll(new RegExp(`${CELL_START}[\\s\\S]*?(?=${CELL_START}|${LIST_END})`, 'g'))]
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
  return generated;
}

/** Every post in the HTML from the start: the worst case, a page that keeps all 300 (about 49,000 nodes). */
function staticPage(html: string, cells: string[]): string {
  const first = html.indexOf(CELL_START);
  return html.slice(0, first) + cells.join('') + html.slice(html.indexOf(LIST_END, first));
}

/**
 * As x.com renders a timeline: the page's script keeps only the posts near the viewport in the DOM (a dozen or
 * so, absolutely placed), adding the next ones and removing the passed ones as the reader scrolls.
 */
export function virtualizedPage(html: string, cells: string[]): string {
  const first = html.indexOf(CELL_START);
  const script = `<script>(() => {
  const cells = ${JSON.stringify(cells).replaceAll('<', '\\u003c')};
  const HEIGHT = 520;
  const list = document.querySelector('[aria-label="Timeline: Your Home Timeline"] > div');
  list.style.minHeight = cells.length * HEIGHT + 'px';
  const shown = new Map();
  const template = document.createElement('template');
  const render = () => {
    const top = list.getBoundingClientRect().top + scrollY;
    const from = Math.max(0, Math.floor((scrollY - top - innerHeight) / HEIGHT));
    const to = Math.min(cells.length - 1, Math.ceil((scrollY - top + 2 * innerHeight) / HEIGHT));
    for (const [i, cell] of shown) if (i < from || i > to) { cell.remove(); shown.delete(i); }
    for (let i = from; i <= to; i++) {
      if (shown.has(i)) continue;
      template.innerHTML = cells[i];
      const cell = template.content.firstElementChild;
      cell.style.transform = 'translateY(' + i * HEIGHT + 'px)';
      list.append(cell);
      shown.set(i, cell);
    }
  };
  addEventListener('scroll', render, { passive: true });
  render();
})();</script>`;
  return html.slice(0, first) + html.slice(html.indexOf(LIST_END, first)).replace('</body>', `${script}</body>`);
}

/** Scrolls from the top of the timeline to its end a screen at a time, as a person reading it does. */
async function readThrough(tab: Page): Promise<void> {
  await tab.evaluate(async () => {
    for (let y = 0; y < document.documentElement.scrollHeight; y += window.innerHeight) {
      window.scrollTo(0, y);
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
  });
}

/** A fresh tab serving the timeline, and what loading and reading it until `settled` (plus a quiet half second) does. */
async function inTab(bench: BenchBrowser, page: string, settled: (tab: Page) => Promise<void>) {
  const tab = await bench.browser.newPage();
  await serve(tab, { [HOME]: { html: page } });
  const read = async () => {
    await tab.goto(HOME, { waitUntil: 'load' });
    await settled(tab);
    await new Promise((r) => setTimeout(r, 500));
  };
  return { tab, read };
}

/** The renderer's main-thread time over the load and read; returns the badges then shown too. */
async function loadTime(
  bench: BenchBrowser,
  page: string,
  settled: (tab: Page) => Promise<void>,
): Promise<MainThreadTime & { badges: number }> {
  const { tab, read } = await inTab(bench, page, settled);
  const time = await mainThreadTime(tab, read);
  // Hidden badges are out of the accessibility tree: these are the ones a person sees.
  const badges = (await badgeLabels(tab)).length;
  await tab.close();
  return { ...time, badges };
}

/** Rapport's own script time over the same load and read, in a run of its own (the profiler slows all scripts). */
async function extensionTime(bench: BenchBrowser, page: string, settled: (tab: Page) => Promise<void>) {
  const { tab, read } = await inTab(bench, page, settled);
  const time = await extensionScriptTime(tab, read);
  await tab.close();
  return time;
}

/** A floor probe (bench/floor/README.md) and its runs. */
interface Probe {
  label: string;
  chromium: BenchBrowser;
  runs: ExtensionScriptTime[];
}

interface Scenario {
  key: string;
  label: string;
  html: string;
  /** With Rapport: resolves once every post's author was found and looked up and the timeline was read. */
  readWithRapport(tab: Page): Promise<void>;
  /** Known authors' badges a person must see at the end, at least. */
  minimumBadges: number;
}

const SEEN_COUNTER = `<script>(() => {
  window.rapportSeen = 0;
  new MutationObserver((records) => { window.rapportSeen += records.length; })
    .observe(document.documentElement, { subtree: true, attributes: true, attributeFilter: ['data-rapport-seen'] });
})();</script>`;

/** The page with a main-world counter of the authors Rapport marked as found. */
const counted = (html: string) => html.replace('<head>', `<head>${SEEN_COUNTER}`);

/** Resolves once Rapport has found at least `authors` authors on the page. */
const found = (tab: Page, authors: number) =>
  tab.waitForFunction(
    (n) => (window as unknown as { rapportSeen: number }).rapportSeen >= n,
    { timeout: 60_000 },
    authors,
  );

/**
 * The saved timeline as it is (15 posts): what Rapport costs on any page of the site, before the posts' share. The
 * 300-post figures less this one, over the 285 posts more, are the cost of a post.
 */
function shortPage(): { html: string; posts: number; read(tab: Page): Promise<void> } {
  const html = fixture('x/home.html');
  const posts = html.match(/data-testid="tweet"/g)?.length ?? 0;
  return {
    html: counted(html),
    posts,
    async read(tab) {
      await found(tab, posts);
      await readThrough(tab);
    },
  };
}

function scenarios(): Scenario[] {
  const html = fixture('x/home.html');
  const cells = timelineCells(html);
  return [
    {
      key: 'static',
      label: 'all 300 posts in the page from the start (about 49,000 nodes)',
      html: counted(staticPage(html, cells)),
      async readWithRapport(tab) {
        await found(tab, POSTS);
        await readThrough(tab);
      },
      // Every other post's author is a stored contact.
      minimumBadges: POSTS / 2,
    },
    {
      key: 'virtualized',
      label: "as x.com renders it (the page's script keeps the dozen posts near the viewport)",
      html: counted(virtualizedPage(html, cells)),
      async readWithRapport(tab) {
        await readThrough(tab);
        await found(tab, POSTS);
      },
      minimumBadges: 1,
    },
  ];
}

async function measure(scenario: Scenario): Promise<Record<string, number>> {
  // Both browsers stay open and take turns, so a busy moment of the machine falls on both alike.
  const without = await launch(false);
  const withExtension = await launch(true);
  const accounts = Array.from({ length: 5000 }, (_, i) => `Company ${i}`);
  const probes: Probe[] = [];
  const bare: MainThreadTime[] = [];
  const annotated: Array<MainThreadTime & { badges: number }> = [];
  const own: ExtensionScriptTime[] = [];
  const short = shortPage();
  const ownShort: ExtensionScriptTime[] = [];
  let badges = 0;
  try {
    if (!withExtension.worker) throw new Error('no worker');
    await ensureDatabase(withExtension);
    await seedContacts(withExtension.worker, 100_000);
    // The accounts of the contacts' 5,000 companies: on X, every stranger's name is checked against their names.
    await seedAccounts(withExtension.worker, accounts);
    if (measureFloor) {
      probes.push({
        label: 'a MutationObserver that only finds and marks the authors',
        chromium: await startChromium({ extension: FINDING_PROBE }),
        runs: [],
      });
      probes.push({
        label: 'the least whole task: find, read handles, one message per 100 ms, a plain mark for the known',
        chromium: await launchLeastProbe(100_000, accounts),
        runs: [],
      });
    }
    for (let i = 0; i < RUNS; i++) {
      bare.push(await loadTime(without, scenario.html, readThrough));
      annotated.push(await loadTime(withExtension, scenario.html, scenario.readWithRapport));
      own.push(await extensionTime(withExtension, scenario.html, scenario.readWithRapport));
      ownShort.push(await extensionTime(withExtension, short.html, short.read));
      for (const probe of probes)
        probe.runs.push(await extensionTime(probe.chromium, scenario.html, scenario.readWithRapport));
      badges = annotated.at(-1)?.badges ?? 0;
      // A run that badged fewer known authors than it should measured less than the work.
      if (badges < scenario.minimumBadges) {
        throw new Error(`Only ${badges} known authors were badged; expected ${scenario.minimumBadges}`);
      }
    }
  } finally {
    await Promise.all([without.close(), withExtension.close(), ...probes.map((probe) => probe.chromium.close())]);
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  const part = (runs: MainThreadTime[], key: keyof MainThreadTime) => median(runs.map((run) => run[key]));
  const added = part(annotated, 'total') - part(bare, 'total');
  const per100 = (added / POSTS) * 100;
  const script = part(annotated, 'script') - part(bare, 'script');
  const rendering = part(annotated, 'rendering') - part(bare, 'rendering');
  const parts = ((script + rendering) / POSTS) * 100;
  console.log(
    `timeline of ${POSTS} posts, ${scenario.label}, 100,000 contacts and 5,000 accounts stored (median of ${RUNS}; renderer main-thread tasks from a trace): main-thread time ${ms(part(bare, 'total'))} without Rapport, ${ms(part(annotated, 'total'))} with → ${ms(added)} added, ${ms(per100)} per 100 posts  [target ≤ 10 ms per 100 posts]`,
  );
  console.log(
    `  scripts ${ms(script)} (${ms((script / POSTS) * 100)} per 100 posts) and style/layout/paint ${ms(rendering)} more; those two together ${ms(parts)} per 100 posts; ${badges} known authors' badges on screen at the end`,
  );
  const ownMs = median(own.map((run) => run.ms));
  const gapsMs = median(own.map((run) => run.inGapsMs));
  console.log(
    `  Rapport's own scripts, sampled by V8's profiler in separate runs (its code on the stack, the DOM calls it makes included; not the browser's later style and layout): ${ms(ownMs)}, ${ms((ownMs / POSTS) * 100)} per 100 posts (runs: ${own.map((run) => ms(run.ms)).join(', ')}); ${ms(gapsMs)} of it in sampling gaps of over 1 ms, when this machine's cores were busy elsewhere`,
  );
  const pageMs = median(ownShort.map((run) => run.ms));
  const perPostBeyond = ((ownMs - pageMs) / (POSTS - short.posts)) * 100;
  console.log(
    `  of which the page, whatever its length (Rapport's own scripts on the saved ${short.posts}-post timeline: loading, the first message, the first scan): ${ms(pageMs)}; beyond it, ${ms(perPostBeyond)} per 100 posts`,
  );
  const floors = probes.map((probe) => {
    const floorMs = median(probe.runs.map((run) => run.ms));
    console.log(
      `  floor (${probe.label}; sampled the same way): ${ms(floorMs)}, ${ms((floorMs / POSTS) * 100)} per 100 posts (runs: ${probe.runs.map((run) => ms(run.ms)).join(', ')}); Rapport / floor: ${ratio(ownMs, floorMs)}`,
    );
    return (floorMs / POSTS) * 100;
  });
  return {
    ...Object.fromEntries(
      floors.map((per100, i) => [`timeline ${scenario.key} floor ${i + 1} own script per 100 posts ms`, per100]),
    ),
    [`timeline ${scenario.key} page own script ms`]: pageMs,
    [`timeline ${scenario.key} own script per 100 posts beyond the page ms`]: perPostBeyond,
    [`timeline ${scenario.key} own script ms`]: ownMs,
    [`timeline ${scenario.key} own script in sampling gaps ms`]: gapsMs,
    [`timeline ${scenario.key} own script per 100 posts ms`]: (ownMs / POSTS) * 100,
    [`timeline ${scenario.key} added ms`]: added,
    [`timeline ${scenario.key} per 100 posts ms`]: per100,
    [`timeline ${scenario.key} script ms`]: script,
    [`timeline ${scenario.key} script+rendering per 100 ms`]: parts,
  };
}

export async function benchTimeline(): Promise<Record<string, number>> {
  const figures: Record<string, number> = {};
  const only = process.env.BENCH_TIMELINE_SCENARIOS?.split(',');
  for (const scenario of scenarios()) {
    if (!only || only.includes(scenario.key)) Object.assign(figures, await measure(scenario));
  }
  return figures;
}
