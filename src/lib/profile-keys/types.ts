import type { Network } from '../networks';

export type ProfileKind = 'person' | 'company';

/**
 * The one identity a URL points at. `key` is stable across every URL form of the same profile
 * (host variants, locale suffixes, query strings, case, percent-encoding) and is what the store indexes.
 */
export interface ProfileKeyInfo {
  network: Network;
  kind: ProfileKind;
  /** `<network>:<path-like id>`, e.g. `linkedin:in/jane-doe`, `x:janedoe`, `facebook:id/1000123`. */
  key: string;
  /** A clean URL to open the profile. */
  url: string;
}

export function parseUrl(input: string | URL): URL | null {
  if (input instanceof URL) return input;
  try {
    const trimmed = input.trim();
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`);
  } catch {
    return null;
  }
}

/** Decodes percent-escapes once; malformed escapes are kept as written instead of throwing. */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function pathSegments(url: URL): string[] {
  return url.pathname.split('/').filter(Boolean).map(decodeSegment);
}

export function hostMatches(url: URL, domain: string): boolean {
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  return host === domain || host.endsWith(`.${domain}`);
}
