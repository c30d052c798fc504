import type { Runtime } from 'webextension-polyfill';
import { nativeApi as browser } from '../lib/native-api';
import { DATA_CHANGED, SETTINGS_CHANGED, TAB_EVENTS_PORT } from '../lib/ports';
import { followSettingsChanges } from './settings';
import { rapportTabIds } from './tab-profiles';
import { onCommitted } from './write';

/**
 * Tells whoever shows data that it changed: side panels (over a port) when a tab's profile changes, and content
 * scripts (by tab message) when records change, so a lead saved in the popup turns the page's card "known".
 */
const panels = new Set<Runtime.Port>();

export function acceptPanels(): void {
  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== TAB_EVENTS_PORT || port.sender?.id !== browser.runtime.id) return;
    panels.add(port);
    port.onDisconnect.addListener(() => panels.delete(port));
  });
}

export function tabProfileChanged(tabId: number): void {
  for (const port of panels) port.postMessage({ tabId });
}

function tellTabs(type: string): void {
  void rapportTabIds().then((tabIds) => {
    for (const tabId of tabIds) browser.tabs.sendMessage(tabId, { type }).catch(() => {});
  });
}

export function notifyTabsOfChanges(): void {
  onCommitted(() => {
    tellTabs(DATA_CHANGED);
    for (const port of panels) port.postMessage({ changed: true });
  });
  followSettingsChanges(() => tellTabs(SETTINGS_CHANGED));
}
