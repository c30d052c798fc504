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
    const outcome = await page.evaluate(
      async (config, timeout) => {
        const ended = new Promise<{ at: number; lastError?: string }>((resolve, reject) => {
          setTimeout(() => reject(new Error(`The first sync was still running after ${timeout} ms`)), timeout);
          chrome.storage.onChanged.addListener((changes) => {
            const status = changes.syncStatus?.newValue as
              | { state?: string; lastSyncAt?: number; lastError?: string }
              | undefined;
            if (status?.lastSyncAt || status?.state === 'error' || status?.state === 'offline') {
              resolve({ at: performance.now(), lastError: status.lastError });
            }
          });
        });
        const start = performance.now();
        const connected = await chrome.runtime.sendMessage({ type: 'syncConnect', config });
        if (!connected?.ok) throw new Error(`syncConnect failed: ${JSON.stringify(connected)}`);
        const end = await ended;
        return { elapsedMs: end.at - start, lastError: end.lastError };
      },
      { serverUrl, token },
      timeoutMs,
    );
    const counts = await page.evaluate(async () => (await chrome.runtime.sendMessage({ type: 'storeCounts' })).data);
    return { ...outcome, counts };
  } finally {
    await page.close();
  }
}
