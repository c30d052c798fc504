import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockXApi, startMockXApi } from '../../server/tests/helpers/mock-x-api';
import { startTestServer, type TestServer } from '../../server/tests/helpers/test-server';
import {
  eventually,
  launchRapport,
  openOptions,
  openSiteTab,
  type Rapport,
  saveFromCard,
  waitForCard,
} from './harness';

/**
 * X conversations end to end: the team server's connector reads a (mock) X API, turns the company's conversation
 * with a known contact into interactions that sync to the browser, where the X card shows them; an unknown person
 * who mentioned the company is offered in the popup as a lead.
 */
const JANE = 'https://x.com/JaneDoeBuys';

let x: MockXApi;
let server: TestServer;
let rapport: Rapport;
let options: Page;

async function status(page: Page) {
  return page.evaluate(async () => (await chrome.runtime.sendMessage({ type: 'syncStatus' })).data);
}

async function syncNow(): Promise<void> {
  const before = Date.now();
  await options.evaluate(() => chrome.runtime.sendMessage({ type: 'syncNow' }));
  await eventually(async () => {
    const current = await status(options);
    return current.lastSyncAt >= before && current.pending === 0;
  }, 'a sync');
}

beforeAll(async () => {
  x = await startMockXApi();
  // Jane, as on the saved X profile page (same user id as its Follow button).
  const jane = x.setUser({
    id: '1402938475',
    username: 'JaneDoeBuys',
    name: 'Jane Doe',
    description: 'Head of Procurement',
  });
  const nina = x.setUser({ username: 'nina_scouts', name: 'Nina Novak', description: 'Ops at Tailspin' });
  x.addMention({ from: jane.id, text: '@acme we are evaluating you for Q3' });
  x.addReply({ to: jane.id, text: '@JaneDoeBuys happy to walk you through it' });
  x.addDm({ from: jane.id, text: 'Can you send pricing for 40 seats?' });
  x.addMention({ from: nina.id, text: '@acme does your tool handle multi-site inventory?' });
  server = await startTestServer({ xApiBase: x.url });
  await server.connectX(server.first.team.id, x.credentials);

  rapport = await launchRapport();
  options = await openOptions(rapport);
  await options.evaluate(
    (serverUrl, token) => chrome.runtime.sendMessage({ type: 'syncConnect', config: { serverUrl, token } }),
    server.url,
    server.first.token,
  );
});
afterAll(async () => {
  await rapport?.close();
  await server?.stop();
  await x?.stop();
});

describe('conversations from X', () => {
  it('shows the conversation with a saved contact on their X card', async () => {
    const { page } = await openSiteTab(rapport.browser, { [JANE]: { fixture: 'x/profile.html' } });
    await page.goto(JANE);
    await saveFromCard(page);
    await syncNow();

    await server.pollX(server.first.team.id);
    await syncNow();
    await page.reload();
    const card = await waitForCard(page, 'Can you send pricing for 40 seats?');
    expect(card).toContain('Recent conversation');
    expect(card).toContain('@acme we are evaluating you for Q3');
    expect(card).toContain('@JaneDoeBuys happy to walk you through it');
    await page.close();
  });

  it('offers someone who mentioned the company as a suggested lead, saved in one click', async () => {
    const popup = await rapport.browser.newPage();
    await popup.goto(`chrome-extension://${rapport.extensionId}/src/popup/index.html`);
    const suggestions = await popup.waitForSelector('aria/Suggested leads');
    expect(await suggestions?.evaluate((el) => el.textContent)).toContain('Nina Novak');
    expect(await suggestions?.evaluate((el) => el.textContent)).not.toContain('Jane Doe');
    await (await popup.waitForSelector('aria/Save Nina Novak as a lead'))?.click();
    await popup.waitForFunction(
      () => !document.querySelector('[aria-label="Suggested leads"]')?.textContent?.includes('Nina'),
    );
    const ninaKnown = await popup.evaluate(
      async () =>
        (await chrome.runtime.sendMessage({ type: 'lookup', keys: ['x:nina_scouts'] })).data.results['x:nina_scouts'],
    );
    expect(ninaKnown?.contact?.name).toBe('Nina Novak');
    await popup.close();
  });

  it("shows the X connector's status on the options page", async () => {
    await options.reload();
    const line = await options.waitForSelector('aria/X connector status');
    expect(await line?.evaluate((el) => el.textContent)).toMatch(/X conversations: @\w+ · last checked/);
  });
});
