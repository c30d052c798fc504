import { JSDOM } from 'jsdom';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ProfileCard } from '../../src/content/card/profile-card';
import { accountFilterOf } from '../../src/lib/account-filter';
import type { ProfileRef } from '../../src/lib/profile-ref';
import { enterContentWorld } from './content-world';

/**
 * The card's questions about a stranger's company: the page's first answer carries a filter of the account names,
 * so the card asks for an account only when the company may be one, and never waits for an answer it does not need.
 */

const jane: ProfileRef = {
  network: 'linkedin',
  kind: 'person',
  profileKey: 'linkedin:in/jane-doe',
  url: 'https://www.linkedin.com/in/jane-doe/',
  name: 'Jane Doe',
  company: 'Northwind Analytics',
};
const northwind = {
  kind: 'account',
  account: {
    id: '01900000-0000-7000-8000-000000000002',
    createdAt: 1,
    updatedAt: 1,
    deleted: false,
    name: 'Northwind Analytics',
    relationship: 'customer',
    stage: 'won',
    notes: '',
  },
  contactCount: 3,
  openTasks: [],
};

const sent: Array<{ type: string; keys?: string[]; companies?: string[] }> = [];
/** Lookups are answered when released, so a test can see what the card does while one is on its way. */
let release: () => void = () => {};
let lookupsHeld = false;
let CardClass: typeof ProfileCard;
let dom: JSDOM;

beforeAll(async () => {
  dom = new JSDOM('<!doctype html><html><body><h1>Jane Doe</h1></body></html>', {
    url: 'https://www.linkedin.com/in/jane-doe/',
    pretendToBeVisual: true,
  });
  enterContentWorld(dom, {
    requestAnimationFrame: dom.window.requestAnimationFrame.bind(dom.window),
    chrome: {
      runtime: {
        id: 'rapport',
        async sendMessage(message: { type: string; keys?: string[]; companies?: string[] }) {
          sent.push(message);
          if (lookupsHeld) await new Promise<void>((resolve) => (release = resolve));
          const accounts = message.companies?.includes('Northwind Analytics')
            ? { 'Northwind Analytics': northwind }
            : {};
          const results = Object.fromEntries((message.keys ?? []).map((key) => [key, null]));
          return { ok: true, data: { results, accounts } };
        },
      },
    },
  });
  CardClass = (await import('../../src/content/card/profile-card')).ProfileCard;
});
afterAll(() => dom.window.close());
beforeEach(() => {
  sent.length = 0;
  lookupsHeld = false;
  for (const host of document.querySelectorAll('rapport-card')) host.remove();
});

const state = () => document.querySelector<HTMLElement>('rapport-card')?.dataset.rapportState;
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));
const stranger = (accountNames?: string) => ({ results: { [jane.profileKey]: null }, accountNames });

/** A card whose page's first answer is `early`, shown for Jane. */
async function cardFor(early: Promise<ReturnType<typeof stranger>>) {
  const card = new CardClass(Promise.resolve(true));
  card.prefetched([jane.profileKey], early);
  return card;
}

