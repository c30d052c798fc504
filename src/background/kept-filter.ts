import { nativeApi as browser } from '../lib/native-api';
import type { FilterKeeper } from './account-names';

const KEY = 'accountFilter';

/**
 * The account filter in session storage: it outlives a stopped worker but not the browser, and only the extension's
 * own pages and worker can read it.
 */
export const sessionFilterKeeper: FilterKeeper = {
  async get() {
    return (await browser.storage.session.get(KEY))[KEY];
  },
  async set(filter) {
    if (filter === undefined) await browser.storage.session.remove(KEY);
    else await browser.storage.session.set({ [KEY]: filter });
  },
};
