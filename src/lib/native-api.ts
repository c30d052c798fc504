import type { Browser } from 'webextension-polyfill';

/**
 * The browser's own promise-based extension API: `browser` in Firefox, `chrome` in Chrome (MV3 returns promises).
 * The content script uses this instead of webextension-polyfill, which it would otherwise carry onto every page
 * of three huge sites for calls that need no polyfilling. Pages and the worker keep the polyfill (the worker's
 * message listener answers by returning a promise, which only the polyfill makes work in Chrome).
 */
export const nativeApi = ((globalThis as { browser?: unknown }).browser ??
  (globalThis as { chrome?: unknown }).chrome) as Browser;
