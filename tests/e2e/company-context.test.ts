import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  countInExtensionDb,
  eventually,
  fixtureHtml,
  LINKEDIN_HEADERS,
  launchRapport,
  linkFromCard,
  openSiteTab,
  type Rapport,
  recordTabRequests,
  saveFromCard,
  waitForBadges,
  waitForBadgesOf,
  waitForCard,
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
/** A company whose account comes from saving a lead who works there, before anyone opened its page. */
const PRIYA = 'https://www.linkedin.com/in/priya-shah-contoso/';
const CONTOSO = 'https://www.linkedin.com/company/contoso-pharma/';
const contoso = (html: string) => html.replaceAll('Northwind Analytics', 'Contoso Pharma');
const CONTOSO_ROUTES = {
  [PRIYA]: {
    html: contoso(fixtureHtml('linkedin/profile-classic.html'))
      .replaceAll('jane-doe-4a1b2c', 'priya-shah-contoso')
      .replaceAll('Jane Doe', 'Priya Shah'),
    headers: LINKEDIN_HEADERS,
  },
  [CONTOSO]: {
    html: contoso(fixtureHtml('linkedin/company.html')).replaceAll('northwind-analytics', 'contoso-pharma'),
    headers: LINKEDIN_HEADERS,
  },
};

/** Northwind's own X profile (saved on twitter.com): X shows a company's profile as a person's. */
const X_NORTHWIND = 'https://twitter.com/NorthwindHQ';
const X_HOME = 'https://x.com/home';
const X_ROUTES = {
  [JANE]: ROUTES[JANE],
  [X_NORTHWIND]: { fixture: 'x/profile-twitter-verified.html' },
  [X_HOME]: { fixture: 'x/home.html' },
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
    const { page, trouble } = await openSiteTab(rapport.browser, ROUTES);

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

describe('a company page whose account a saved lead made', () => {
  it('shows that account before the page is linked, and links it in one click without a second account', async () => {
    const { page, trouble } = await openSiteTab(rapport.browser, CONTOSO_ROUTES);
    await page.goto(PRIYA);
    await waitForCard(page, 'Save lead');
    await saveFromCard(page);
    const accounts = await countInExtensionDb(rapport.worker, 'accounts');

    await page.goto(CONTOSO);
    const unlinked = await waitForCard(page, 'Link page to account');
    expect(unlinked).toContain('Contoso Pharma');
    expect(unlinked).toContain('Prospect');
    expect(unlinked).not.toContain('Not in Rapport yet');

    await linkFromCard(page, 'Link page to account', 'Contoso Pharma');
    expect(await countInExtensionDb(rapport.worker, 'accounts')).toBe(accounts);

    // Linked now: the page is the account's, asked by its own key.
    await page.goto(CONTOSO);
    const linked = await waitForCard(page, 'Prospect');
    expect(linked).toContain('Contoso Pharma');
    expect(linked).not.toContain('Link page to account');
    expect(trouble).toEqual({ errors: [], dialogs: [] });
    await page.close();
  });
});

describe("a company's own X profile, which X shows as a person's", () => {
  it('offers the account of its name; linked in one click, its posts in the timeline carry the account', async () => {
    const { page, trouble } = await openSiteTab(rapport.browser, X_ROUTES);
    // Saving Jane makes (or joins) the account "Northwind Analytics"; nobody linked its X profile.
    await page.goto(JANE);
    await waitForCard(page, 'Save lead');
    await saveFromCard(page);
    const accounts = await countInExtensionDb(rapport.worker, 'accounts');
    const contacts = await countInExtensionDb(rapport.worker, 'contacts');

    await page.goto(X_NORTHWIND);
    const offered = await waitForCard(page, 'Link to account');
    expect(offered).toContain('Northwind Analytics');
    expect(offered).toContain('Prospect');
    expect(offered).toContain('Save as a person');
    expect(offered).not.toContain('Not in Rapport yet');

    await linkFromCard(page, 'Link to account', 'Northwind Analytics');
    // Joined the account of its name: no second account, and no contact made of a company.
    expect(await countInExtensionDb(rapport.worker, 'accounts')).toBe(accounts);
    expect(await countInExtensionDb(rapport.worker, 'contacts')).toBe(contacts);

    // Its post in the home timeline (reposted by Marco) now carries the account's badge.
    await page.goto(X_HOME);
    const [badge] = await waitForBadgesOf(page, 'Northwind Analytics', "Northwind's badge in the timeline");
    expect(badge).toMatch(/^Rapport: Northwind Analytics, Prospect account · Northwind Analytics/);
    expect(trouble).toEqual({ errors: [], dialogs: [] });
    await page.close();
  });

  it("offers the account on a timeline too, for a profile nobody linked; the badge's click links it", async () => {
    // Another X profile named Northwind Analytics (the account made when Jane was saved, above): nobody linked it.
    const { page, trouble } = await openSiteTab(rapport.browser, {
      [X_HOME]: { html: fixtureHtml('x/home.html').replaceAll('NorthwindHQ', 'NorthwindEU') },
    });
    const accounts = await countInExtensionDb(rapport.worker, 'accounts');
    const contacts = await countInExtensionDb(rapport.worker, 'contacts');
    await page.goto(X_HOME);
    const [offer] = await waitForBadgesOf(page, 'Northwind Analytics', "the offer in Northwind's badge");
    expect(offer).toMatch(
      /^Rapport: Northwind Analytics, May be Northwind Analytics’s own profile: Prospect account · Northwind Analytics · .*Click to link it to the account$/,
    );

    await (await page.waitForSelector(`aria/${offer}[role="button"]`))?.click();
    await waitForBadges(page, 'the account in the badge', (labels) =>
      labels.some((label) => label.startsWith('Rapport: Northwind Analytics, Prospect account · Northwind Analytics')),
    );
    // Joined the account of its name: no second account, no contact.
    expect(await countInExtensionDb(rapport.worker, 'accounts')).toBe(accounts);
    expect(await countInExtensionDb(rapport.worker, 'contacts')).toBe(contacts);

    // Linked by its key now: the next visit shows the account at once, with no offer.
    await page.reload();
    const [badge] = await waitForBadgesOf(page, 'Northwind Analytics', "Northwind's badge after a reload");
    expect(badge).toMatch(/^Rapport: Northwind Analytics, Prospect account · Northwind Analytics/);
    expect(trouble).toEqual({ errors: [], dialogs: [] });
    await page.close();
  });
});
