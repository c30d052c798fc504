import type { Browser } from 'webextension-polyfill';

/**
 * The browser's own promise-based extension API: `browser` in Firefox, `chrome` in Chrome (MV3 returns promises).
 * The content script and the worker use this instead of webextension-polyfill: the content script would carry it onto
 * every page of three huge sites, and the worker would load it at every start (Chrome stops an idle worker), for calls
 * that need no polyfilling (the worker's message listener answers through sendResponse). Pages keep the polyfill.
 */
export const nativeApi = ((globalThis as { browser?: unknown }).browser ??
  (globalThis as { chrome?: unknown }).chrome) as Browser;
