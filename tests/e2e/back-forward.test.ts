import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  badgesOf,
  eventually,
  launchRapport,
  openSiteTab,
  type Rapport,
  saveFromCard,
  waitForBadgesOf,
} from './harness';

/**
 * Going back to a page can restore it from the back/forward cache as it was left, scripts and all. Messages sent
 * while it was away (a lead saved, a site switched) never reached it: Rapport must catch up when it comes back.
 */
const X_HOME = 'https://x.com/home';
const X_JANE = 'https://x.com/JaneDoeBuys';
const ROUTES = {
  [X_HOME]: { fixture: 'x/home.html' },
  [X_JANE]: { fixture: 'x/profile.html' },
};

let rapport: Rapport;
beforeAll(async () => {
  rapport = await launchRapport();
});
afterAll(async () => {
  await rapport?.close();
});

describe('a timeline restored from the back/forward cache', () => {
  it('shows the badges of a lead saved while it was away', async () => {
    const { page: tab, trouble } = await openSiteTab(rapport.browser, ROUTES);
    await tab.evaluateOnNewDocument(() => {
      addEventListener('pageshow', (event) => {
        (window as unknown as { restored?: boolean }).restored = event.persisted;
      });
    });
    await tab.goto(X_HOME);
    await tab.waitForSelector('[data-rapport-seen]');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await badgesOf(tab, 'Jane Doe')).toEqual([]);

    // What the worker holds as the profile each tab shows (the popup and side panel read it).
    const profilesShown = () =>
      rapport.worker.evaluate(async () =>
        Object.values(await chrome.storage.session.get(null))
          .map((value) => (value as { network?: string } | null)?.network)
          .filter(Boolean),
      );

    // On to Jane's profile in the same tab, save her, and back.
    await tab.goto(X_JANE);
    await saveFromCard(tab);
    await eventually(async () => (await profilesShown()).includes('x'), "the tab's profile");
    await tab.goBack();
    expect(await tab.evaluate(() => (window as unknown as { restored?: boolean }).restored)).toBe(true);

    const shown = await waitForBadgesOf(tab, 'Jane Doe', "Jane's badges on the restored timeline");
    expect(shown[0]).toMatch(/^Rapport: Jane Doe.*, Prospect/);
    // The tab shows a timeline again, not Jane's profile.
    await eventually(async () => (await profilesShown()).length === 0, 'the tab to show no profile');
    expect(trouble).toEqual({ errors: [], dialogs: [] });
    await tab.close();
  });
});
