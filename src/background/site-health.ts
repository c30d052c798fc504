import { SiteHealth } from '../lib/messages';
import { nativeApi as browser } from '../lib/native-api';
import type { Network } from '../lib/networks';

/**
 * Which selectors stopped matching today, per site: content scripts report misses, the options page shows
 * "X: profile name selector failed 3 times today". A new day starts a new count.
 */
const KEY = 'siteHealth';
const today = (now = Date.now()) => new Date(now).toISOString().slice(0, 10);

export async function siteHealth(): Promise<SiteHealth> {
  const parsed = SiteHealth.safeParse((await browser.storage.local.get(KEY))[KEY]);
  return parsed.success && parsed.data.day === today() ? parsed.data : { day: today(), misses: {} };
}

export async function recordMisses(network: Network, fields: readonly string[]): Promise<void> {
  const health = await siteHealth();
  const site = health.misses[network] ?? {};
  for (const field of fields) site[field] = (site[field] ?? 0) + 1;
  health.misses[network] = site;
  await browser.storage.local.set({ [KEY]: health });
}
