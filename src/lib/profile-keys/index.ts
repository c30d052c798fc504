import type { Network } from '../networks';
import { facebookKey } from './facebook';
import { linkedinKey } from './linkedin';
import type { ProfileKeyInfo } from './types';
import { xKey } from './x';

export type { ProfileKeyInfo, ProfileKind } from './types';
export { xKeyFromHandle, xKeyFromUserId } from './x';
export { facebookKey, linkedinKey, xKey };

const BY_NETWORK: Record<Network, (url: string | URL) => ProfileKeyInfo | null> = {
  linkedin: linkedinKey,
  x: xKey,
  facebook: facebookKey,
};

export function profileKeyFor(network: Network, url: string | URL): ProfileKeyInfo | null {
  return BY_NETWORK[network](url);
}

/** Whichever network the URL belongs to; used by imports and the popup, where the network is not known up front. */
export function profileKeyOf(url: string | URL): ProfileKeyInfo | null {
  return linkedinKey(url) ?? xKey(url) ?? facebookKey(url);
}