describe("the card's question about a stranger's company", () => {
  it('is not asked when the filter says no account has that name', async () => {
    const card = await cardFor(Promise.resolve(stranger(accountFilterOf(['Contoso', 'Fabrikam']))));
    await tick();
    await card.show(jane);
    expect(state()).toBe('ready');
    expect(sent).toEqual([]);
  });

  it('is asked, for the account alone, when the company may be an account', async () => {
    const card = await cardFor(Promise.resolve(stranger(accountFilterOf(['Northwind Analytics']))));
    await tick();
    await card.show(jane);
    expect(state()).toBe('ready');
    expect(sent).toEqual([{ type: 'lookup', keys: [], companies: ['Northwind Analytics'] }]);
  });

  it('is asked when the first answer brought no filter', async () => {
    const card = await cardFor(Promise.resolve(stranger()));
    await tick();
    await card.show(jane);
    expect(sent).toEqual([{ type: 'lookup', keys: [], companies: ['Northwind Analytics'] }]);
  });

  it('is not asked on a site switched off, nor is anything else', async () => {
    const card = new CardClass(Promise.resolve(false));
    card.prefetched([jane.profileKey], Promise.resolve({ results: {} }));
    await card.show(jane);
    expect(sent).toEqual([]);
    expect(state()).toBeUndefined();
  });

  it('waits for the first answer when the page is read before it, and then asks only if the company may be an account', async () => {
    let answerEarly: (value: ReturnType<typeof stranger>) => void = () => {};
    const card = await cardFor(new Promise((resolve) => (answerEarly = resolve)));
    const shown = card.show(jane);
    await nextFrame();
    // Nothing goes out while the first answer is on its way.
    expect(sent).toEqual([]);
    expect(state()).toBe('loading');
    answerEarly(stranger(accountFilterOf(['Contoso'])));
    await shown;
    expect(state()).toBe('ready');
    expect(sent).toEqual([]);
    card.hide();

    let answerAgain: (value: ReturnType<typeof stranger>) => void = () => {};
    const again = await cardFor(new Promise((resolve) => (answerAgain = resolve)));
    lookupsHeld = true;
    const shownAgain = again.show(jane);
    answerAgain(stranger(accountFilterOf(['Northwind Analytics'])));
    await tick();
    await nextFrame();
    expect(sent).toEqual([{ type: 'lookup', keys: [], companies: ['Northwind Analytics'] }]);
    expect(state()).toBe('loading');
    release();
    await shownAgain;
    expect(state()).toBe('ready');
  });
});

describe('painting the card', () => {
  /** The card's states, in order: each change's old value, then the last. */
  const statesSeen = () => {
    const records: MutationRecord[] = [];
    const observer = new dom.window.MutationObserver((batch) => records.push(...batch));
    observer.observe(document.documentElement, {
      subtree: true,
      attributeFilter: ['data-rapport-state'],
      attributeOldValue: true,
    });
    return () => {
      records.push(...observer.takeRecords());
      observer.disconnect();
      return [...records.flatMap((record) => record.oldValue ?? []), state()];
    };
  };

  it('paints once when the answer is already here: no "Looking up" first', async () => {
    const card = await cardFor(Promise.resolve(stranger(accountFilterOf(['Contoso']))));
    await tick();
    const seen = statesSeen();
    await card.show(jane);
    await nextFrame();
    expect(seen()).toEqual(['ready']);
  });

  it('shows "Looking up" by the next frame while the answer is on its way', async () => {
    let answer: (value: ReturnType<typeof stranger>) => void = () => {};
    const card = await cardFor(new Promise((resolve) => (answer = resolve)));
    const seen = statesSeen();
    const shown = card.show(jane);
    await nextFrame();
    expect(state()).toBe('loading');
    answer(stranger(accountFilterOf(['Contoso'])));
    await shown;
    expect(seen()).toEqual(['loading', 'ready']);
  });
});

describe("a company page's account", () => {
  const page: ProfileRef = {
    network: 'linkedin',
    kind: 'company',
    profileKey: 'linkedin:company/northwind-analytics',
    url: 'https://www.linkedin.com/company/northwind-analytics/',
    name: 'Northwind Analytics',
  };
  /** The card shown for the page, whose first answer says it is no one's and brings a filter of these names. */
  const shownWith = async (accountNames: string[]) => {
    const card = new CardClass(Promise.resolve(true));
    card.prefetched(
      [page.profileKey],
      Promise.resolve({ results: { [page.profileKey]: null }, accountNames: accountFilterOf(accountNames) }),
    );
    await tick();
    await card.show(page);
    expect(state()).toBe('ready');
  };

  it("is asked for by the page's name when the page is not linked to one and the name may be an account", async () => {
    await shownWith(['Northwind Analytics']);
    expect(sent).toEqual([{ type: 'lookup', keys: [], companies: ['Northwind Analytics'] }]);
  });

  it('is not asked for when no account has that name', async () => {
    await shownWith(['Contoso']);
    expect(sent).toEqual([]);
  });
});
