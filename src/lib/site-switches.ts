import type { Network } from './networks';

/** Which networks Rapport annotates. Zod-free: the content script reads this on every page. */
export const DEFAULT_SITES: Record<Network, boolean> = { linkedin: true, x: true, facebook: true };
export const SETTINGS_STORAGE_KEY = 'settings';
