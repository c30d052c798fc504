import browser from 'webextension-polyfill';
import { ProfileRef } from '../lib/profile-ref';

/**
 * The profile each tab's content script last reported. Kept in session storage because the service worker
 * can be stopped between the page reporting and the popup asking.
 */
const keyOf = (tabId: number) => `tab:${tabId}`;

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
  browser.tabs.onRemoved.addListener((tabId) => void browser.storage.session.remove(keyOf(tabId)));
}

/** Tabs whose content script reported a profile: the ones showing a card that may need refreshing. */
export async function profileTabIds(): Promise<number[]> {
  const all = await browser.storage.session.get(null);
  return Object.keys(all)
    .filter((key) => key.startsWith('tab:'))
    .map((key) => Number(key.slice(4)))
    .filter(Number.isInteger);
}
