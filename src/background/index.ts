import browser from 'webextension-polyfill';
import { handlers } from './handlers';
import { route, type Sender } from './router';
import { forgetClosedTabs } from './tab-profiles';

/** Rapport's service worker: the only owner of the data. Listeners are registered synchronously, at top level,
 * so a worker woken by a message finds them in place. */
const policy = { extensionId: browser.runtime.id, extensionOrigin: browser.runtime.getURL('') };

browser.runtime.onMessage.addListener((message: unknown, sender: Sender) => route(handlers, message, sender, policy));
forgetClosedTabs();
