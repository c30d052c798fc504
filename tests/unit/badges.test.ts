import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BadgeAction, BadgeView } from '../../src/content/badges/badge-view';
import type { Badges } from '../../src/content/badges/badges';
import { accountFilterOf } from '../../src/lib/account-filter';
import { Account, Contact } from '../../src/lib/records';
import { enterContentWorld } from './content-world';

/**
 * The feed badges' timing, on a saved X timeline: authors found close together are looked up in one message, and
 * a lookup's answers are painted together in the next frame, while what a person does
 * is answered at once.
 */

type Sent = { type: string; keys?: string[]; companies?: string[]; accountNames?: boolean };
const sent: Sent[] = [];
let knownKeys = new Set<string>();
/** The accounts' names, as the background knows them: none unless a test adds some. */
let accountNames: string[] = [];
/** How long a question about names alone takes to answer: a frame or more, when a test says so. */
let namesAnswerMs = 0;
let BadgesClass: typeof Badges;
let BadgeViewClass: typeof BadgeView;
let dom: JSDOM;

const contact = Contact.parse({
  id: '01900000-0000-7000-8000-000000000001',
  createdAt: 1,
  updatedAt: 1,
  deleted: false,
  name: 'Known Person',
  relationship: 'customer',
  stage: 'won',
});

/**
 * What the background answers: the stored contact for known keys, nothing for the others; the accounts of the names
 * asked for; the filter of account names when asked for it.
 */
async function answer(message: Sent) {
  sent.push(message);
  if (!message.keys?.length && namesAnswerMs) await new Promise((resolve) => setTimeout(resolve, namesAnswerMs));
  const results = Object.fromEntries(
    (message.keys ?? []).map((key) => [
      key,
      knownKeys.has(key) ? { kind: 'contact', contact, identities: [], recentInteractions: [], openTasks: [] } : null,
    ]),
  );
  const accounts = Object.fromEntries(
    (message.companies ?? []).filter((name) => accountNames.includes(name)).map((name) => [name, accountOf(name)]),
  );
  const filter = message.accountNames ? { accountNames: accountFilterOf(accountNames) } : {};
  return { ok: true, data: { results, accounts, ...filter } };
}

const accountOf = (name: string) => ({
  kind: 'account',
  account: Account.parse({
    id: '01900000-0000-7000-8000-0000000000a1',
    createdAt: 1,
    updatedAt: 1,
    deleted: false,
    name,
    relationship: 'prospect',
    stage: 'qualified',
  }),
  contactCount: 2,
  openTasks: [],
});

beforeAll(async () => {
  const html = readFileSync(new URL('../fixtures/x/home.html', import.meta.url), 'utf8');
  dom = new JSDOM(html, { url: 'https://x.com/home', pretendToBeVisual: true });
  const { window } = dom;
  // The content script's world: a page's globals and the extension API (answering like the background does).
  enterContentWorld(dom, {
    CSSStyleSheet: window.CSSStyleSheet,
    addEventListener: window.addEventListener.bind(window),
    removeEventListener: window.removeEventListener.bind(window),
    requestAnimationFrame: window.requestAnimationFrame.bind(window),
    chrome: {
      runtime: {
        id: 'rapport',
        async sendMessage(message: { type: string; keys?: string[] }) {
          return answer(message);
        },
        // Lookups come over a port: each request is answered like a message, as the background does.
        connect() {
          const listeners: Array<(frame: unknown) => void> = [];
          return {
            onMessage: { addListener: (listener: (frame: unknown) => void) => listeners.push(listener) },
            onDisconnect: { addListener() {} },
            postMessage({ id, request }: { id: number; request: { type: string; keys?: string[] } }) {
              void answer(request).then((envelope) => {
                for (const listener of listeners) listener({ id, envelope });
              });
            },
            disconnect() {},
          };
        },
      },
    },
  });
  BadgesClass = (await import('../../src/content/badges/badges')).Badges;
  BadgeViewClass = (await import('../../src/content/badges/badge-view')).BadgeView;
});
afterAll(() => {
  vi.useRealTimers();
  dom.window.close();
});
beforeEach(() => {
  sent.length = 0;
});

