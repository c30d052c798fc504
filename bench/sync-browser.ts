import type { Page } from 'puppeteer';
import type { BenchBrowser } from './browser';

export interface FirstSync {
  /** From sending `syncConnect` to the status saying the sync finished, as Node saw it (polled every 50 ms). */
  elapsedMs: number;
  counts: Record<string, number>;
  lastError?: string;
}

/**
 * Connects a fresh browser's extension to the server the way the options page does (its `syncConnect` message:
 * the background checks the token with `/v1/whoami`, keeps the configuration and starts its first sync at once),
 * then waits for the status to report the sync done. The real scheduler, engine and HTTP transport run in the
 * extension's service worker; nothing is driven from outside but the message and the status polls.
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
    const start = performance.now();
    const connected = await page.evaluate((config) => chrome.runtime.sendMessage({ type: 'syncConnect', config }), {
      serverUrl,
      token,
    });
    if (!connected?.ok) throw new Error(`syncConnect failed: ${JSON.stringify(connected)}`);
    for (;;) {
      const status = await page.evaluate(async () => (await chrome.runtime.sendMessage({ type: 'syncStatus' })).data);
      if (status?.lastSyncAt || status?.state === 'error' || status?.state === 'offline') {
        const elapsedMs = performance.now() - start;
        const counts = await page.evaluate(
          async () => (await chrome.runtime.sendMessage({ type: 'storeCounts' })).data,
        );
        return { elapsedMs, counts, lastError: status.lastError };
      }
      if (performance.now() - start > timeoutMs) throw new Error(`First sync still running after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await page.close();
  }
}
