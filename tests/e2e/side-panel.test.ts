import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fixtureHtml,
  LINKEDIN_HEADERS,
  launchRapport,
  navigateInPage,
  type Rapport,
  saveFromCard,
  serveSite,
  waitForCard,
  waitForCardWithout,
} from './harness';

const LI_JANE = 'https://www.linkedin.com/in/jane-doe-4a1b2c/';
const X_JANE = 'https://x.com/JaneDoeBuys';
const NORTHWIND = 'https://www.linkedin.com/company/northwind-analytics/';
/** Northwind's own X profile, which X shows as a person's. */
const X_NORTHWIND = 'https://twitter.com/NorthwindHQ';
const ROUTES = {
  [X_NORTHWIND]: { fixture: 'x/profile-twitter-verified.html' },
  [LI_JANE]: { fixture: 'linkedin/profile-classic.html', headers: LINKEDIN_HEADERS },
  [X_JANE]: { fixture: 'x/profile.html' },
  [NORTHWIND]: { fixture: 'linkedin/company.html', headers: LINKEDIN_HEADERS },
};

let rapport: Rapport;
let linkedin: Page;
let x: Page;
let panel: Page;

/**
 * Opens Rapport's side panel in the window the tabs are in, the way a person's click on the toolbar does: Chrome
 * only opens a side panel in answer to a user gesture, which CDP can give an extension page's script.
 */
async function openSidePanel(): Promise<Page> {
  const opener = await rapport.browser.newPage();
  await opener.goto(`chrome-extension://${rapport.extensionId}/src/popup/index.html`);
  const session = await opener.createCDPSession();
  const { result } = await session.send('Runtime.evaluate', {
    expression: `chrome.windows.getCurrent().then((w) => chrome.sidePanel.open({ windowId: w.id })).then(() => 'open')`,
    userGesture: true,
    awaitPromise: true,
    returnByValue: true,
  });
  expect(result.value).toBe('open');
  const target = await rapport.browser.waitForTarget((t) => t.url().includes('/src/sidepanel/index.html'));
  const page = await target.asPage();
  await opener.close();
  return page;
}

const panelText = () => panel.$eval('body', (body) => body.innerText);

/** Waits until the panel shows `shown` and no longer shows `gone` (a button that went once its work was done). */
const waitForPanelWithout = (shown: string, gone: string) =>
  panel.waitForFunction(
    (includes, without) => {
      const text = document.body.innerText;
      return text.includes(includes) && !text.includes(without);
    },
    {},
    shown,
    gone,
  );

beforeAll(async () => {
  rapport = await launchRapport();
  linkedin = await rapport.browser.newPage();
  await serveSite(linkedin, ROUTES);
  await linkedin.goto(LI_JANE);
  await saveFromCard(linkedin);
  x = await rapport.browser.newPage();
  await serveSite(x, ROUTES);
  await x.goto(X_JANE);
  await waitForCard(x, 'Save lead');
  panel = await openSidePanel();
});
afterAll(async () => {
  await rapport?.close();
});

describe('the side panel', () => {
  it('shows the profile in the active tab, and follows the person to another tab', async () => {
    // The X tab was opened last and is active: an X profile nobody saved yet.
    await x.bringToFront();
    await panel.waitForFunction(() => document.body.innerText.includes('Jane Doe 🌿'));
    expect(await panelText()).toContain('Not in Rapport yet.');

    await linkedin.bringToFront();
    await panel.waitForSelector('aria/Contact Jane Doe');
    expect(await panelText()).toContain('Northwind Analytics');
  });

  it('saves the profile of the tab from the panel, and the page card hears of it', async () => {
    await x.bringToFront();
    await (await panel.waitForSelector('::-p-text(Save lead)'))?.click();
    // Same name as the LinkedIn contact: the panel offers to link rather than duplicate (or saves at once).
    const link = await Promise.race([
      panel.waitForSelector('::-p-text(Link to Jane Doe)').then((button) => button),
      panel.waitForSelector('aria/Contact Jane Doe 🌿').then(() => null),
    ]);
    if (link) await link.click();
    await panel.waitForFunction(() => !document.body.innerText.includes('Not in Rapport yet.'));
    expect(await waitForCard(x, 'Log interaction')).toContain('Jane Doe');
  });

  it('follows in-page navigation: a page without a profile shows none', async () => {
    await x.bringToFront();
    await navigateInPage(x, '/home', fixtureHtml('x/home.html'));
    // The panel's view for a tab without a profile: what to do, then the recent contacts.
    await panel.waitForFunction(() => document.body.innerText.includes('Open a LinkedIn, X or Facebook profile'));
    expect(await panel.$('[aria-label="Profile in this tab"]')).toBeNull();
    expect(await panelText()).not.toContain('Log interaction');
  });

  it("shows a company page's account made by saving Jane, and links the page to it", async () => {
    // Saving Jane (above) made the account "Northwind Analytics"; nobody saved its page.
    await linkedin.goto(NORTHWIND);
    await linkedin.bringToFront();
    await (await panel.waitForSelector('::-p-text(Link page to account)'))?.click();
    await waitForPanelWithout('Northwind Analytics', 'Link page to account');
    const text = await panelText();
    expect(text).toContain('Northwind Analytics');
    expect(text).toContain('Prospect');
    expect(text).not.toContain('Save account');
    // The page's card hears of it: the page is the account's now.
    const card = await waitForCardWithout(linkedin, 'Northwind Analytics', 'Link page to account');
    expect(card).toContain('Prospect');
    // Who the team knows there, each a click from their contact view.
    const people = await panel.waitForSelector('aria/People at this account');
    expect(await people?.evaluate((list) => list.textContent)).toContain('Jane Doe');
    await (await people?.$('button'))?.click();
    await panel.waitForSelector('aria/Contact Jane Doe');
    await panel.keyboard.press('Escape');
    await panel.waitForSelector('aria/People at this account');
  });

  it("offers a company's own X profile (shown as a person's) to the account of its name, or to be saved as a person", async () => {
    await x.goto(X_NORTHWIND);
    await x.bringToFront();
    await panel.waitForSelector('::-p-text(Link to account)');
    const offered = await panelText();
    expect(offered).toContain('Northwind Analytics');
    expect(offered).toContain('Save lead');
    await (await panel.waitForSelector('::-p-text(Link to account)'))?.click();
    await waitForPanelWithout('Northwind Analytics', 'Link to account');
    const linked = await panelText();
    expect(linked).toContain('Prospect');
    expect(linked).not.toContain('Save lead');
    // The page's card hears of it: the profile is the account's now.
    const card = await waitForCardWithout(x, 'Northwind Analytics', 'Link to account');
    expect(card).toContain('Prospect');

    // Linked by mistake (a person named like the company): unlinked from the panel, it is offered again.
    await (await panel.waitForSelector('::-p-text(Unlink this profile from the account)'))?.click();
    await panel.waitForSelector('::-p-text(Link to account)');
    expect(await panelText()).toContain('Save lead');
    expect(await waitForCard(x, 'Link to account')).toContain('Save as a person');
  });
});
