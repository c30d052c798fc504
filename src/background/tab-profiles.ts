import { nativeApi as browser } from '../lib/native-api';
import { ProfileRef } from '../lib/profile-ref';

/**
 * The profile each tab's content script last reported, and which tabs run Rapport at all. Kept in session storage
 * because the service worker can be stopped between the page reporting and the popup asking.
 */
const keyOf = (tabId: number) => `tab:${tabId}`;
const pageKeyOf = (tabId: number) => `page:${tabId}`;
/** Tabs this worker instance already recorded: a page load then costs no storage write. */
const recorded = new Set<number>();

/** Records a tab whose content script runs: it hears when data or settings change. */
export async function rememberRapportTab(tabId: number): Promise<void> {
  if (recorded.has(tabId)) return;
  await browser.storage.session.set({ [pageKeyOf(tabId)]: true });
  recorded.add(tabId);
}

export async function setTabProfile(tabId: number, profile: ProfileRef | null): Promise<void> {
  if (profile) await browser.storage.session.set({ [keyOf(tabId)]: profile });
  else await browser.storage.session.remove(keyOf(tabId));
}

export async function getTabProfile(tabId: number): Promise<ProfileRef | null> {
  const stored = (await browser.storage.session.get(keyOf(tabId)))[keyOf(tabId)];
  const parsed = ProfileRef.safeParse(stored);
  return parsed.success ? parsed.data : null;
}

export function forgetClosedTabs(): void {
  browser.tabs.onRemoved.addListener((tabId) => {
    recorded.delete(tabId);
    void browser.storage.session.remove([keyOf(tabId), pageKeyOf(tabId)]);
  });
}

/**
 * Tabs running Rapport: the ones showing a card or badges that may need refreshing. A tab that has since left
 * the sites is still listed; a message to it finds nobody and is dropped.
 */
export async function rapportTabIds(): Promise<number[]> {
  const all = await browser.storage.session.get(null);
  const ids = Object.keys(all)
    .filter((key) => key.startsWith('tab:') || key.startsWith('page:'))
    .map((key) => Number(key.slice(key.indexOf(':') + 1)))
    .filter(Number.isInteger);
  return [...new Set(ids)];
}
