import type { Network } from '../networks';
import { facebookKey, linkedinKey, type ProfileKeyInfo, profileKeyOf, xKey, xKeyFromHandle } from '../profile-keys';
import type { CandidateIdentity } from './candidate';

/**
 * Profiles named in import files, as identities. Files hold full URLs, bare LinkedIn slugs, "@handles" and Facebook
 * usernames; all become the same canonical keys the content script computes on the page, so an imported person is
 * recognised the first time their profile is opened.
 */

function toIdentity(info: ProfileKeyInfo | null): CandidateIdentity | null {
  // Contacts are people: a company page in a person's LinkedIn column is a mistake in the file, not their profile.
  if (info?.kind !== 'person') return null;
  const identity: CandidateIdentity = { network: info.network, profileKey: info.key, url: info.url };
  if (info.network === 'x' && !info.key.startsWith('x:id/')) identity.handle = info.key.slice('x:'.length);
  return identity;
}

const LOOKS_LIKE_URL = /[/.]/;

/**
 * The form nearly every Connections.csv row has: an https LinkedIn profile URL with a plain lower-case slug. For it
 * linkedinKey's result is known without parsing the URL (nothing to decode, compose, lower-case or escape), and URL
 * parsing is the largest cost of a 100,000-row import. A test holds this to linkedinKey's answer.
 */
const PLAIN_LINKEDIN = /^https?:\/\/(?:www\.)?linkedin\.com\/in\/([a-z0-9][a-z0-9_.-]{0,199})\/?$/;

function plainLinkedIn(value: string): CandidateIdentity | null {
  const slug = PLAIN_LINKEDIN.exec(value)?.[1];
  if (!slug) return null;
  return { network: 'linkedin', profileKey: `linkedin:in/${slug}`, url: `https://www.linkedin.com/in/${slug}/` };
}

/** A value from a column or property known to hold this network's profile: a URL, or a bare handle or slug. */
export function identityFor(network: Network, raw: string): CandidateIdentity | null {
  const value = raw.trim();
  if (!value) return null;
  if (network === 'linkedin') {
    const plain = plainLinkedIn(value);
    if (plain) return plain;
    return toIdentity(linkedinKey(LOOKS_LIKE_URL.test(value) ? value : `https://www.linkedin.com/in/${value}`));
  }
  if (network === 'x') {
    return toIdentity(LOOKS_LIKE_URL.test(value) ? xKey(value) : xKeyFromHandle(value));
  }
  return toIdentity(facebookKey(LOOKS_LIKE_URL.test(value) ? value : `https://www.facebook.com/${value}`));
}

/** A URL of any network (a vCard URL, a "Website" column); null for anything that is not a person's profile. */
export function identityFromUrl(raw: string): CandidateIdentity | null {
  const value = raw.trim();
  if (!value || !LOOKS_LIKE_URL.test(value)) return null;
  return toIdentity(profileKeyOf(value));
}

/** A link that is no social profile, kept as the person's website when it is a plain web address. */
export function websiteFromUrl(raw: string): string | undefined {
  const value = raw.trim();
  return /^https?:\/\/\S+$/i.test(value) && value.length <= 2048 ? value : undefined;
}

/**
 * A link from a URL field (a vCard's URL, a CSV's "Website" column): a profile joins the identities, anything else
 * that is a web address comes back as a website.
 */
export function addProfileOrWebsite(identities: CandidateIdentity[], raw: string): string | undefined {
  const identity = identityFromUrl(raw);
  if (!identity) return websiteFromUrl(raw);
  addIdentity(identities, identity);
  return undefined;
}

/** Adds an identity unless one with the same key is already there. */
export function addIdentity(identities: CandidateIdentity[], identity: CandidateIdentity | null): void {
  if (identity && !identities.some((existing) => existing.profileKey === identity.profileKey)) {
    identities.push(identity);
  }
}
