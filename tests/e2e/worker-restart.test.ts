import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICE_WORKER_FILE } from '../../scripts/classic-service-worker';
import {
  badgesOf,
  DIST,
  eventually,
  LINKEDIN_HEADERS,
  launchDetached,
  openOptions,
  openSiteTab,
  saveCustomerAccount,
  saveFromCard,
  stopWorker,
  waitForBadgesOf,
  waitForCard,
} from './harness';

/**
 * Chrome stops an idle extension service worker, and with it the port a page's badges send their lookups over
 * (lib/port-client.ts). A timeline left open meanwhile must keep working: its next lookup opens a new port and
 * wakes the worker.
 */
const X_JANE = 'https://x.com/JaneDoeBuys';
const X_HOME = 'https://x.com/home';
const ROUTES = {
  [X_JANE]: { fixture: 'x/profile.html' },
  [X_HOME]: { fixture: 'x/home.html' },
};

// Not attached to the worker: a worker the test holds on to would be held up at its next start.
let rapport: Awaited<ReturnType<typeof launchDetached>>;
beforeAll(async () => {
  rapport = await launchDetached();
});
afterAll(async () => {
  await rapport?.close();
});

describe('a timeline open while the background is stopped', () => {
  it('still gets the badges of a lead saved afterwards in another tab', async () => {
    const { page: timeline, trouble } = await openSiteTab(rapport.browser, ROUTES);
    await timeline.goto(X_HOME);
    await timeline.waitForSelector('[data-rapport-seen]');
    // Its authors were looked up (over the port) and nobody is known yet.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await badgesOf(timeline, 'Jane Doe')).toEqual([]);

    // Stop the worker, as Chrome does to an idle extension: the timeline's port closes with it.
    const options = await openOptions(rapport);
    await stopWorker(options);
    await options.close();

    // Saving wakes a new worker, which tells the open timeline; the timeline's lookup goes over a new port.
    const { page: profile } = await openSiteTab(rapport.browser, ROUTES);
    await profile.goto(X_JANE);
    await saveFromCard(profile);
    await profile.close();
    await timeline.bringToFront();
    const shown = await waitForBadgesOf(
      timeline,
      'Jane Doe',
      "Jane's badges on the timeline opened before the worker stopped",
    );
    expect(shown[0]).toMatch(/^Rapport: Jane Doe.*, Prospect/);
    // The closed port leaves no error on the page (an unread runtime.lastError would log one).
    expect(trouble).toEqual({ errors: [], dialogs: [] });
    await timeline.close();
  });
});

describe('the worker Chrome starts after each sleep', () => {
  it('is one classic script, which answers as soon as it has started', async () => {
    const manifest = JSON.parse(readFileSync(join(DIST, 'manifest.json'), 'utf8'));
    expect(manifest.background).toEqual({ service_worker: SERVICE_WORKER_FILE });
    // Strict, as the modules it was made of were.
    expect(readFileSync(join(DIST, SERVICE_WORKER_FILE), 'utf8')).toMatch(/^"use strict";/);

    const options = await openOptions(rapport);
    await stopWorker(options);
    const cdp = await options.createCDPSession();
    const scripts = new Set<string>();
    cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
      for (const version of versions) if (version.runningStatus === 'running') scripts.add(version.scriptURL);
    });
    await cdp.send('ServiceWorker.enable');
    // A message wakes it.
    const counts = await options.evaluate(() => chrome.runtime.sendMessage({ type: 'storeCounts' }));
    expect(counts).toMatchObject({ ok: true });
    await eventually(async () => scripts.size > 0 || undefined, 'the running worker to be reported');
    expect([...scripts]).toEqual([`chrome-extension://${rapport.extensionId}/${SERVICE_WORKER_FILE}`]);
    await options.close();
  });
});

describe("a woken worker's first card", () => {
  it("gets the account filter the last worker left, and still shows a stranger's account", async () => {
    const JANE = 'https://www.linkedin.com/in/jane-doe-4a1b2c/';
    const options = await openOptions(rapport);
    const saved = await saveCustomerAccount(options, 'Northwind Analytics');
    expect(saved).toMatchObject({ ok: true });
    const { page: profile } = await openSiteTab(rapport.browser, {
      [JANE]: { fixture: 'linkedin/profile-classic.html', headers: LINKEDIN_HEADERS },
    });
    await profile.goto(JANE);
    await waitForCard(profile, /Northwind Analytics.*Customer/);

    // The worker has read the accounts' names and left their filter where its successor will look.
    const kept = await eventually(
      () => options.evaluate(async () => (await chrome.storage.session.get('accountFilter')).accountFilter),
      'the account filter in session storage',
    );
    expect(typeof kept).toBe('string');

    await stopWorker(options);
    await profile.goto(JANE);
    await waitForCard(profile, /Northwind Analytics.*Customer/);
    await options.close();
    await profile.close();
  });
});