/** A fresh set of badges over the timeline's posts; the author of post `known` is a stored contact. */
async function setUp(known: number | number[], accounts: string[] = []) {
  accountNames = accounts;
  const { x } = await import('../../src/content/sites/x');
  const posts = [...document.querySelectorAll('article[data-testid="tweet"]')];
  // Read before any scan: a scanned author is marked and not found again.
  keys ??= posts.map((post) => x.authorNodes(post)[0]?.profile.profileKey ?? '');
  knownKeys = new Set([known].flat().map((i) => keys?.[i] ?? ''));
  // The previous test's badges leave the page, with their listeners: one set of badges per page, as in the product.
  current?.stop();
  const badges = new BadgesClass(x);
  current = badges;
  const render = vi.spyOn(BadgeViewClass.prototype, 'render');
  render.mockClear();
  return { badges, posts, keys, render };
}
let keys: string[] | undefined;
let current: Badges | undefined;

/** A post scanned by an earlier test, as if new: its author unmarked and its badge gone. */
function unseen(post: Element | undefined): Element {
  for (const badge of post?.querySelectorAll('rapport-badge') ?? []) badge.remove();
  for (const author of post?.querySelectorAll('[data-rapport-seen]') ?? []) author.removeAttribute('data-rapport-seen');
  return post as Element;
}

