import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../server/tests/helpers/test-server';
import {
  eventually,
  LINKEDIN_HEADERS,
  launchRapport,
  openOptions,
  openSiteTab,
  type Rapport,
  tabIdShowing,
  waitForCard,
} from './harness';

/** Two account managers, two browsers with Rapport, one team server: what one saves, the other sees. */
const JANE = 'https://www.linkedin.com/in/jane-doe-4a1b2c/';
const ROUTES = { [JANE]: { fixture: 'linkedin/profile-classic.html', headers: LINKEDIN_HEADERS } };

let server: TestServer;
let sam: Rapport;
let kim: Rapport;

/**
 * Connects from the options page as a person does. The browser's permission prompt cannot be clicked in headless
 * Chromium (the request waits for a person forever), so the test answers it: it records what Rapport asked for and
 * says yes. Everything after the prompt is real; the server's CORS rules let the worker reach it either way.
 */
/** Sync status as the background reports it (pending changes are counted live from the outbox). */
function syncStatus(page: Page) {
  return page.evaluate(async () => (await chrome.runtime.sendMessage({ type: 'syncStatus' })).data);
}

async function connect(rapport: Rapport, token: string): Promise<Page> {
  const options = await openOptions(rapport);
  await options.evaluate(() => {
    const w = window as unknown as { asked: unknown[] };
    w.asked = [];
    chrome.permissions.request = ((permissions: unknown) => {
      w.asked.push(permissions);
      return Promise.resolve(true);
    }) as typeof chrome.permissions.request;
  });
  await (await options.waitForSelector('input[name="serverUrl"]'))?.type(server.url);
  await (await options.waitForSelector('input[name="token"]'))?.type(token);
  await options.click('form.sync-form button[type="submit"]');
  await options.waitForFunction(() =>
    document.querySelector('[aria-label="Sync status"]')?.textContent?.includes('Last sync'),
  );
  return options;
}

beforeAll(async () => {
  server = await startTestServer();
  [sam, kim] = await Promise.all([launchRapport(), launchRapport()]);
});
afterAll(async () => {
  await Promise.all([sam?.close(), kim?.close()]);
  await server?.stop();
});

describe('team sync between two browsers', () => {
  it('connects from the options page, asking for the server origin only', async () => {
    const options = await connect(sam, server.first.token);
    const status = await options.$eval('[aria-label="Sync status"]', (el) => el.textContent ?? '');
    expect(status).toContain(`team ${server.first.team.name}`);
    expect(await options.evaluate(() => (window as unknown as { asked: unknown[] }).asked)).toEqual([
      { origins: ['http://127.0.0.1/*'] },
    ]);
    await options.close();
  });

  it("shows one manager's new lead and interaction on the other's LinkedIn card", async () => {
    const teammate = await server.createTeammate(server.first.team.id, 'Kim');
    await (await connect(kim, teammate.token)).close();
    const samOptions = await openOptions(sam);
    // Sam's name is the owner of the leads Sam saves.
    await sam.worker.evaluate(() =>
      chrome.storage.local.set({ settings: { sites: { linkedin: true, x: true, facebook: true }, ownerName: 'Sam' } }),
    );

    const { page: samPage } = await openSiteTab(sam.browser, ROUTES);
    await samPage.goto(JANE);
    await (await samPage.waitForSelector('aria/Save lead[role="button"]'))?.click();
    await (await samPage.waitForSelector('aria/Log interaction[role="button"]'))?.click();
    await (await samPage.waitForSelector('aria/Summary'))?.type('Met at the Leeds procurement summit');
    await samPage.keyboard.press('Enter');
    await waitForCard(samPage, 'Met at the Leeds procurement summit');
    // Sam's changes leave soon after they are made (debounced), without anyone pressing "Sync now".
    const savedAt = Date.now();
    // On a timeout the failure shows the last status: a sync that failed says why, one that lagged where it was.
    let status: unknown;
    await eventually(
      async () => {
        const now = await syncStatus(samOptions);
        status = now;
        return now.pending === 0 && now.lastSyncAt > savedAt;
      },
      "Sam's changes to reach the server",
      30_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}; Sam's sync status then: ${JSON.stringify(status)}`);
    });

    const { page: kimPage } = await openSiteTab(kim.browser, ROUTES);
    // Kim syncs (the periodic alarm would; the options page's button does it now).
    const kimOptions = await openOptions(kim);
    const before = Date.now();
    await (await kimOptions.waitForSelector('::-p-text(Sync now)'))?.click();
    await eventually(async () => (await syncStatus(kimOptions)).lastSyncAt > before, "Kim's sync");
    await kimPage.bringToFront();
    await kimPage.goto(JANE);
    const card = await waitForCard(kimPage, 'Met at the Leeds procurement summit');
    expect(card).toContain('Sam');
    expect(card).toContain('Northwind Analytics');
    await tabIdShowing(kim.worker, 'linkedin:in/jane-doe-4a1b2c');
  });
});
