import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  badgeLabels,
  LINKEDIN_HEADERS,
  launchRapport,
  openSiteTab,
  type Rapport,
  saveFromCard,
  waitForBadges,
  waitForBadgesOf,
  waitForCard,
} from './harness';

const JANE = 'https://www.linkedin.com/in/jane-doe-4a1b2c/';
const FEED = 'https://www.linkedin.com/feed/';
const SEARCH = 'https://www.linkedin.com/search/results/people/?keywords=procurement';
const ROUTES = {
  [JANE]: { fixture: 'linkedin/profile-classic.html', headers: LINKEDIN_HEADERS },
  [FEED]: { fixture: 'linkedin/feed.html', headers: LINKEDIN_HEADERS },
  [SEARCH]: { fixture: 'linkedin/search-people.html', headers: LINKEDIN_HEADERS },
};

let rapport: Rapport;
beforeAll(async () => {
  rapport = await launchRapport();
  // Jane saved from her profile: a contact, and her company "Northwind Analytics" an account, its page never opened.
  const { page } = await openSiteTab(rapport.browser, ROUTES);
  await page.goto(JANE);
  await waitForCard(page, 'Save lead');
  await saveFromCard(page);
  await page.close();
});
afterAll(async () => {
  await rapport?.close();
});

describe('LinkedIn: badges in the feed and in search results', () => {
  it('badges Jane\'s post and her company\'s, and saves a stranger from the "+" shown on hover', async () => {
    const { page, trouble } = await openSiteTab(rapport.browser, ROUTES);
    await page.goto(FEED);
    const jane = await waitForBadgesOf(page, 'Jane Doe', "Jane's badge in the feed");
    expect(jane[0]).toMatch(/^Rapport: Jane Doe, Prospect · Northwind Analytics/);
    // The company's post: its account exists by name only (saving Jane made it), and the badge shows it.
    const northwind = await waitForBadgesOf(page, 'Northwind Analytics', "Northwind's badge in the feed");
    expect(northwind[0]).toMatch(/^Rapport: Northwind Analytics, Prospect account · Northwind Analytics · 1 contact/);
    // Strangers get no badge until pointed at.
    expect((await badgeLabels(page)).every((l) => /^Rapport: (Jane Doe|Northwind Analytics),/.test(l))).toBe(true);

    await page.hover('::-p-text(Marco Rossi)');
    await (await page.waitForSelector('aria/Rapport: Save Marco Rossi as a lead'))?.click();
    const marco = await waitForBadgesOf(page, 'Marco Rossi,', "Marco's badge once saved");
    expect(marco[0]).toMatch(/^Rapport: Marco Rossi, Prospect/);
    expect(trouble).toEqual({ errors: [], dialogs: [] });
    await page.close();
  });

  it('badges the people in search results whom the team knows', async () => {
    const { page, trouble } = await openSiteTab(rapport.browser, ROUTES);
    await page.goto(SEARCH);
    const labels = await waitForBadges(page, "Jane's badge in the results");
    expect(labels).toEqual([expect.stringMatching(/^Rapport: Jane Doe, Prospect · Northwind Analytics/)]);
    expect(trouble).toEqual({ errors: [], dialogs: [] });
    await page.close();
  });
});
