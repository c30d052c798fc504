import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  LINKEDIN_HEADERS,
  launchDetached,
  launchRapport,
  type Rapport,
  saveFromCard,
  serveSite,
  setInputValue,
  stopWorker,
  tabIdShowing,
  waitForCard,
} from './harness';

const JANE = 'https://www.linkedin.com/in/jane-doe-4a1b2c/';
const ROUTES = { [JANE]: { fixture: 'linkedin/profile-classic.html', headers: LINKEDIN_HEADERS } };

let rapport: Rapport;
let linkedin: Page;
let popupUrl: string;

beforeAll(async () => {
  rapport = await launchRapport();
  linkedin = await rapport.browser.newPage();
  await serveSite(linkedin, ROUTES);
  await linkedin.goto(JANE);
  await saveFromCard(linkedin);
  const tabId = await tabIdShowing(rapport.worker, 'linkedin:in/jane-doe-4a1b2c');
  popupUrl = `chrome-extension://${rapport.extensionId}/src/popup/index.html?tab=${tabId}`;
});
afterAll(async () => {
  await rapport?.close();
});

const text = (page: Page) => page.$eval('body', (body) => body.innerText);

describe("the account manager's day", () => {
  it('logs an interaction from the popup with the keyboard and sees it on the LinkedIn card and the timeline', async () => {
    const popup = await rapport.browser.newPage();
    await popup.goto(popupUrl);
    await popup.waitForSelector('aria/Contact Jane Doe');
    // The summary has focus when the popup opens on a known contact: type, then Enter saves.
    await popup.waitForFunction(
      () => (document.activeElement as HTMLInputElement | null)?.placeholder === 'What happened?',
    );
    await popup.keyboard.type('Pricing call with procurement');
    await popup.keyboard.press('Enter');
    await popup.waitForFunction(() => document.querySelector('ol.timeline')?.textContent?.includes('Pricing call'));
    expect(await text(popup)).toMatch(/Message · LinkedIn ·/);

    // The page's card hears about the change without a reload.
    await linkedin.bringToFront();
    const card = await waitForCard(linkedin, 'Pricing call with procurement');
    expect(card).toContain('Last interaction');
    await popup.close();
  });

  it('edits a field inline', async () => {
    const popup = await rapport.browser.newPage();
    await popup.goto(popupUrl);
    await (await popup.waitForSelector('aria/Edit Stage: Lead'))?.click();
    await popup.select('select[aria-label="Stage"]', 'qualified');
    await popup.keyboard.press('Enter');
    await popup.waitForSelector('aria/Edit Stage: Qualified');
    expect(await waitForCard(linkedin, 'Qualified')).toContain('Qualified');
    await popup.close();
  });

  it('adds a website typed without https://, and the card links it', async () => {
    const popup = await rapport.browser.newPage();
    await popup.goto(popupUrl);
    await (await popup.waitForSelector('aria/Edit Website: empty'))?.click();
    await popup.keyboard.type('northwind.example/jane');
    await popup.keyboard.press('Enter');
    await popup.waitForSelector('aria/Edit Website: https://northwind.example/jane');
    expect(await waitForCard(linkedin, 'northwind.example/jane')).toContain('Website');
    await popup.close();
  });

  it("makes the contact's account a customer, and the card says so", async () => {
    const popup = await rapport.browser.newPage();
    await popup.goto(popupUrl);
    await popup.waitForSelector('aria/Account Northwind Analytics');
    await (await popup.waitForSelector('aria/Edit Account relationship: Prospect'))?.click();
    await popup.select('select[aria-label="Account relationship"]', 'customer');
    await popup.keyboard.press('Enter');
    await popup.waitForSelector('aria/Edit Account relationship: Customer');
    expect(await waitForCard(linkedin, 'Customer')).toContain('Northwind Analytics');
    await popup.close();
  });

  it('fires a notification for a follow-up due in the past and lists it as overdue, with a badge count', async () => {
    const popup = await rapport.browser.newPage();
    await popup.goto(popupUrl);
    await popup.waitForSelector('aria/Contact Jane Doe');
    await popup.keyboard.type('Left a voicemail');
    await popup.click('details > summary');
    await setInputValue(popup, 'input[placeholder="e.g. Send the proposal"]', 'Send the renewal quote');
    const anHourAgo = await popup.evaluate(() => {
      const at = Date.now() - 3_600_000;
      return new Date(at - new Date(at).getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    });
    const dueInputs = await popup.$$('input[type="datetime-local"]');
    await dueInputs[1]?.evaluate((input, value) => {
      const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
      setter?.call(input, value);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }, anHourAgo);
    await popup.click('button[type="submit"]');
    await popup.waitForFunction(() =>
      document.querySelector('ol.timeline')?.textContent?.includes('Send the renewal quote'),
    );

    const notification = await eventually(
      () =>
        rapport.worker.evaluate(async () => {
          const all = (await chrome.notifications.getAll()) as Record<string, unknown>;
          return Object.keys(all).find((id) => id.startsWith('task:'));
        }),
      'the reminder notification',
    );
    expect(notification).toMatch(/^task:/);
    expect(await eventually(() => rapport.worker.evaluate(() => chrome.action.getBadgeText({})), 'a badge')).toBe('1');

    await popup.keyboard.press('2');
    await popup.waitForSelector('aria/Overdue (1)');
    expect(await text(popup)).toContain('Send the renewal quote');
    // Ticking it off empties the list and the badge.
    await (await popup.waitForSelector('aria/Done: Send the renewal quote'))?.click();
    await popup.waitForFunction(() => document.body.innerText.includes('Nothing due today'));
    await eventually(
      async () => (await rapport.worker.evaluate(() => chrome.action.getBadgeText({}))) === '',
      'badge cleared',
    );
    await popup.close();
  });

  it('finds a contact by search', async () => {
    const popup = await rapport.browser.newPage();
    await popup.goto(popupUrl);
    await popup.waitForSelector('aria/Contact Jane Doe');
    await popup.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await popup.keyboard.press('/');
    await popup.waitForSelector('aria/Search contacts');
    // Before a word is typed, the panel says what it searches rather than staying blank.
    expect(await popup.$eval('body', (body) => body.innerText)).toContain('Type a name, company, @handle');
    await popup.keyboard.type('northw');
    const results = await popup.waitForSelector('aria/Search results');
    expect(await results?.evaluate((el) => el.textContent)).toContain('Jane Doe');
    expect(await popup.$eval('body', (body) => body.innerText)).not.toContain('Type a name, company, @handle');
    await popup.keyboard.type('xyz');
    await popup.waitForFunction(() => document.body.innerText.includes('No contact matches'));
    await popup.close();
  });
});

describe('reminders outlive the service worker', () => {
  it('fires a follow-up that falls due while the worker is stopped', { timeout: 90_000 }, async () => {
    const detached = await launchDetached();
    try {
      const page = await detached.browser.newPage();
      await page.goto(`chrome-extension://${detached.extensionId}/src/popup/index.html`);
      const taskId = await page.evaluate(async () => {
        const answer = await chrome.runtime.sendMessage({
          type: 'createTask',
          task: { title: 'Call back after the board meeting', dueAt: Date.now() + 8000 },
        });
        return answer.data.id as string;
      });
      await eventually(
        () => page.evaluate(async () => ((await chrome.alarms.get('reminder:next'))?.scheduledTime ?? 0) > Date.now()),
        'the reminder alarm to be set',
      );
      // Stop the worker, as Chrome does to an idle extension: only the alarm can bring it back in time.
      const states = await stopWorker(page);
      const stoppedAt = states.lastIndexOf('stopped');
      const fired = await eventually(
        () =>
          page.evaluate(
            async (id) => `task:${id}` in ((await chrome.notifications.getAll()) as Record<string, unknown>),
            taskId,
          ),
        'the reminder after the worker was stopped',
        30_000,
      );
      expect(fired).toBe(true);
      expect(states.slice(stoppedAt)).toContain('running');
    } finally {
      await detached.close();
    }
  });
});
