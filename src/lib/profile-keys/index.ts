import type { Network } from '../networks';
import { facebookKey, isFacebookHost } from './facebook';
import { isLinkedInHost, linkedinKey } from './linkedin';
import type { ProfileKeyInfo } from './types';
import { isXHost, xKey, xKeyFromUserId } from './x';

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

/**
 * The network whose site a page's address is on, by its https host alone (any page, not only profiles): where a
 * content script's message comes from. Null for anything else, malformed addresses included. Strict on purpose: a
 * sender's address is a real URL, unlike the person-typed ones `profileKeyOf` forgives.
 */
export function networkOfSite(address: string | undefined): Network | null {
  let url: URL;
  try {
    url = new URL(address ?? '');
  } catch {
    return null;
  }
  if (url.protocol !== 'https:') return null;
  if (isLinkedInHost(url)) return 'linkedin';
  if (isXHost(url)) return 'x';
  return isFacebookHost(url) ? 'facebook' : null;
}

/**
 * Every key a profile seen on a page may be stored under, most stable first: X's user-id key when the page shows
 * the id (a renamed handle is still found), then the page's own key.
 */
export function lookupKeysOf(profile: { network: Network; profileKey: string; networkUserId?: string }): string[] {
  const byId = profile.network === 'x' && profile.networkUserId ? xKeyFromUserId(profile.networkUserId) : null;
  return byId ? [byId.key, profile.profileKey] : [profile.profileKey];
}
