import type { Page } from 'puppeteer';
import type { BenchBrowser } from './browser';

export interface FirstSync {
  /** From sending `syncConnect` to the status saying the sync finished, timed in the page. */
  elapsedMs: number;
  counts: Record<string, number>;
  lastError?: string;
}

/**
 * Connects a fresh browser's extension to the server the way the options page does (its `syncConnect` message:
 * the background checks the token with `/v1/whoami`, keeps the configuration and starts its first sync at once),
 * then waits for the status the background writes to storage to say the sync is over. The real scheduler, engine
 * and HTTP transport run in the extension's service worker; nothing is driven from outside but the message, and
 * nothing polls (the page hears the status change).
 */
export async function firstSync(
  bench: BenchBrowser,
  serverUrl: string,
  token: string,
  timeoutMs = 30 * 60_000,
): Promise<FirstSync> {
  const page: Page = await bench.browser.newPage();
  try {
    // The options page, where a person connects: its sync section and progress bar follow the status as they would.
    await page.goto(`chrome-extension://${bench.extensionId}/src/options/index.html`);
    // The sync outlasts one CDP call's time limit: the page keeps the outcome, Node looks every second.
    await page.evaluate(
      async (config, timeout) => {
        const w = window as unknown as { syncOutcome?: { elapsedMs?: number; lastError?: string; failed?: string } };
        let start = 0;
        setTimeout(() => {
          w.syncOutcome ??= { failed: `The first sync was still running after ${timeout} ms` };
        }, timeout);
        chrome.storage.onChanged.addListener((changes) => {
          const status = changes.syncStatus?.newValue as
            | { state?: string; lastSyncAt?: number; lastError?: string }
            | undefined;
          if (status?.lastSyncAt || status?.state === 'error' || status?.state === 'offline') {
            w.syncOutcome ??= { elapsedMs: performance.now() - start, lastError: status.lastError };
          }
        });
        start = performance.now();
        const connected = await chrome.runtime.sendMessage({ type: 'syncConnect', config });
        if (!connected?.ok) w.syncOutcome = { failed: `syncConnect failed: ${JSON.stringify(connected)}` };
      },
      { serverUrl, token },
      timeoutMs,
    );
    let outcome: { elapsedMs?: number; lastError?: string; failed?: string } | undefined;
    while (!outcome) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      outcome = await page.evaluate(() => (window as unknown as { syncOutcome?: typeof outcome }).syncOutcome);
    }
    if (outcome.failed || outcome.elapsedMs === undefined) throw new Error(outcome.failed ?? 'no outcome');
    const counts = await page.evaluate(async () => (await chrome.runtime.sendMessage({ type: 'storeCounts' })).data);
    return { elapsedMs: outcome.elapsedMs, lastError: outcome.lastError, counts };
  } finally {
    await page.close();
  }
}
