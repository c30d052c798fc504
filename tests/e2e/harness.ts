import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type HTTPRequest, type Page, type Target, type WebWorker } from 'puppeteer';

/**
 * Starts real headless Chromium with the built extension loaded, and serves saved site pages on the sites' real
 * URLs through request interception. Everything a test checks is what a person would see in that browser.
 */

export const DIST = resolve(import.meta.dirname, '../../dist');
export const FIXTURES = resolve(import.meta.dirname, '../fixtures');
export const CHROMIUM = process.env.PUPPETEER_EXECUTABLE_PATH || '/usr/bin/chromium';

export interface Rapport {
  browser: Browser;
  extensionId: string;
  worker: WebWorker;
  close(): Promise<void>;
}

export function requireTools(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `End-to-end tests need Chromium at ${CHROMIUM} (apt-get install -y chromium, or set PUPPETEER_EXECUTABLE_PATH).`,
    );
  }
  if (!existsSync(join(DIST, 'manifest.json'))) {
    throw new Error(`End-to-end tests load the built extension from ${DIST}: run "npm run build" first.`);
  }
}

/** An unpacked extension's id: the first 32 hex digits of the SHA-256 of its folder's path, written with a–p. */
export function unpackedExtensionId(path = DIST): string {
  const hex = createHash('sha256').update(path).digest('hex').slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode(97 + Number.parseInt(digit, 16))).join('');
}

