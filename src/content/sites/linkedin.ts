import { linkedinKey } from '../../lib/profile-keys/linkedin';
import { hostMatches } from '../../lib/profile-keys/types';
import type { ProfileRef } from '../../lib/profile-ref';
import { clip, firstText, imageUrl, jsonLd, metaContent } from './dom';
import type { AuthorNode, PageKind, SelectorMiss, SiteAdapter } from './types';

/**
 * LinkedIn: every selector and URL rule Rapport uses on linkedin.com. Variants covered by fixtures:
 * the logged-in top card (`.pv-top-card`, 2024), the newer `data-view-name="profile-top-card"` card with hashed
 * class names (2025),
 * and the public (logged-out) profile with its JSON-LD.
 */
const SEL = {
  topCard: ['section.pv-top-card', '.pv-top-card', '[data-view-name="profile-top-card"]', 'section.top-card-layout'],
  name: [
    'h1.text-heading-xlarge',
    '[data-anonymize="person-name"]',
    'h1.inline.t-24',
    '.pv-text-details__left-panel h1',
    'h1.top-card-layout__title',
    '[data-view-name="profile-top-card-verified-badge"] p',
    'h1',
  ],
  headline: [
    '[data-anonymize="headline"]',
    '.pv-text-details__left-panel .text-body-medium',
    '.text-body-medium.break-words',
    'h2.top-card-layout__headline',
  ],
  location: [
    '[data-anonymize="location"]',
    '.pv-text-details__left-panel span.text-body-small.inline.t-black--light.break-words',
    'span.text-body-small.inline.t-black--light.break-words',
    '.top-card-layout__first-subline .not-first-middot span',
  ],
  company: [
    '[data-field="experience_company_logo"] [aria-hidden="true"]',
    '.pv-text-details__right-panel li:first-child .inline-show-more-text',
    '.pv-text-details__right-panel li:first-child span',
    'a[data-tracking-control-name="public_profile_topcard-current-company"]',
    'a[href*="/company/"]',
  ],
  avatar: [
    'img.pv-top-card-profile-picture__image--show',
    'img.pv-top-card-profile-picture__image',
    '.pv-top-card-profile-picture__container img',
    '[data-view-name="profile-top-card-member-photo"] img',
  ],
  companyName: ['.org-top-card-summary__title', 'h1.org-top-card-summary__title', 'h1.top-card-layout__title', 'h1'],
  companyTagline: ['.org-top-card-summary__tagline', 'h4.top-card-layout__second-subline'],
  companyInfo: ['.org-top-card-summary-info-list__info-item'],
} as const;

/** "(3) Jane Doe | LinkedIn" → "Jane Doe": the title is the markup-free fallback for the name. */
function nameFromTitle(title: string): string | undefined {
  const name = title
    .replace(/^\(\d+\+?\)\s*/, '')
    .replace(/\s*[|–-]\s*LinkedIn\s*$/i, '')
    .trim();
  return name && !/^linkedin$/i.test(name) ? name : undefined;
}

interface LdEntity {
  '@type'?: string | string[];
  name?: string;
  jobTitle?: string | string[];
  image?: string | { contentUrl?: string; url?: string };
  address?: { addressLocality?: string; addressCountry?: string };
  worksFor?: Array<{ name?: string }> | { name?: string };
  url?: string;
  description?: string;
}

function ldOfType(doc: Document, type: string): LdEntity | undefined {
  return jsonLd(doc).find((entry): entry is LdEntity => {
    const t = (entry as LdEntity)?.['@type'];
    return t === type || (Array.isArray(t) && t.includes(type));
  });
}

function within(doc: Document): ParentNode {
  for (const selector of SEL.topCard) {
    const card = doc.querySelector(selector);
    if (card) return card;
  }
  return doc.querySelector('main') ?? doc;
}

function pageKind(url: URL): PageKind {
  const [first] = url.pathname.split('/').filter(Boolean);
  if (first === 'in') return 'profile';
  if (first === 'company' || first === 'showcase' || first === 'school') return 'company';
  if (first === 'feed') return 'feed';
  if (first === 'search') return 'search';
  return 'other';
}

function extractPerson(doc: Document, url: URL, miss: (field: string) => void): ProfileRef | null {
  const key = linkedinKey(url);
  if (!key) return null;
  const card = within(doc);
  const ld = ldOfType(doc, 'Person');
  const pick = (field: string, selectors: readonly string[], fallback?: string, max = 300) => {
    const value = firstText(card, selectors, max);
    if (!value) miss(field);
    return clip(value ?? fallback?.trim(), max) || undefined;
  };
  const works = Array.isArray(ld?.worksFor) ? ld?.worksFor[0] : ld?.worksFor;
  const ldImage = typeof ld?.image === 'string' ? ld.image : (ld?.image?.contentUrl ?? ld?.image?.url);
  const name = pick('name', SEL.name, ld?.name ?? nameFromTitle(doc.title) ?? metaContent(doc, 'og:title'));
  if (!name) return null;
  const avatarEl = SEL.avatar.map((s) => card.querySelector(s)).find(Boolean);
  return {
    network: 'linkedin',
    kind: 'person',
    profileKey: key.key,
    url: key.url,
    name,
    headline: pick('headline', SEL.headline, Array.isArray(ld?.jobTitle) ? ld.jobTitle[0] : ld?.jobTitle, 1000),
    company: pick('company', SEL.company, works?.name),
    location: pick('location', SEL.location, ld?.address?.addressLocality),
    avatarUrl: imageUrl(avatarEl?.getAttribute('src')) ?? imageUrl(ldImage) ?? imageUrl(metaContent(doc, 'og:image')),
  };
}

function extractCompany(doc: Document, url: URL, miss: (field: string) => void): ProfileRef | null {
  const key = linkedinKey(url);
  if (!key) return null;
  const ld = ldOfType(doc, 'Organization');
  const main = doc.querySelector('main') ?? doc;
  const titled = main.querySelector('.org-top-card-summary__title[title]')?.getAttribute('title')?.trim();
  const name = titled || firstText(main, SEL.companyName, 300) || ld?.name || nameFromTitle(doc.title);
  if (!titled) miss('company name');
  if (!name) return null;
  return {
    network: 'linkedin',
    kind: 'company',
    profileKey: key.key,
    url: key.url,
    name: clip(name, 300),
    headline: clip(firstText(main, SEL.companyTagline) ?? ld?.description, 1000),
    location: clip(firstText(main, SEL.companyInfo), 300),
    avatarUrl: imageUrl(metaContent(doc, 'og:image')),
  };
}

export const linkedin: SiteAdapter = {
  network: 'linkedin',
  matches: (url) => hostMatches(url, 'linkedin.com'),
  pageKind: (url) => pageKind(url),
  extractProfile(doc, url, report) {
    const miss = (field: string) => report?.({ network: 'linkedin', field } satisfies SelectorMiss);
    const kind = pageKind(url);
    if (kind === 'profile') return extractPerson(doc, url, miss);
    if (kind === 'company') return extractCompany(doc, url, miss);
    return null;
  },
  authorNodes: (): AuthorNode[] => [],
  anchorFor: (node) => node.element,
};
