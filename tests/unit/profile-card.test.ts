import { JSDOM } from 'jsdom';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
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

interface Sent {
  type: string;
  keys?: string[];
  companies?: string[];
  profile?: ProfileRef;
  mode?: unknown;
}
const sent: Sent[] = [];
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
        async sendMessage(message: Sent) {
          sent.push(message);
          // Saving a company's page or own profile joins the account of its name.
          if (message.type === 'saveLead') return { ok: true, data: northwind };
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

describe("a company's own profile on a network that shows companies as people (X)", () => {
  const handle = 'NorthwindHQ';
  const key = `x:${handle.toLowerCase()}`;
  const profile = (name: string): ProfileRef => ({
    network: 'x',
    kind: 'person',
    profileKey: key,
    url: `https://x.com/${handle}`,
    name,
    handle,
  });
  /** The card for the profile, with its closed root; the page's first answer says it is no one's. */
  const shown = async (name: string, accountNames: string[]) => {
    const attach = vi.spyOn(dom.window.HTMLElement.prototype, 'attachShadow');
    try {
      const card = new CardClass(Promise.resolve(true));
      card.prefetched(
        [key],
        Promise.resolve({ results: { [key]: null }, accountNames: accountFilterOf(accountNames) }),
      );
      await tick();
      await card.show(profile(name));
      const root = attach.mock.results[0]?.value as ShadowRoot;
      return {
        text: () => root.textContent ?? '',
        button: (label: string) =>
          [...root.querySelectorAll('button')].find((button) => button.textContent === label) ?? null,
      };
    } finally {
      attach.mockRestore();
    }
  };

  it('shows the account of its name, and one click links the profile to that account', async () => {
    const card = await shown('Northwind Analytics', ['Northwind Analytics']);
    expect(sent).toEqual([{ type: 'lookup', keys: [], companies: ['Northwind Analytics'] }]);
    expect(card.text()).toContain('If this is Northwind Analytics’s own profile, link it to the account.');
    expect(card.button('Save as a person')).not.toBeNull();
    card.button('Link to account')?.click();
    await vi.waitFor(() => expect(card.text()).not.toContain('Link to account'));
    // Saved as the company's: the worker joins it to the account of its name.
    expect(sent.at(-1)).toMatchObject({
      type: 'saveLead',
      mode: 'auto',
      profile: { kind: 'company', profileKey: key },
    });
    expect(card.text()).toContain('Contacts3');
  });

  it('can be saved as a person all the same', async () => {
    const card = await shown('Northwind Analytics', ['Northwind Analytics']);
    card.button('Save as a person')?.click();
    await vi.waitFor(() => expect(sent.at(-1)?.type).toBe('saveLead'));
    expect(sent.at(-1)).toMatchObject({ mode: 'auto', profile: { kind: 'person', profileKey: key } });
  });

  it('is a stranger, asked nothing more, when no account has its name', async () => {
    const card = await shown('Jane Doe', ['Northwind Analytics']);
    expect(sent).toEqual([]);
    expect(card.button('Save lead')).not.toBeNull();
    expect(card.button('Link to account')).toBeNull();
  });
});