/** Chromium on a machine with no internet: no background networking, no component updates, no sync. */
export const BROWSER_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Headless Chromium in a fresh profile (removed on close), with the built extension unless told otherwise: none, or
 * the unpacked extension in another folder (the benchmarks' floor probes).
 */
export async function startChromium(
  options: { extension?: boolean | string; targetFilter?: (target: Target) => boolean } = {},
): Promise<{ browser: Browser; close(): Promise<void> }> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'rapport-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    pipe: true,
    enableExtensions:
      options.extension === false ? false : [typeof options.extension === 'string' ? options.extension : DIST],
    userDataDir,
    args: BROWSER_ARGS,
    targetFilter: options.targetFilter,
  });
  return {
    browser,
    async close() {
      await browser.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** The extension's service worker, once its globals exist (they appear a moment after its target does). */
export async function extensionWorker(browser: Browser): Promise<{ worker: WebWorker; extensionId: string }> {
  const target = await browser.waitForTarget((t) => t.type() === 'service_worker', { timeout: 30_000 });
  const worker = await target.worker();
  if (!worker) throw new Error('The extension service worker did not start');
  const ready = Date.now() + 15_000;
  while (
    !(await worker.evaluate(() => typeof chrome !== 'undefined' && Boolean(chrome.runtime?.id)).catch(() => false))
  ) {
    if (Date.now() > ready) throw new Error('The extension service worker never exposed chrome.runtime');
    await new Promise((r) => setTimeout(r, 50));
  }
  return { worker, extensionId: new URL(target.url()).host };
}

/**
 * A browser with Rapport (or the unpacked extension in another folder: the benchmarks' floor probes) whose service
 * worker puppeteer leaves alone: a debugger attached to the worker keeps it from stopping, and from starting again
 * (it waits for the debugger), so tests of what survives the worker being stopped drive Rapport through its pages only.
 */
export async function launchDetached(
  extension = DIST,
): Promise<{ browser: Browser; extensionId: string; close(): Promise<void> }> {
  requireTools();
  const chromium = await startChromium({ extension, targetFilter: (target) => target.type() !== 'service_worker' });
  return { ...chromium, extensionId: unpackedExtensionId(extension) };
}

/** Rapport's options page, opened in a new tab of its browser. */
export async function openOptions(rapport: { browser: Browser; extensionId: string }): Promise<Page> {
  const page = await rapport.browser.newPage();
  await page.goto(`chrome-extension://${rapport.extensionId}/src/options/index.html`);
  return page;
}

export async function launchRapport(): Promise<Rapport> {
  requireTools();
  const chromium = await startChromium();
  try {
    return { ...chromium, ...(await extensionWorker(chromium.browser)) };
  } catch (error) {
    await chromium.close();
    throw error;
  }
}

export interface SitePage {
  /** Path under tests/fixtures (or shared fixtures) of the saved page… */
  fixture?: string;
  /** …or the page itself, for a variant made from a saved page. */
  html?: string;
  headers?: Record<string, string>;
}

/** What LinkedIn sends with its pages: Trusted Types enforced, so the card must never assign HTML. */
export const LINKEDIN_HEADERS = {
  'content-security-policy': "require-trusted-types-for 'script'",
};

const keyOf = (url: string) => url.split('#')[0] ?? url;

/**
 * Answers the given real URLs with saved pages; lets the extension's own requests through; answers everything
 * else (images, scripts, trackers of the saved page) with an empty response, since this machine has no internet.
 */
export async function serveSite(page: Page, routes: Record<string, SitePage>): Promise<void> {
  const table = new Map(Object.entries(routes).map(([url, route]) => [keyOf(url), route]));
  await page.setRequestInterception(true);
  page.on('request', (request: HTTPRequest) => {
    const url = request.url();
    if (url.startsWith('chrome-extension://') || url.startsWith('data:')) {
      void request.continue();
      return;
    }
    const route = table.get(keyOf(url));
    if (route && request.isNavigationRequest()) {
      void request.respond({
        status: 200,
        contentType: 'text/html; charset=utf-8',
        headers: route.headers ?? {},
        body: route.html ?? readFileSync(join(FIXTURES, route.fixture ?? '')),
      });
      return;
    }
    // The saved page's own scripts, styles and manifest: answered empty but valid, so the page logs no errors
    // of its own and any error a test sees is Rapport's.
    const type = /manifest\.json$|\.webmanifest$/.test(new URL(url).pathname) ? 'manifest' : request.resourceType();
    const empty: Record<string, { contentType: string; body: string }> = {
      script: { contentType: 'application/javascript', body: '' },
      stylesheet: { contentType: 'text/css', body: '' },
      manifest: { contentType: 'application/manifest+json', body: '{}' },
    };
    const answer = empty[type];
    if (answer) {
      void request.respond({ status: 200, headers: { 'access-control-allow-origin': '*' }, ...answer });
      return;
    }
    void request.respond({ status: 204, body: '' });
  });
}

/** Collects what would tell a person something went wrong: uncaught errors and dialogs (an injected alert). */
export function watchForTrouble(page: Page): { errors: string[]; dialogs: string[] } {
  const trouble = { errors: [] as string[], dialogs: [] as string[] };
  page.on('pageerror', (error) => trouble.errors.push(String(error)));
  page.on('console', (message) => {
    // The browser fetches a saved page's web-app manifest outside request interception; its failure is the
    // saved page's, not Rapport's.
    if (message.type() === 'error' && !message.text().startsWith('Manifest:')) trouble.errors.push(message.text());
  });
  page.on('dialog', (dialog) => {
    trouble.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return trouble;
}

/**
 * A new tab that answers the given site URLs with saved pages (see serveSite), watched from its first moment for
 * what would tell a person something went wrong (see watchForTrouble).
 */
export async function openSiteTab(
  browser: Browser,
  routes: Record<string, SitePage>,
): Promise<{ page: Page; trouble: ReturnType<typeof watchForTrouble> }> {
  const page = await browser.newPage();
  const trouble = watchForTrouble(page);
  await serveSite(page, routes);
  return { page, trouble };
}

export function fixtureHtml(path: string): string {
  return readFileSync(join(FIXTURES, path), 'utf8');
}

/**
 * Starts recording the type of every request the worker receives from a tab, sent as a message or as a frame on a
 * port (feed lookups, lib/port-client.ts). The returned function reads all of them so far, oldest first.
 */
export async function recordTabRequests(worker: WebWorker): Promise<() => Promise<string[]>> {
  await worker.evaluate(() => {
    const recorder = self as unknown as { tabRequests: string[] };
    recorder.tabRequests = [];
    chrome.runtime.onMessage.addListener((message: { type?: string }, sender: chrome.runtime.MessageSender) => {
      if (sender.tab) recorder.tabRequests.push(String(message?.type));
    });
    chrome.runtime.onConnect.addListener((port) => {
      port.onMessage.addListener((frame: { request?: { type?: string } }) => {
        if (port.sender?.tab) recorder.tabRequests.push(String(frame?.request?.type));
      });
    });
  });
  return () => worker.evaluate(() => [...(self as unknown as { tabRequests: string[] }).tabRequests]);
}

/** Asks one store of the extension's own IndexedDB, inside the service worker: its count, or all its records. */
function askExtensionDb<T>(worker: WebWorker, store: string, method: 'count' | 'getAll'): Promise<T> {
  return worker.evaluate(
    (storeName, methodName) =>
      new Promise<T>((resolvePromise, reject) => {
        const open = indexedDB.open('rapport');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction(storeName).objectStore(storeName)[methodName]();
          request.onsuccess = () => {
            open.result.close();
            resolvePromise(request.result as T);
          };
          request.onerror = () => reject(request.error);
        };
      }),
    store,
    method,
  );
}

export function countInExtensionDb(worker: WebWorker, store: string): Promise<number> {
  return askExtensionDb<number>(worker, store, 'count');
}

/** Every record of one store of the extension's own IndexedDB, as stored. */
export function allInExtensionDb<T = unknown>(worker: WebWorker, store: string): Promise<T[]> {
  return askExtensionDb<T[]>(worker, store, 'getAll');
}

interface AxNode {
  role?: string;
  name?: string;
  children?: AxNode[];
}

function flatten(node: AxNode, into: string[]): string[] {
  if (node.name && node.role !== 'complementary') into.push(node.name);
  for (const child of node.children ?? []) flatten(child, into);
  return into;
}

function findLandmark(node: AxNode | null | undefined, name: string): AxNode | undefined {
  if (!node) return undefined;
  if (node.role === 'complementary' && node.name === name) return node;
  for (const child of node.children ?? []) {
    const found = findLandmark(child, name);
    if (found) return found;
  }
  return undefined;
}

/**
 * The text of the Rapport card as assistive technology reads it. The card lives in a closed shadow root, which
 * page scripts cannot open but the accessibility tree shows, as it shows it to a person.
 */
export async function readCard(page: Page): Promise<string | undefined> {
  const tree = (await page.accessibility.snapshot()) as AxNode | null;
  const card = findLandmark(tree, 'Rapport');
  return card ? flatten(card, []).join(' | ') : undefined;
}

export function waitForCard(page: Page, includes: string | RegExp, timeout = 10_000): Promise<string> {
  return waitForCardText(page, includes, undefined, timeout);
}

/** Waits until the card shows `includes` and no longer shows `gone` (a button that went once its work was done). */
export function waitForCardWithout(page: Page, includes: string, gone: string): Promise<string> {
  return waitForCardText(page, includes, gone);
}

async function waitForCardText(
  page: Page,
  includes: string | RegExp,
  gone: string | undefined,
  timeout = 10_000,
): Promise<string> {
  const deadline = Date.now() + timeout;
  let last: string | undefined;
  while (Date.now() < deadline) {
    last = await readCard(page);
    const shown = last && (typeof includes === 'string' ? last.includes(includes) : includes.test(last));
    if (last && shown && !(gone && last.includes(gone))) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  const without = gone ? ` without ${gone}` : '';
  throw new Error(`The Rapport card never showed ${String(includes)}${without}; it last read: ${last ?? '(no card)'}`);
}

/** Does what LinkedIn's single-page app does on a click: swaps the page content and pushes the new URL. */
export async function navigateInPage(page: Page, path: string, html: string): Promise<void> {
  await page.evaluate(
    (newPath, source) => {
      const w = window as unknown as {
        trustedTypes?: {
          createPolicy(n: string, p: { createHTML(s: string): string }): { createHTML(s: string): unknown };
        };
      };
      const policy = w.trustedTypes?.createPolicy(`spa-${Math.random()}`, { createHTML: (s) => s });
      const doc = new DOMParser().parseFromString((policy ? policy.createHTML(source) : source) as string, 'text/html');
      history.pushState({}, '', newPath);
      document.title = doc.title;
      document.body.replaceWith(document.adoptNode(doc.body));
    },
    path,
    html,
  );
}

/** The id of the tab whose content script reported this profile key (the background keeps it per tab). */
export async function tabIdShowing(worker: WebWorker, profileKey: string, timeout = 10_000): Promise<number> {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    const id = await worker.evaluate(async (key) => {
      const all = await chrome.storage.session.get(null);
      const entry = Object.entries(all).find(([, value]) => (value as { profileKey?: string })?.profileKey === key);
      return entry ? Number(entry[0].slice(4)) : undefined;
    }, profileKey);
    if (id) return id;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`No tab reported ${profileKey}`);
}

/** Clicks a linking button on the card and returns the card once it shows `name` and that button is gone. */
export async function linkFromCard(page: Page, button: string, name: string): Promise<string> {
  await (await page.waitForSelector(`aria/${button}[role="button"]`))?.click();
  return waitForCardWithout(page, name, button);
}

/** Clicks the card's "Save lead" and returns the card once it shows the saved contact. */
export async function saveFromCard(page: Page): Promise<string> {
  await (await page.waitForSelector('aria/Save lead[role="button"]'))?.click();
  return waitForCard(page, 'Log interaction');
}

/** Polls until `probe` returns something truthy. */
export async function eventually<T>(probe: () => Promise<T>, what: string, timeout = 15_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeout;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await probe();
    if (last) return last as NonNullable<T>;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
}

/** Sets a form control's value the way typing does, so preact's input handlers see it. */
export async function setInputValue(page: Page, selector: string, value: string): Promise<void> {
  const handle = await page.waitForSelector(selector);
  if (!handle) throw new Error(`No ${selector}`);
  await handle.evaluate((element, v) => {
    const input = element as HTMLInputElement;
    const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(input), 'value')?.set;
    setter?.call(input, v);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
}

/** The badges a person sees, as assistive technology reads them (they live in closed shadow roots). */
export async function badgeLabels(page: Page): Promise<string[]> {
  const tree = await page.accessibility.snapshot({ interestingOnly: true });
  const labels: string[] = [];
  const walk = (node: { name?: string; role?: string; children?: unknown[] } | null | undefined) => {
    if (!node) return;
    if (node.role === 'button' && node.name?.startsWith('Rapport: ')) labels.push(node.name);
    for (const child of node.children ?? []) walk(child as typeof node);
  };
  walk(tree as never);
  return labels;
}

/** Waits until the page's badges satisfy `until` (by default: any shows), and returns all their labels. */
export function waitForBadges(
  page: Page,
  what: string,
  until: (labels: string[]) => boolean = (labels) => labels.length > 0,
): Promise<string[]> {
  return eventually(async () => {
    const labels = await badgeLabels(page);
    return until(labels) ? labels : undefined;
  }, what);
}

/** The labels of one person's badges on the page (their name starts the label). */
export async function badgesOf(page: Page, name: string): Promise<string[]> {
  return (await badgeLabels(page)).filter(badgeOf(name));
}

/** Whether a badge's label is about this person (their name starts it). */
const badgeOf = (name: string) => (label: string) => label.startsWith(`Rapport: ${name}`);

/** Waits for one person's badges to appear on the page, and returns their labels. */
export async function waitForBadgesOf(page: Page, name: string, what: string): Promise<string[]> {
  const theirs = badgeOf(name);
  return (await waitForBadges(page, what, (labels) => labels.some(theirs))).filter(theirs);
}

/**
 * Stops the extension's service worker, as Chrome does to an idle extension (its ports close with it). Returns the
 * worker's states as the browser reports them, kept up to date: a later `running` says it was woken. Use with
 * `launchDetached`: a worker puppeteer is attached to is held up at its next start.
 */
export async function stopWorker(extensionPage: Page): Promise<string[]> {
  const cdp = await extensionPage.createCDPSession();
  const states: string[] = [];
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    for (const version of versions) states.push(version.runningStatus);
  });
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await eventually(async () => states.includes('stopped') || undefined, 'the worker to stop');
  return states;
}

/**
 * Saves a customer account from one of Rapport's pages, as the contact view's account field does (the worker hears of
 * it); resolves to the worker's answer envelope.
 */
export function saveCustomerAccount(extensionPage: Page, name: string): Promise<unknown> {
  return extensionPage.evaluate((account) => chrome.runtime.sendMessage({ type: 'saveAccount', account }), {
    name,
    relationship: 'customer',
    stage: 'won',
    notes: '',
  });
}

/** Deletes everything from the options page, as a person does: the button, the typed confirmation, the answer. */
export async function deleteEverything(options: Page): Promise<void> {
  await (await options.waitForSelector('aria/Delete everything…[role="button"]'))?.click();
  await (await options.waitForSelector('aria/Type delete everything to confirm'))?.type('delete everything');
  await (await options.waitForSelector('form.confirm button.danger'))?.click();
  await options.waitForFunction(() => document.body.innerText.includes('Everything was deleted.'));
}
