import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  fixtureHtml,
  LINKEDIN_HEADERS,
  launchRapport,
  type Rapport,
  recordTabRequests,
  serveSite,
  waitForCard,
  watchForTrouble,
} from './harness';

const JANE = 'https://www.linkedin.com/in/jane-doe-4a1b2c/';
const NORTHWIND = 'https://www.linkedin.com/company/northwind-analytics/';
/** Another stranger at the same company, whose profile spells it in capitals. */
const SAM = 'https://www.linkedin.com/in/sam-upper/';
const ROUTES = {
  [JANE]: { fixture: 'linkedin/profile-classic.html', headers: LINKEDIN_HEADERS },
  [NORTHWIND]: { fixture: 'linkedin/company.html', headers: LINKEDIN_HEADERS },
  [SAM]: {
    html: fixtureHtml('linkedin/profile-classic.html')
      .replaceAll('jane-doe-4a1b2c', 'sam-upper')
      .replaceAll('Jane Doe', 'Sam Upper')
      .replaceAll('Northwind Analytics', 'NORTHWIND ANALYTICS'),
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

/**
 * The requests one page load sends, from its first (pageStart) on, once its card has had a moment to ask anything
 * more: the page it replaced may still have been refreshing its own card.
 */
async function requestsOfLoad(load: () => Promise<unknown>): Promise<string[]> {
  const before = (await tabRequests()).length;
  await load();
  const sent = async () => {
    const since = (await tabRequests()).slice(before);
    return since.slice(since.indexOf('pageStart'));
  };
  await eventually(async () => (await sent()).includes('pageProfile'), 'the page profile');
  await new Promise((resolve) => setTimeout(resolve, 1000));
  return (await sent()).filter((type) => type !== 'pageProfile');
}

describe("a stranger's company on their card", () => {
  it('is asked about only once the company is an account, and then shown with the account', async () => {
    const page = await rapport.browser.newPage();
    const trouble = watchForTrouble(page);
    await serveSite(page, ROUTES);

    // The worker reads the accounts' names on the first profile page after it starts, without keeping that page
    // waiting (its card asks for the account itself).
    await page.goto(JANE);
    await waitForCard(page, 'Save lead');

    // Northwind Analytics is no account yet: the page's first answer says so, and the card asks nothing more.
    const first = await requestsOfLoad(async () => {
      await page.goto(JANE);
      const card = await waitForCard(page, 'Save lead');
      expect(card).toContain('Jane Doe');
      expect(card).not.toContain('Works at');
    });
    expect(first).toEqual(['pageStart']);

    await page.goto(NORTHWIND);
    await (await page.waitForSelector('aria/Save account[role="button"]'))?.click();
    await waitForCard(page, 'Prospect');

    // Now it is (the worker's filter heard of the new account): Jane, still a stranger, shows where she works and
    // what that account is to the team.
    const second = await requestsOfLoad(async () => {
      await page.goto(JANE);
      const card = await waitForCard(page, 'Works at');
      expect(card.replace(/[\s|]+/g, ' ')).toContain('Works at Northwind Analytics · Prospect · No open follow-ups');
      expect(card).toContain('Save lead');
    });
    expect(second).toEqual(['pageStart', 'lookup']);

    // A company's name matches its account as saving a lead matches it: whatever its case.
    await page.goto(SAM);
    const sam = await waitForCard(page, 'Works at');
    expect(sam).toContain('Sam Upper');
    expect(sam).toContain('Northwind Analytics');
    expect(trouble).toEqual({ errors: [], dialogs: [] });
    await page.close();
  });
});