/** Lets the lookup's answer (a resolved promise chain) settle. */
const settle = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('feed badges', () => {
  it('looks up the authors found before a 100 ms pause in one message, and paints the answer in the next frame', async () => {
    vi.useFakeTimers();
    const { badges, posts, keys, render } = await setUp(0);
    badges.scan([posts[0] as Element]);
    await vi.advanceTimersByTimeAsync(40);
    badges.scan([posts[1] as Element]);
    await vi.advanceTimersByTimeAsync(99);
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent.map((m) => m.type)).toEqual(['lookup']);
    expect(sent[0]?.keys).toEqual([keys[0], keys[1]]);
    await settle();
    // Answered, but painted with the page's next frame, not in the task that received it.
    expect(render).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(20);
    expect(render).toHaveBeenCalledTimes(1);
    // Only the known author's badge shows; the unknown one keeps its room until pointed at.
    expect(render.mock.calls[0]?.[0]).toMatchObject({ kind: 'result', result: { kind: 'contact' } });
    vi.useRealTimers();
  });

  it('sends one lookup every 400 ms while authors keep coming, not one per pause', async () => {
    vi.useFakeTimers();
    const { badges, posts } = await setUp(0);
    const timers = vi.spyOn(globalThis, 'setTimeout');
    // A timeline read quickly: a new post every 40 ms, never a 100 ms pause.
    for (let i = 4; i < 14; i++) {
      badges.scan([posts[i] as Element]);
      await vi.advanceTimersByTimeAsync(40);
    }
    expect(sent.filter((m) => m.type === 'lookup')).toHaveLength(1);
    expect(sent[0]?.keys?.length).toBeGreaterThan(1);
    // The wait is put off once for the authors still coming, then runs to its deadline: three timers, not one per
    // 100 ms until then.
    expect(timers.mock.calls.filter(([, wait]) => typeof wait === 'number' && wait > 16)).toHaveLength(3);
    timers.mockRestore();
    vi.useRealTimers();
  });

  it('still looks up at the first pause after a short burst of authors', async () => {
    vi.useFakeTimers();
    const { badges, posts } = await setUp(0);
    // Three batches 40 ms apart, then nothing: looked up 100 ms after the last, not at the 400 ms deadline.
    for (let i = 4; i < 7; i++) {
      badges.scan([posts[i] as Element]);
      await vi.advanceTimersByTimeAsync(40);
    }
    await vi.advanceTimersByTimeAsync(59);
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent.filter((m) => m.type === 'lookup')).toHaveLength(1);
    vi.useRealTimers();
  });

  it("paints all of one lookup's answers in the same frame", async () => {
    vi.useFakeTimers();
    const { badges, posts, render } = await setUp([2, 14]);
    const frame = vi.spyOn(globalThis, 'requestAnimationFrame');
    badges.scan([posts[2] as Element, posts[14] as Element]);
    await vi.advanceTimersByTimeAsync(100);
    await settle();
    expect(render).not.toHaveBeenCalled();
    expect(frame).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(20);
    expect(render).toHaveBeenCalledTimes(2);
    frame.mockRestore();
    vi.useRealTimers();
  });

  it("paints a known author's badge from what Rapport stores, reading nothing more from the page", async () => {
    vi.useFakeTimers();
    const { badges, posts, render } = await setUp(5);
    const pageRead = vi.spyOn(BadgeViewClass.prototype, 'profile', 'get');
    const nameRead = vi.spyOn(BadgeViewClass.prototype, 'shownName', 'get');
    badges.scan([unseen(posts[5])]);
    await vi.advanceTimersByTimeAsync(100);
    await settle();
    await vi.advanceTimersByTimeAsync(20);
    expect(render).toHaveBeenCalledTimes(1);
    expect(pageRead).not.toHaveBeenCalled();
    expect(nameRead).not.toHaveBeenCalled();
    // An unknown author pointed at is named from the page: that is all Rapport knows of them.
    const stranger = unseen(posts[6]);
    badges.scan([stranger]);
    stranger
      .querySelector('[data-rapport-seen]')
      ?.dispatchEvent(new dom.window.MouseEvent('mouseover', { bubbles: true }));
    expect(pageRead.mock.calls.length + nameRead.mock.calls.length).toBeGreaterThan(0);
    pageRead.mockRestore();
    nameRead.mockRestore();
    vi.useRealTimers();
  });

  it('takes every badge off the page when the site is switched off, and badges nothing after', async () => {
    vi.useFakeTimers();
    const { badges, posts, render } = await setUp([7, 8]);
    badges.scan([unseen(posts[7])]);
    await vi.advanceTimersByTimeAsync(100);
    await settle();
    await vi.advanceTimersByTimeAsync(20);
    expect(render).toHaveBeenCalledTimes(1);
    // Found, looked up, answered after the switch: none of it shows.
    badges.scan([unseen(posts[8])]);
    expect(posts[8]?.querySelectorAll('rapport-badge').length).toBeGreaterThan(0);
    badges.stop();
    await vi.advanceTimersByTimeAsync(500);
    await settle();
    await vi.advanceTimersByTimeAsync(20);
    const stranger = unseen(posts[9]);
    badges.scan([stranger]);
    stranger.querySelector('a')?.dispatchEvent(new dom.window.MouseEvent('mouseover', { bubbles: true }));
    expect(render).toHaveBeenCalledTimes(1);
    for (const post of posts.slice(7, 10)) expect(post.querySelectorAll('rapport-badge')).toHaveLength(0);
    expect(stranger.querySelectorAll('[data-rapport-seen]')).toHaveLength(0);
    vi.useRealTimers();
  });

  it("takes a stranger's + away when the pointer leaves their name and button, not when it moves between them", async () => {
    const { badges, posts, render } = await setUp(0);
    const conceal = vi.spyOn(BadgeViewClass.prototype, 'conceal');
    const post = unseen(posts[10]);
    badges.scan([post]);
    const name = post.querySelector('[data-rapport-seen]') as Element;
    const badge = post.querySelector('rapport-badge') as Element;
    const { MouseEvent } = dom.window;
    name.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    expect(render).toHaveBeenCalledTimes(1);
    // On to the "+" (its events come from the badge element): it stays.
    name.dispatchEvent(new MouseEvent('mouseout', { bubbles: true, relatedTarget: badge }));
    badge.dispatchEvent(new MouseEvent('mouseover', { bubbles: true, relatedTarget: name }));
    expect(conceal).not.toHaveBeenCalled();
    expect(render).toHaveBeenCalledTimes(1);
    // Off to the rest of the page: it goes, and comes back when the name is pointed at again.
    badge.dispatchEvent(new MouseEvent('mouseout', { bubbles: true, relatedTarget: document.body }));
    expect(conceal).toHaveBeenCalledTimes(1);
    name.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    expect(render).toHaveBeenCalledTimes(2);
    conceal.mockRestore();
  });

  it('answers a person pointing at an unknown author at once', async () => {
    vi.useFakeTimers();
    const { badges, posts, render } = await setUp(0);
    const post = posts[3] as Element;
    badges.scan([post]);
    const name = post.querySelector('[data-rapport-seen]');
    name?.dispatchEvent(new dom.window.MouseEvent('mouseover', { bubbles: true }));
    expect(render).toHaveBeenCalledTimes(1);
    expect(render.mock.calls[0]?.[0]).toEqual({ kind: 'result', result: null });
    vi.useRealTimers();
  });
});

