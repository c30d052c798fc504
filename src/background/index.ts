import { nativeApi as browser } from '../lib/native-api';
import { keepFilterIn } from './account-names';
import { acceptAskPorts } from './ask-port';
import { listenForCommands } from './commands';
import { db } from './db';
import { handlers } from './handlers';
import { sessionFilterKeeper } from './kept-filter';
import { startReminders } from './reminders';
import { route, type Sender } from './router';
import { keepSearchIndexCurrent } from './search-service';
import { startSyncScheduler } from './sync/scheduler';
import { acceptPanels, notifyTabsOfChanges } from './tab-events';
import { forgetClosedTabs } from './tab-profiles';
import { acceptTransfers } from './transfer';

/**
 * Rapport's service worker: the only owner of the data. Listeners are registered synchronously, at top level,
 * so a worker woken by a message or an alarm finds them in place.
 */
const policy = { extensionId: browser.runtime.id, extensionOrigin: browser.runtime.getURL('') };

// Answered through sendResponse, the channel held open by returning true, which every browser honours: Chrome of the
// versions Rapport supports ignores a promise returned by the listener, and webextension-polyfill, which bridged
// that, cost each worker start about 6 ms to load.
browser.runtime.onMessage.addListener(((message: unknown, sender: Sender, sendResponse: (answer: unknown) => void) => {
  void route(handlers, message, sender, policy).then(sendResponse);
  return true;
}) as Parameters<typeof browser.runtime.onMessage.addListener>[0]);
acceptAskPorts(browser.runtime, handlers, policy);
forgetClosedTabs();
keepSearchIndexCurrent(db);
startReminders(db);
acceptPanels();
notifyTabsOfChanges();
listenForCommands();
startSyncScheduler(db);
acceptTransfers(db);
keepFilterIn(sessionFilterKeeper);
