/** Long-lived connections between extension pages and the background. */
export const TAB_EVENTS_PORT = 'rapport:tab-events';
/** What the background tells content scripts after data changed, so cards and badges refresh. */
export const DATA_CHANGED = 'rapport:data-changed';
/** What the background tells content scripts after the settings changed (a site switched off, say). */
export const SETTINGS_CHANGED = 'rapport:settings-changed';
/** A content script's requests that come many to a page (a feed's lookups): one port instead of a message each. */
export const ASK_PORT = 'rapport:ask';