describe('a stranger named like an account, where companies look like people (X)', () => {
  /** The name the page shows for a post's author, read as the badges read it. */
  async function authorName(post: Element): Promise<string> {
    const { x } = await import('../../src/content/sites/x');
    const name = x.authorNodes(unseen(post))[0]?.name;
    if (!name) throw new Error('no author name');
    return name;
  }

  it("gets a badge offering the account of their name; a click links their profile as the company's own", async () => {
    vi.useFakeTimers();
    const posts = [...document.querySelectorAll('article[data-testid="tweet"]')];
    const name = await authorName(posts[11] as Element);
    const { badges, render } = await setUp([], [name]);
    const attach = vi.spyOn(dom.window.HTMLElement.prototype, 'attachShadow');
    badges.scan([unseen(posts[11])]);
    await vi.advanceTimersByTimeAsync(100);
    await settle();
    // The first lookup brings the filter of account names; the name it may hold is asked about, alone.
    expect(sent.map(({ type, accountNames, companies }) => ({ type, accountNames, companies }))).toEqual([
      { type: 'lookup', accountNames: true, companies: [] },
      { type: 'lookup', accountNames: undefined, companies: [name] },
    ]);
    await vi.advanceTimersByTimeAsync(20);
    expect(render.mock.calls.at(-1)?.[0]).toMatchObject({ kind: 'claimed', account: { account: { name } } });
    const button = (attach.mock.results[0]?.value as ShadowRoot | undefined)?.querySelector('button');
    expect(button?.getAttribute('aria-label')).toBe(
      `Rapport: ${name}, May be ${name}’s own profile: Prospect account · ${name} · 2 contacts. Click to link it to the account`,
    );
    button?.click();
    const saved = sent.at(-1) as Sent & { profile?: { kind: string; name: string }; mode?: string };
    expect(saved).toMatchObject({ type: 'saveLead', mode: 'auto', profile: { kind: 'company', name } });
    attach.mockRestore();
    vi.useRealTimers();
  });

  it('reads no name of a post already gone when the answer comes, and asks again when it comes back', async () => {
    vi.useFakeTimers();
    const posts = [...document.querySelectorAll('article[data-testid="tweet"]')];
    const post = posts[13] as Element;
    const name = await authorName(post);
    const { badges, render } = await setUp([], [name]);
    const nameRead = vi.spyOn(BadgeViewClass.prototype, 'shownName', 'get');
    badges.scan([unseen(post)]);
    // Scrolled past: the timeline drops the post before the lookup is answered.
    const place = { parent: post.parentNode as ParentNode, next: post.nextSibling };
    post.remove();
    await vi.advanceTimersByTimeAsync(100);
    await settle();
    await vi.advanceTimersByTimeAsync(20);
    expect(sent.map((m) => m.companies)).toEqual([[]]);
    expect(nameRead).not.toHaveBeenCalled();

    // Scrolled back: the timeline renders the post anew, and this time its author's name is read.
    place.parent.insertBefore(unseen(post), place.next);
    badges.scan([post]);
    await vi.advanceTimersByTimeAsync(100);
    await settle();
    await vi.advanceTimersByTimeAsync(20);
    expect(sent.map((m) => m.companies)).toEqual([[], [], [name]]);
    expect(render.mock.calls.at(-1)?.[0]).toMatchObject({ kind: 'claimed' });
    nameRead.mockRestore();
    vi.useRealTimers();
  });

  it('keeps the offer through a refresh while the account is there, and takes it back once it is gone', async () => {
    vi.useFakeTimers();
    const posts = [...document.querySelectorAll('article[data-testid="tweet"]')];
    const name = await authorName(posts[11] as Element);
    const { badges, render } = await setUp([], [name]);
    badges.scan([unseen(posts[11])]);
    await vi.advanceTimersByTimeAsync(100);
    await settle();
    await vi.advanceTimersByTimeAsync(20);
    const states = () => render.mock.calls.map(([state]) => state.kind === 'claimed' || state.kind);
    expect(states()).toEqual([true]);

    // Data changed elsewhere: asked again (the filter too, since accounts may have changed). The name's answer
    // comes frames after the first: no "+" in between.
    sent.length = 0;
    namesAnswerMs = 50;
    const refreshed = badges.refresh();
    await settle();
    await vi.advanceTimersByTimeAsync(20);
    await vi.advanceTimersByTimeAsync(50);
    await refreshed;
    await vi.advanceTimersByTimeAsync(20);
    namesAnswerMs = 0;
    expect(sent.map((m) => m.accountNames)).toEqual([true, undefined]);
    expect(states()).toEqual([true, true]);

    // The account was deleted: the offer goes.
    accountNames = [];
    await badges.refresh();
    await settle();
    await vi.advanceTimersByTimeAsync(20);
    expect(render.mock.calls.at(-1)?.[0]).toEqual({ kind: 'result', result: null });
    vi.useRealTimers();
  });

  it('asks about no name the filter says no account has, and about none where companies have pages of their own', async () => {
    vi.useFakeTimers();
    const posts = [...document.querySelectorAll('article[data-testid="tweet"]')];
    const name = await authorName(posts[12] as Element);
    const { badges, render } = await setUp([], [`${name} Holdings`]);
    badges.scan([unseen(posts[12])]);
    await vi.advanceTimersByTimeAsync(100);
    await settle();
    await vi.advanceTimersByTimeAsync(20);
    expect(sent.map((m) => m.type)).toEqual(['lookup']);
    expect(render).not.toHaveBeenCalled();

    // The same page read as LinkedIn's (whose companies have pages): no filter asked for, no name asked about.
    const { x } = await import('../../src/content/sites/x');
    current?.stop();
    accountNames = [name];
    const onLinkedIn = new BadgesClass({ ...x, network: 'linkedin' });
    current = onLinkedIn;
    sent.length = 0;
    onLinkedIn.scan([unseen(posts[12])]);
    await vi.advanceTimersByTimeAsync(100);
    await settle();
    await vi.advanceTimersByTimeAsync(20);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.accountNames).toBeUndefined();
    expect(render).not.toHaveBeenCalled();
    vi.useRealTimers();
  });
});

