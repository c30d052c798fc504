import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allInExtensionDb,
  badgeLabels,
  eventually,
  fixtureHtml,
  LINKEDIN_HEADERS,
  launchRapport,
  navigateInPage,
  openOptions,
  openSiteTab,
  type Rapport,
  readCard,
  recordTabRequests,
  saveCustomerAccount,
  saveFromCard,
  tabIdShowing,
  waitForBadges,
  waitForBadgesOf,
  waitForCard,
} from './harness';

const X_HOME = 'https://x.com/home';
const X_JANE = 'https://x.com/JaneDoeBuys';
const LI_JANE = 'https://www.linkedin.com/in/jane-doe-4a1b2c/';
const LI_MARCO = 'https://www.linkedin.com/in/marco-rossi-77/';
const FB_FEED = 'https://www.facebook.com/';
const FB_JANE = 'https://www.facebook.com/jane.roe.52';
const FB_PAGE = 'https://www.facebook.com/contosobakery';
const FB_SEARCH = 'https://www.facebook.com/search/people/?q=jane';
const ROUTES = {
  [FB_FEED]: { fixture: 'facebook/feed.html' },
  [FB_JANE]: { fixture: 'facebook/profile.html' },
  [FB_PAGE]: { fixture: 'facebook/page.html' },
  [FB_SEARCH]: { fixture: 'facebook/search-people.html' },
  [X_HOME]: { fixture: 'x/home.html' },
  [X_JANE]: { fixture: 'x/profile.html' },
  // Jane renamed her handle: same account (same user id), new address and header.
  'https://x.com/JaneBuysNow': { html: fixtureHtml('x/profile.html').replaceAll('JaneDoeBuys', 'JaneBuysNow') },
  'https://twitter.com/JaneDoeBuys': { fixture: 'x/profile.html' },
  [LI_JANE]: { fixture: 'linkedin/profile-classic.html', headers: LINKEDIN_HEADERS },
  [LI_MARCO]: { fixture: 'linkedin/profile-2025.html', headers: LINKEDIN_HEADERS },
  'https://www.linkedin.com/in/priya-natarajan/': {
    fixture: 'linkedin/markup-changed.html',
    headers: LINKEDIN_HEADERS,
  },
};

let rapport: Rapport;
let tabRequests: () => Promise<string[]>;
beforeAll(async () => {
  rapport = await launchRapport();
  tabRequests = await recordTabRequests(rapport.worker);
});
afterAll(async () => {
  await rapport?.close();
});

/** Lookups the worker received so far: badges must batch, not ask once per author. */
const lookups = async () => (await tabRequests()).filter((type) => type === 'lookup').length;

/** Author elements Rapport has handled (looked up, badged if known, "+" on hover if not). */
const seenAuthors = (page: Page) => page.evaluate(() => document.querySelectorAll('[data-rapport-seen]').length);

/** New people scrolling into the timeline: the saved cells again, under other handles. */
function moreCells(html: string, suffix: string): string {
  const cells = [
    ...html.matchAll(
      /<div class="css-175oi2r" data-testid="cellInnerDiv"[\s\S]*?(?=<div class="css-175oi2r" data-testid="cellInnerDiv"|<\/div><\/div><\/section>)/g,
    ),
  ]
    .map((match) => match[0])
    .filter((cell) => cell.includes('data-testid="tweet"'));
  return cells
    .join('')
    .replace(/(\/|@|UserAvatar-Container-)([A-Za-z0-9_]{2,15})\b/g, (all, prefix, handle) =>
      ['home', 'explore', 'notifications', 'messages', 'status', 'analytics', 'photo'].includes(handle)
        ? all
        : `${prefix}${handle.slice(0, 10)}_${suffix}`,
    );
}

