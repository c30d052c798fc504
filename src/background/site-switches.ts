import { networkOfSite } from '../lib/profile-keys';
import type { Sender } from './router';
import { getSettings } from './settings';

/**
 * Whether a message comes from a content script on a site the person switched off. Such a page gets no answer
 * about anyone: it may have started before the switch, or ask before it has heard the switch's state.
 */
export async function fromSwitchedOffSite(sender: Sender): Promise<boolean> {
  if (!sender.tab) return false;
  const network = networkOfSite(sender.url);
  return network !== null && !(await getSettings()).sites[network];
}
