import { nativeApi as browser } from '../lib/native-api';
import { SETTINGS_KEY, Settings } from '../lib/settings';

/**
 * Settings live in extension storage; a stored value that no longer parses falls back to the defaults. The worker
 * keeps them in memory (every page load asks whether its site is on) and forgets them when storage changes.
 */
let cached: Promise<Settings> | undefined;

async function read(): Promise<Settings> {
  const stored = (await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY];
  const result = Settings.safeParse(stored ?? {});
  return result.success ? result.data : Settings.parse({});
}

export function getSettings(): Promise<Settings> {
  cached ??= read().catch((error) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

export async function saveSettings(settings: Settings): Promise<Settings> {
  const valid = Settings.parse(settings);
  await browser.storage.local.set({ [SETTINGS_KEY]: valid });
  cached = Promise.resolve(valid);
  return valid;
}

/** Storage can change under the worker (another of its instances, a restore): drop the copy then. */
export function followSettingsChanges(onChange: () => void): void {
  browser.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local' || !(SETTINGS_KEY in changes)) return;
    cached = undefined;
    onChange();
  });
}
