import type { Contact, SocialIdentity } from '../records';
import type { Candidate } from './candidate';

/**
 * The keys that say "this is the same person", strongest first: profile keys (`linkedin:in/jane-doe`), then
 * lower-cased emails (`email:jane@acme.com`), then the folded name with the folded company
 * (`name:jane doe|acme`). The store indexes existing contacts by `contactMatchKeys` and looks a candidate's
 * `matchKeys` up in order, so importing the same file twice finds every person the second time.
 *
 * The name key is the weakest: two different Jane Does at one company share it. Use it only when no stronger key
 * is known on both sides, and never to merge a candidate whose profile on a network differs from the contact's.
 */

/** Lower case, accents and punctuation gone, spaces collapsed: "José  O'Brien" and "Jose OBrien" meet. */
export function foldName(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

// Legal forms say nothing about which company it is: "Acme, Inc." and "Acme" are one company.
const foldedCompanies = new Map<string, string>();
const LEGAL_FORMS = new Set([
  ...'inc incorporated corp corporation co company ltd limited llc llp plc gmbh ag kg se'.split(' '),
  ...'sa sas sarl srl spa bv nv oy ab as aps pty kk'.split(' '),
]);

export function foldCompany(value: string): string {
  // A book of contacts names a few thousand companies many times over: each is folded once.
  let folded = foldedCompanies.get(value);
  if (folded === undefined) {
    const words = foldName(value).split(' ').filter(Boolean);
    while (words.length > 1 && LEGAL_FORMS.has(words.at(-1) ?? '')) words.pop();
    folded = words.join(' ');
    if (foldedCompanies.size >= 20_000) foldedCompanies.clear();
    foldedCompanies.set(value, folded);
  }
  return folded;
}

export function emailKey(email: string): string {
  return `email:${email.trim().toLowerCase()}`;
}

/** Null for names too short to mean anything (an initial). */
export function nameKey(name: string, company: string | undefined): string | null {
  const folded = foldName(name);
  if (folded.replace(/\s/g, '').length < 2) return null;
  return `name:${folded}|${company ? foldCompany(company) : ''}`;
}

function keys(profileKeys: readonly string[], emails: readonly string[], name: string, company?: string): string[] {
  const all = [...profileKeys, ...emails.map(emailKey)];
  const byName = nameKey(name, company);
  if (byName) all.push(byName);
  return [...new Set(all)];
}

/** A candidate's keys, strongest first. */
export function matchKeys(candidate: Candidate): string[] {
  return keys(
    candidate.identities.map((identity) => identity.profileKey),
    candidate.emails,
    candidate.name,
    candidate.company ?? candidate.accountName,
  );
}

/** The same keys for a stored contact and its identities, for the store's lookup table. */
export function contactMatchKeys(
  contact: Contact,
  identities: readonly Pick<SocialIdentity, 'profileKey'>[],
): string[] {
  return keys(
    identities.map((identity) => identity.profileKey),
    contact.emails,
    contact.name,
    contact.company,
  );
}

/** Whether a key is a profile key or an email, i.e. strong enough to merge on by itself. */
export function isStrongKey(key: string): boolean {
  return !key.startsWith('name:');
}

/**
 * Whether a candidate found under `key` may be merged into that contact. Profile keys and emails always may. The
 * name key may not when both have a profile on the same network and the profiles differ: then they are two people
 * who share a name and a company (two Jane Does at Acme), and the candidate becomes a contact of its own.
 */
export function mayMergeOn(
  key: string,
  candidate: Candidate,
  contactIdentities: readonly Pick<SocialIdentity, 'network' | 'profileKey'>[],
): boolean {
  if (isStrongKey(key)) return true;
  return !candidate.identities.some((identity) =>
    contactIdentities.some((known) => known.network === identity.network && known.profileKey !== identity.profileKey),
  );
}