describe("a badge's click", () => {
  /** A badge for the first author on the timeline, with its closed shadow root seen as the browser sees it. */
  async function badgeFor(onSave: (view: BadgeView, action: BadgeAction) => void) {
    const { x } = await import('../../src/content/sites/x');
    const post = unseen(document.querySelector('article[data-testid="tweet"]') ?? undefined);
    const author = x.authorNodes(post)[0];
    if (!author) throw new Error('no author on the timeline');
    const attach = vi.spyOn(dom.window.HTMLElement.prototype, 'attachShadow');
    const view = new BadgeViewClass(author, x.anchorFor(author), onSave);
    const button = () => (attach.mock.results[0]?.value as ShadowRoot | undefined)?.querySelector('button');
    return { view, button, done: () => attach.mockRestore() };
  }
  const candidate = (id: string, name: string) => ({
    contactId: `01900000-0000-7000-8000-00000000000${id}`,
    name,
    company: 'Northwind Analytics',
    networks: ['linkedin'],
  });

  it('saves a stranger, and links someone who looks like one known contact to that contact', async () => {
    const onSave = vi.fn();
    const { view, button, done } = await badgeFor(onSave);
    view.render({ kind: 'result', result: null });
    button()?.click();
    expect(onSave).toHaveBeenLastCalledWith(view, 'auto');

    const jane = candidate('1', 'Jane Doe');
    view.render({ kind: 'duplicates', duplicates: { kind: 'possibleDuplicates', candidates: [jane] } });
    expect(button()?.getAttribute('aria-label')).toContain('Link to Jane Doe (Northwind Analytics · LinkedIn)');
    button()?.click();
    expect(onSave).toHaveBeenLastCalledWith(view, { linkTo: jane.contactId });
    done();
  });

  it("does nothing when they look like several contacts (their profile's card asks which), nor on a known badge", async () => {
    const onSave = vi.fn();
    const { view, button, done } = await badgeFor(onSave);
    const candidates = [candidate('1', 'Jane Doe'), candidate('2', 'Jane Doe')];
    view.render({ kind: 'duplicates', duplicates: { kind: 'possibleDuplicates', candidates } });
    expect(button()?.title).toMatch(/open Rapport on their profile/);
    button()?.click();
    view.render({
      kind: 'result',
      result: { kind: 'contact', contact, identities: [], recentInteractions: [], openTasks: [] },
    });
    button()?.click();
    expect(onSave).not.toHaveBeenCalled();
    done();
  });
});
