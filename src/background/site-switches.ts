import type { Network } from '../lib/networks';
import { isFacebookHost } from '../lib/profile-keys/facebook';
import { hostMatches } from '../lib/profile-keys/types';
import { isXHost } from '../lib/profile-keys/x';
import type { Sender } from './router';
import { getSettings } from './settings';

/** The network whose page a content script runs on, from the address its message came from. */
function networkOfPage(address: string | undefined): Network | null {
  let url: URL;
  try {
    url = new URL(address ?? '');
  } catch {
    return null;
  }
  if (hostMatches(url, 'linkedin.com')) return 'linkedin';
  if (isXHost(url)) return 'x';
  return isFacebookHost(url) ? 'facebook' : null;
}

/**
 * Whether a message comes from a content script on a site the person switched off. Such a page gets no answer
 * about anyone: it may have started before the switch, or ask before it has heard the switch's state.
 */
export async function fromSwitchedOffSite(sender: Sender): Promise<boolean> {
  if (!sender.tab) return false;
  const network = networkOfPage(sender.url);
  return network !== null && !(await getSettings()).sites[network];
}
