import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  badgeLabels,
  badgesOf,
  eventually,
  LINKEDIN_HEADERS,
  launchRapport,
  openOptions,
  openSiteTab,
  type Rapport,
  recordTabRequests,
  saveFromCard,
  waitForBadgesOf,
  waitForCard,
} from './harness';

const LI_JANE = 'https://www.linkedin.com/in/jane-doe-4a1b2c/';
const X_JANE = 'https://x.com/JaneDoeBuys';
const X_HOME = 'https://x.com/home';
const ROUTES = {
  [LI_JANE]: { fixture: 'linkedin/profile-classic.html', headers: LINKEDIN_HEADERS },
  [X_JANE]: { fixture: 'x/profile.html' },
  [X_HOME]: { fixture: 'x/home.html' },
};

let rapport: Rapport;
/** Which requests the worker receives, by type: a switched-off site must not even ask for a lookup. */
let tabRequests: () => Promise<string[]>;
beforeAll(async () => {
  rapport = await launchRapport();
  tabRequests = await recordTabRequests(rapport.worker);
});
afterAll(async () => {
  await rapport?.close();
});

let taken = 0;
/** Request types the worker received from tabs since the last call. */
async function takeReceived(): Promise<string[]> {
  const all = await tabRequests();
  const fresh = all.slice(taken);
  taken = all.length;
  return fresh;
}

/** Switches one site in the options page, as a person does, and waits for "Saved.". */
async function switchSite(name: string, on: boolean): Promise<void> {
  const options = await openOptions(rapport);
  const box = await options.waitForSelector(`aria/${name}[role="checkbox"]`);
  if ((await box?.evaluate((input) => (input as HTMLInputElement).checked)) !== on) await box?.click();
  await options.waitForFunction(() => document.querySelector('[role="status"]')?.textContent === 'Saved.');
  await options.close();
}

const rapportOnPage = (page: Page) =>
  page.evaluate(() => ({
    card: document.querySelectorAll('rapport-card').length,
    badges: document.querySelectorAll('rapport-badge').length,
    seen: document.querySelectorAll('[data-rapport-seen]').length,
  }));

describe('switching a site off in the options page', () => {
  it('takes the card off an open page, leaves that site unread while it is off, and is back when it is on', async () => {
    const { page: linkedin } = await openSiteTab(rapport.browser, ROUTES);
    await linkedin.goto(LI_JANE);
    await waitForCard(linkedin, 'Save lead');

    await switchSite('LinkedIn', false);
    // The open page hears of the change and takes its card down.
    await linkedin.waitForFunction(() => !document.querySelector('rapport-card'), { timeout: 10_000 });

    await takeReceived();
    await linkedin.reload({ waitUntil: 'load' });
    // The page asks whether the site is on, and nothing more: no lookup for its card, no profile for the popup, no
    // miss for site health.
    const first = await eventually(async () => {
      const received = await takeReceived();
      return received.length ? received : undefined;
    }, 'the page start message');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const received = [...first, ...(await takeReceived())];
    expect(received).toEqual(['pageStart']);
    expect(await rapportOnPage(linkedin)).toEqual({ card: 0, badges: 0, seen: 0 });

    // Other sites are unaffected: X still shows its card and its timeline's authors are read.
    const { page: x } = await openSiteTab(rapport.browser, ROUTES);
    await x.goto(X_JANE);
    expect(await waitForCard(x, 'Save lead')).toContain('Jane Doe');
    await x.goto(X_HOME);
    await x.waitForSelector('[data-rapport-seen]');

    // Switched on again, the open page shows Rapport without a reload.
    await switchSite('LinkedIn', true);
    expect(await waitForCard(linkedin, 'Save lead')).toContain('Jane Doe');
    await Promise.all([linkedin.close(), x.close()]);
  });

  it('reaches an open timeline too: a lead saved in another tab gets its badges there; they go when X is off and come back when it is on', async () => {
    const { page: timeline } = await openSiteTab(rapport.browser, ROUTES);
    await timeline.goto(X_HOME);
    await timeline.waitForSelector('[data-rapport-seen]');
    expect(await badgesOf(timeline, 'Jane Doe')).toEqual([]);

    const { page: profile } = await openSiteTab(rapport.browser, ROUTES);
    await profile.goto(X_JANE);
    await saveFromCard(profile);
    await profile.close();

    // No reload: the timeline hears that data changed and looks its authors up again.
    await timeline.bringToFront();
    await waitForBadgesOf(timeline, 'Jane Doe', "Jane's badges on the open timeline");

    await switchSite('X', false);
    await eventually(
      async () => (await rapportOnPage(timeline)).badges === 0 || undefined,
      'the badges to leave the timeline',
    );
    expect(await badgeLabels(timeline)).toEqual([]);
    await switchSite('X', true);
    await waitForBadgesOf(timeline, 'Jane Doe', "Jane's badges back once X is on again");
    await timeline.close();
  });

  it('on a switched-off timeline, marks and badges nobody, even as posts keep coming', async () => {
    await switchSite('X', false);
    const { page: x } = await openSiteTab(rapport.browser, ROUTES);
    await takeReceived();
    await x.goto(X_HOME, { waitUntil: 'load' });
    const first = await eventually(async () => {
      const received = await takeReceived();
      return received.length ? received : undefined;
    }, 'the page start message');
    // More posts arrive, as they do while scrolling.
    await x.evaluate(() => {
      const list = document.querySelector('[data-testid="cellInnerDiv"]')?.parentElement;
      for (const cell of [...document.querySelectorAll('[data-testid="cellInnerDiv"]')]) {
        list?.append(cell.cloneNode(true));
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect([...first, ...(await takeReceived())]).toEqual(['pageStart']);
    expect(await rapportOnPage(x)).toEqual({ card: 0, badges: 0, seen: 0 });
    await switchSite('X', true);
    await x.close();
  });
});