describe('X: badges on the timeline, the card on profiles', () => {
  it('looks every author on the timeline up in one batch, and saves one from the "+" shown on hover', async () => {
    const { page, trouble } = await openSiteTab(rapport.browser, ROUTES);
    const before = await lookups();
    await page.goto(X_HOME);
    await eventually(async () => (await seenAuthors(page)) >= 20, 'the authors on the timeline');
    await eventually(async () => (await lookups()) > before, 'the lookup');
    await new Promise((r) => setTimeout(r, 300));
    expect((await lookups()) - before).toBeLessThanOrEqual(2);
    // Nobody on this timeline is known yet: no badge clutters it until a name is pointed at.
    expect(await badgeLabels(page)).toEqual([]);

    await page.hover('::-p-text(Priya Natarajan)');
    await (await page.waitForSelector('aria/Rapport: Save Priya Natarajan as a lead'))?.click();
    // A badge goes in as its post comes near the viewport: read on down the timeline.
    await eventually(async () => {
      await page.evaluate(() => window.scrollBy(0, window.innerHeight));
      return (await badgeLabels(page)).filter((l) => l.startsWith('Rapport: Priya Natarajan, Prospect')).length >= 2;
    }, 'every post of the saved author to carry the badge');
    expect(trouble).toEqual({ errors: [], dialogs: [] });
    await page.close();
  });

  it('looks up the posts infinite scroll adds in one lookup per batch, never twice', async () => {
    const { page } = await openSiteTab(rapport.browser, ROUTES);
    await page.goto(X_HOME);
    const initial = await eventually(async () => {
      const seen = await seenAuthors(page);
      return seen >= 20 ? seen : undefined;
    }, 'the first authors');
    await new Promise((r) => setTimeout(r, 300));
    const before = await lookups();
    await page.evaluate(
      (html) => {
        const timeline = document.querySelector('[aria-label^="Timeline"] > div');
        const template = document.createElement('template');
        // X renders with DOM calls too; a template keeps this test from needing a Trusted Types policy.
        template.innerHTML = html;
        timeline?.append(template.content);
      },
      moreCells(fixtureHtml('x/home.html'), 's1'),
    );
    await eventually(async () => (await seenAuthors(page)) >= initial + 15, "the new posts' authors");
    await new Promise((r) => setTimeout(r, 300));
    expect((await lookups()) - before).toBe(1);
    const seen = await seenAuthors(page);
    // Re-rendering around seen nodes finds nothing new and asks nothing.
    await page.evaluate(() => {
      const first = document.querySelector('[data-testid="cellInnerDiv"]');
      first?.parentElement?.append(document.createElement('div'));
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(await seenAuthors(page)).toBe(seen);
    expect((await lookups()) - before).toBe(1);
    await page.close();
  });

  it('shows the card on a profile, on x.com and twitter.com alike, and follows in-page navigation', async () => {
    const { page } = await openSiteTab(rapport.browser, ROUTES);
    await page.goto(X_HOME);
    await navigateInPage(page, '/JaneDoeBuys', fixtureHtml('x/profile.html'));
    const card = await waitForCard(page, 'Save lead');
    expect(card).toContain('Jane Doe 🌿');
    await page.goto('https://twitter.com/JaneDoeBuys');
    expect(await waitForCard(page, 'Save lead')).toContain('Jane Doe 🌿');
    await page.close();
  });

  it('follows a person who renames their handle (the profile is keyed by their X user id)', async () => {
    const { page } = await openSiteTab(rapport.browser, ROUTES);
    await page.goto(X_JANE);
    await saveFromCard(page);
    await page.goto('https://x.com/JaneBuysNow');
    expect(await waitForCard(page, 'Log interaction')).toContain('Jane Doe 🌿');
    await page.close();
  });

  it('badges a timeline reached by in-page navigation from a profile, and takes the card down', async () => {
    const { page, trouble } = await openSiteTab(rapport.browser, ROUTES);
    await page.goto(X_JANE);
    if ((await waitForCard(page, /Save lead|Log interaction/)).includes('Save lead')) await saveFromCard(page);
    await navigateInPage(page, '/home', fixtureHtml('x/home.html'));
    const labels = await waitForBadges(page, "Jane's badges on the timeline the profile led to", (found) =>
      found.some((label) => label.startsWith('Rapport: Jane Doe')),
    );
    expect(labels.length).toBeGreaterThan(0);
    expect(await seenAuthors(page)).toBeGreaterThanOrEqual(20);
    expect(await readCard(page)).toBeUndefined();
    expect(trouble).toEqual({ errors: [], dialogs: [] });
    await page.close();
  });
});

describe('Facebook: the card on profiles and Pages, badges in the feed', () => {
  it('shows a person, saves them, and badges their posts in the feed', async () => {
    const { page, trouble } = await openSiteTab(rapport.browser, ROUTES);
    await page.goto(FB_JANE);
    expect(await waitForCard(page, 'Save lead')).toContain('Jane Roe');
    await saveFromCard(page);
    await page.goto(FB_FEED);
    const labels = await waitForBadges(page, "Jane's badges in the Facebook feed", (found) =>
      found.some((label) => label.startsWith('Rapport: Jane Roe')),
    );
    expect(labels.some((label) => label.startsWith('Rapport: Jane Roe, Prospect'))).toBe(true);
    expect(labels.some((label) => /^Rapport: Save .+ as a lead$/.test(label))).toBe(false);
    expect(await seenAuthors(page)).toBeGreaterThan(labels.length);
    expect(trouble).toEqual({ errors: [], dialogs: [] });
    await page.close();
  });

  it('badges people in search results: Jane (saved above) known, a stranger saved from the "+" on hover', async () => {
    const { page, trouble } = await openSiteTab(rapport.browser, ROUTES);
    await page.goto(FB_SEARCH);
    await eventually(async () => (await seenAuthors(page)) === 4 || undefined, 'the four people found');
    const labels = await waitForBadges(page, "Jane's badge in the results");
    expect(labels).toEqual([expect.stringMatching(/^Rapport: Jane Roe, Prospect/)]);

    // A stranger's "+" is there while they are pointed at, and gone once the pointer moves on.
    await page.hover('::-p-text(Tomás Ruiz)');
    await page.waitForSelector('aria/Rapport: Save Tomás Ruiz as a lead');
    await page.mouse.move(1, 1);
    await eventually(
      async () => !(await badgeLabels(page)).some((label) => label.includes('Tomás')) || undefined,
      "Tomás's + to go once the pointer left him",
    );
    await page.hover('::-p-text(Chloé Martin)');
    await (await page.waitForSelector('aria/Rapport: Save Chloé Martin as a lead'))?.click();
    await eventually(
      async () =>
        (await badgeLabels(page)).some((label) => label.startsWith('Rapport: Chloé Martin, Prospect')) || undefined,
      'Chloé saved from her search result',
    );
    expect(trouble).toEqual({ errors: [], dialogs: [] });
    await page.close();
  });

  it('saves a business Page as an account', async () => {
    const { page } = await openSiteTab(rapport.browser, ROUTES);
    await page.goto(FB_PAGE);
    await (await page.waitForSelector('aria/Save account[role="button"]'))?.click();
    const card = await waitForCard(page, 'Contacts');
    expect(card).toContain('Prospect');
    await page.close();
  });

  it("offers a business Page's post in the feed to the account of its name, and links it from the badge", async () => {
    // Northwind's Page, renamed here after an account nobody linked to any Facebook page.
    const feed = fixtureHtml('facebook/feed.html').replaceAll('Northwind Analytics', 'Fabrikam Foods');
    const { page, trouble } = await openSiteTab(rapport.browser, { [FB_FEED]: { html: feed } });
    const options = await openOptions(rapport);
    await saveCustomerAccount(options, 'Fabrikam Foods');
    await options.close();
    await page.goto(FB_FEED);
    const [offer] = await waitForBadgesOf(page, 'Fabrikam Foods', "the offer on Fabrikam's post");
    expect(offer).toMatch(/^Rapport: Fabrikam Foods, May be Fabrikam Foods’s own profile: Customer account/);
    await (await page.waitForSelector(`aria/${offer}[role="button"]`))?.click();
    await waitForBadges(page, "Fabrikam's account in the badge", (labels) =>
      labels.some((label) => label.startsWith('Rapport: Fabrikam Foods, Customer account · Fabrikam Foods')),
    );
    expect(trouble).toEqual({ errors: [], dialogs: [] });
    await page.close();
  });
});

describe('when a site changes its markup', () => {
  it('still shows the person from structured data, and the options page says which selectors failed', async () => {
    const { page } = await openSiteTab(rapport.browser, ROUTES);
    await page.goto('https://www.linkedin.com/in/priya-natarajan/');
    const card = await waitForCard(page, 'Save lead');
    expect(card).toContain('Priya Natarajan');
    const options = await openOptions(rapport);
    const health = await options.waitForSelector('section[aria-labelledby="health-heading"] ul');
    await options.waitForFunction(() => document.body.innerText.includes('profile name selector failed 1 time today'));
    expect(await health?.evaluate((el) => el.textContent)).toMatch(
      /LinkedIn: .*profile name selector failed 1 time today/,
    );
    await Promise.all([page.close(), options.close()]);
  });
});

describe('one contact across networks', () => {
  it('offers to link Jane on LinkedIn to Jane saved on X; unlinked and merged again in the popup, both cards show one contact', async () => {
    const { page: x } = await openSiteTab(rapport.browser, ROUTES);
    await x.goto(X_JANE);
    // Saved on X by the tests above; saved here when this test runs alone.
    if ((await waitForCard(x, /Save lead|Log interaction/)).includes('Save lead')) await saveFromCard(x);
    // The website her X header links to came with her; X names no company.
    const onX = await waitForCard(x, 'Log interaction');
    expect(onX).toContain('northwind.example/jane');
    expect(onX).not.toContain('Northwind Analytics');

    // On LinkedIn, the same name: Rapport asks instead of saving Jane twice.
    const { page: linkedin } = await openSiteTab(rapport.browser, ROUTES);
    await linkedin.goto(LI_JANE);
    await (await linkedin.waitForSelector('aria/Save lead[role="button"]'))?.click();
    expect(await waitForCard(linkedin, 'This looks like someone you already know')).toContain('Save as a new lead');
    await (await linkedin.waitForSelector('aria/Link to Jane Doe 🌿 (X)[role="button"]'))?.click();
    // Her LinkedIn profile filled in what X did not say: her company, and its account.
    expect(await waitForCard(linkedin, 'Log interaction')).toContain('Northwind Analytics');
    await x.reload();
    expect(await waitForCard(x, 'Log interaction')).toContain('Northwind Analytics');

    // In the popup, on the LinkedIn tab: both profiles on one contact. Unlink X, then merge it back.
    const tabId = await tabIdShowing(rapport.worker, 'linkedin:in/jane-doe-4a1b2c');
    const popup = await rapport.browser.newPage();
    await popup.goto(`chrome-extension://${rapport.extensionId}/src/popup/index.html?tab=${tabId}`);
    const linkedProfiles = () => popup.$eval('[aria-label="Linked profiles"]', (el) => el.textContent ?? '');
    await popup.waitForSelector('aria/Contact Jane Doe 🌿');
    expect(await linkedProfiles()).toContain('X @JaneDoeBuys');
    expect(await linkedProfiles()).toContain('LinkedIn Jane Doe');
    await (await popup.waitForSelector('aria/Unlink X profile'))?.click();
    await popup.waitForFunction(
      () => !document.querySelector('[aria-label="Linked profiles"]')?.textContent?.includes('X @'),
    );
    await x.reload();
    expect(await waitForCard(x, 'Log interaction')).not.toContain('Northwind Analytics');

    await (await popup.waitForSelector('::-p-text(Merge with another contact…)'))?.click();
    await (await popup.waitForSelector('aria/Find the contact to merge'))?.type('jane');
    // The X profile's contact is named as X shows her, as this one is: the one found, not this one.
    await (await popup.waitForSelector('fieldset[aria-label="Merge contacts"] ul ::-p-text(Jane Doe 🌿)'))?.click();
    await (await popup.waitForSelector('fieldset[aria-label="Merge contacts"] ::-p-text(Merge)'))?.click();
    await popup.waitForFunction(() =>
      document.querySelector('[aria-label="Linked profiles"]')?.textContent?.includes('X @'),
    );
    expect(await linkedProfiles()).toContain('LinkedIn Jane Doe');

    // Both cards show the one contact again: its account, the same stage.
    await x.reload();
    expect(await waitForCard(x, 'Log interaction')).toContain('Northwind Analytics');
    await linkedin.bringToFront();
    expect(await waitForCard(linkedin, 'Log interaction')).toContain('Northwind Analytics');
    await Promise.all([x.close(), linkedin.close(), popup.close()]);
  });
  it('links an author on the X timeline to the LinkedIn contact they look like, from their badge', async () => {
    const { page: linkedin } = await openSiteTab(rapport.browser, ROUTES);
    await linkedin.goto(LI_MARCO);
    await saveFromCard(linkedin);
    await linkedin.close();

    const { page: x } = await openSiteTab(rapport.browser, ROUTES);
    await x.goto(X_HOME);
    await eventually(async () => (await seenAuthors(x)) >= 20, 'the authors on the timeline');
    // Marco's post is down the timeline: his badge goes in as it comes near the viewport.
    const marco = 'aria/Rapport: Save Marco Rossi as a lead';
    await eventually(async () => {
      await x.evaluate(() => window.scrollBy(0, window.innerHeight / 2));
      await x.hover('::-p-text(@marco_rossi77)').catch(() => {});
      return (await x.$(marco)) ?? undefined;
    }, "the + by Marco's name");
    await (await x.$(marco))?.click();
    // Same name as the LinkedIn contact, no company on X, no X profile for him yet: a "?" that links.
    const link = await x.waitForSelector(
      'aria/Rapport: Marco Rossi, Looks like someone you already know. Link to Marco Rossi (Fabrikam · LinkedIn)',
    );
    await link?.click();
    await waitForBadges(x, "Marco's badge once linked", (found) =>
      found.some((label) => label.startsWith('Rapport: Marco Rossi, Prospect · Fabrikam')),
    );
    // One contact: the LinkedIn one, now with his X profile.
    const identities = await allInExtensionDb<{ profileKey: string; contactId?: string }>(rapport.worker, 'identities');
    const ids = identities.filter((identity) => identity.profileKey.includes('marco')).map((i) => i.contactId);
    const linked = [ids.length, new Set(ids).size];
    expect(linked).toEqual([2, 1]);
    await x.close();
  });
});
