import browser from 'webextension-polyfill';
import { SETTINGS_KEY, Settings } from '../lib/settings';

/** Settings live in extension storage; a stored value that no longer parses falls back to the defaults. */
export async function getSettings(): Promise<Settings> {
  const stored = (await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY];
  const result = Settings.safeParse(stored ?? {});
  return result.success ? result.data : Settings.parse({});
}

export async function saveSettings(settings: Settings): Promise<Settings> {
  const valid = Settings.parse(settings);
  await browser.storage.local.set({ [SETTINGS_KEY]: valid });
  return valid;
}
