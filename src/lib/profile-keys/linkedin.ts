import { decodeSegment, hostMatches, type ProfileKeyInfo, parseUrl } from './types';

const COMPANY_SECTIONS = new Set(['company', 'showcase', 'school']);

function canonicalSlug(raw: string): string | null {
  // LinkedIn slugs are case-insensitive and may arrive percent-encoded (twice, from some share links).
  const slug = decodeSegment(decodeSegment(raw)).normalize('NFC').toLowerCase().trim();
  // Letters of any script, digits, hyphens, underscores, dots: anything else (a stray %, a slash) is not a slug.
  if (!/^[\p{L}\p{M}\p{N}_.-]{1,200}$/u.test(slug)) return null;
  return slug;
}

/** LinkedIn's hosts: www., country (`de.`) and mobile (`m.`) ones. */
export function isLinkedInHost(url: URL): boolean {
  return hostMatches(url, 'linkedin.com');
}

/**
 * LinkedIn profile key from any URL form: `www.`/no `www.`/country and `m.` hosts, `/mwlite/` mobile paths,
 * locale suffixes (`/in/slug/de`, `?locale=de_DE`), trailing slashes, query strings and fragments.
 */
export function linkedinKey(input: string | URL): ProfileKeyInfo | null {
  const url = parseUrl(input);
  if (!url || !isLinkedInHost(url)) return null;
  // Split the raw path so an encoded slash inside a slug cannot fake a second segment.
  let parts = url.pathname.split('/').filter(Boolean);
  if (parts[0] === 'mwlite') parts = parts.slice(1);
  const [section, rawSlug] = parts;
  if (!section || !rawSlug) return null;
  const slug = canonicalSlug(rawSlug);
  if (!slug) return null;
  if (section === 'in') {
    return {
      network: 'linkedin',
      kind: 'person',
      key: `linkedin:in/${slug}`,
      url: `https://www.linkedin.com/in/${encodeURIComponent(slug)}/`,
    };
  }
  if (COMPANY_SECTIONS.has(section)) {
    return {
      network: 'linkedin',
      kind: 'company',
      key: `linkedin:${section}/${slug}`,
      url: `https://www.linkedin.com/${section}/${encodeURIComponent(slug)}/`,
    };
  }
  return null;
}
