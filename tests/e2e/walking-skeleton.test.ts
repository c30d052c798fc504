import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  countInExtensionDb,
  deleteEverything,
  fixtureHtml,
  LINKEDIN_HEADERS,
  launchRapport,
  navigateInPage,
  openOptions,
  openSiteTab,
  type Rapport,
  readCard,
  saveFromCard,
  waitForCard,
} from './harness';

const JANE = 'https://www.linkedin.com/in/jane-doe-4a1b2c/';
const JUERGEN = 'https://www.linkedin.com/in/j%C3%BCrgen-m%C3%BCller-b2b/';
const GHOST = 'https://www.linkedin.com/in/ghost-profile/';
const EVE = 'https://www.linkedin.com/in/eve-hostile-01/';

const ROUTES = {
  [JANE]: { fixture: 'linkedin/profile-classic.html', headers: LINKEDIN_HEADERS },
  [JUERGEN]: { fixture: 'linkedin/profile-classic-de.html', headers: LINKEDIN_HEADERS },
  [GHOST]: { fixture: 'linkedin/no-profile-markup.html', headers: LINKEDIN_HEADERS },
  [EVE]: { fixture: 'linkedin/profile-hostile.html', headers: LINKEDIN_HEADERS },
};

let rapport: Rapport;
beforeAll(async () => {
  rapport = await launchRapport();
});
afterAll(async () => {
  await rapport?.close();
});

describe('walking skeleton: an account manager on LinkedIn', () => {
  it('sees an unknown person, saves the lead in one click, and finds them known after a reload', async () => {
    const { page, trouble } = await openSiteTab(rapport.browser, ROUTES);
    await page.goto(JANE);

    const unknown = await waitForCard(page, 'Save lead');
    expect(unknown).toContain('Jane Doe');
    expect(unknown).toContain('Not in Rapport yet.');

    const known = await saveFromCard(page);
    expect(known).toContain('Prospect');
    expect(known).toContain('Northwind Analytics');
    expect(known).toContain('None yet');

    // Stored in the extension's IndexedDB, not in the page's storage.
    expect(await countInExtensionDb(rapport.worker, 'contacts')).toBe(1);
    const pageStorage = await page.evaluate(async () => ({
      local: localStorage.length,
      databases: (await indexedDB.databases()).map((d) => d.name),
    }));
    expect(pageStorage).toEqual({ local: 0, databases: [] });

    await page.reload();
    const afterReload = await waitForCard(page, 'Log interaction');
    expect(afterReload).toContain('Jane Doe');
    expect(afterReload).not.toContain('Save lead');
    expect(trouble).toEqual({ errors: [], dialogs: [] });

    // The card never puts an extension URL into the page's DOM (LinkedIn scans for them).
    expect(await page.evaluate(() => document.documentElement.outerHTML.includes('chrome-extension://'))).toBe(false);
    await page.close();
  });

  it('follows in-page navigation to a second profile', async () => {
    const { page, trouble } = await openSiteTab(rapport.browser, ROUTES);
    await page.goto(JANE);
    await waitForCard(page, 'Jane Doe');
    await navigateInPage(page, '/in/marco-rossi-77/', fixtureHtml('linkedin/profile-2025.html'));
    const marco = await waitForCard(page, /Marco Rossi.*Save lead/);
    expect(marco).not.toContain('Jane Doe');
    await navigateInPage(page, '/in/jane-doe-4a1b2c/', fixtureHtml('linkedin/profile-classic.html'));
    await waitForCard(page, 'Log interaction');
    expect(trouble).toEqual({ errors: [], dialogs: [] });
    await page.close();
  });

  it('reads a profile in another language', async () => {
    const { page } = await openSiteTab(rapport.browser, ROUTES);
    await page.goto(JUERGEN);
    expect(await waitForCard(page, 'Save lead')).toContain('Jürgen Müller');
    await page.close();
  });

  it('logs an interaction from the card', async () => {
    const { page } = await openSiteTab(rapport.browser, ROUTES);
    await page.goto(JANE);
    await (await page.waitForSelector('aria/Log interaction[role="button"]'))?.click();
    await (await page.waitForSelector('aria/Summary'))?.type('Intro call about renewal');
    await page.keyboard.press('Enter');
    const card = await waitForCard(page, 'Intro call about renewal');
    expect(card).toMatch(/Message, (now|this minute|\d+ seconds? ago)/);
    expect(await countInExtensionDb(rapport.worker, 'interactions')).toBe(1);
    await page.close();
  });

  it('shows the saved contact in the popup', async () => {
    const page = await rapport.browser.newPage();
    await page.goto(`chrome-extension://${rapport.extensionId}/src/popup/index.html`);
    const list = await page.waitForSelector('aria/Recently saved contacts');
    expect(await list?.evaluate((el) => el.textContent)).toContain('Jane Doe');
    expect(await page.$eval('body', (b) => b.textContent)).toContain('Northwind Analytics');
    await page.close();
  });
});

describe('bad input', () => {
  it('answers a malformed message to the background with an error', async () => {
    const page = await rapport.browser.newPage();
    await page.goto(`chrome-extension://${rapport.extensionId}/src/popup/index.html`);
    const answers = await page.evaluate(async () => ({
      unknown: await chrome.runtime.sendMessage({ type: 'formatDisk' }),
      malformed: await chrome.runtime.sendMessage({ type: 'lookup', keys: 'not-a-list' }),
      empty: await chrome.runtime.sendMessage(null),
    }));
    expect(answers.unknown).toEqual({
      ok: false,
      error: { code: 'bad_request', message: 'Unknown message type "formatDisk"' },
    });
    expect(answers.malformed).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(answers.malformed.error.message).toMatch(/Malformed "lookup" message: keys/);
    expect(answers.empty).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    await page.close();
  });

  it('shows no card and throws nothing on a page without the expected markup', async () => {
    const { page, trouble } = await openSiteTab(rapport.browser, ROUTES);
    await page.goto(GHOST);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await readCard(page)).toBeUndefined();
    expect(await page.$('rapport-card')).toBeNull();
    expect(trouble).toEqual({ errors: [], dialogs: [] });
    await page.close();
  });

  it('shows markup in a name as text and runs nothing', async () => {
    const { page, trouble } = await openSiteTab(rapport.browser, ROUTES);
    await page.goto(EVE);
    const card = await waitForCard(page, 'Save lead');
    expect(card).toContain('Eve <img src=x onerror=alert(1)>');
    expect(await saveFromCard(page)).toContain('Eve <img src=x onerror=alert(1)>');
    await new Promise((r) => setTimeout(r, 300));
    expect(trouble).toEqual({ errors: [], dialogs: [] });
    await page.close();
  });
});

describe('deleting everything', () => {
  it('takes what Rapport knew off the pages already open', async () => {
    const { page } = await openSiteTab(rapport.browser, ROUTES);
    await page.goto(JANE);
    await waitForCard(page, 'Log interaction');

    const options = await openOptions(rapport);
    await deleteEverything(options);
    await options.close();

    // The open page is told, as after any other change: Jane is a stranger again without a reload.
    await page.bringToFront();
    expect(await waitForCard(page, 'Not in Rapport yet.')).toContain('Save lead');
    await page.close();
  });
});
