import { isLinkedInHost, linkedinKey } from '../../lib/profile-keys/linkedin';
import type { ProfileRef } from '../../lib/profile-ref';
import { clip, displayText, firstText, imageUrl, jsonLd, metaContent, resolveHref, scopeOf, selectAll } from './dom';
import {
  type AuthorNode,
  author,
  isAboutOne,
  type PageKind,
  SEEN_ATTRIBUTE,
  type SelectorMiss,
  type SiteAdapter,
} from './types';

/**
 * LinkedIn: every selector and URL rule Rapport uses on linkedin.com. Variants covered by fixtures:
 * the logged-in top card (`.pv-top-card`, 2024), the newer `data-view-name="profile-top-card"` card with hashed
 * class names (2025), and the public (logged-out) profile with its JSON-LD; company pages logged in
 * (`.org-top-card`) and public (`.top-card-layout` with JSON-LD); the feed in English and French with both actor
 * blocks (`update-components-actor`, older `feed-shared-actor`) and both comment blocks; people search in its
 * classic (`reusable-search__result-container`) and 2025 (`search-entity-result-universal-template`) markup.
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
  companyTagline: [
    '.org-top-card-summary__tagline',
    'h2.top-card-layout__headline',
    'h4.top-card-layout__second-subline',
  ],
  /** Location, followers and employees sit in one group after the industry (logged in), or in the first subline's
   * spans after the industry (public page); followers and employees always carry digits, a city rarely does. */
  companyLocation: [
    '.org-top-card-summary-info-list .inline-block .org-top-card-summary-info-list__info-item',
    '.top-card-layout__first-subline span',
  ],
  companyLogo: [
    'img.org-top-card-primary-content__logo',
    '.org-top-card-primary-content__logo-container img',
    'img.top-card-layout__entity-image',
  ],
} as const;

/** Authors in the feed, comments and search results. */
const FEED = {
  post: '.feed-shared-update-v2, [data-urn^="urn:li:activity:"]',
  actor: '.update-components-actor, .feed-shared-actor',
  actorLink:
    'a.update-components-actor__meta-link, a.update-components-actor__container-link, a.feed-shared-actor__container-link',
  actorName: '.update-components-actor__title, .feed-shared-actor__title',
  actorNameText: '.update-components-actor__name [aria-hidden="true"], .feed-shared-actor__name [aria-hidden="true"]',
  comment: 'article.comments-comment-entity, article.comments-comment-item',
  commentLink: 'a.comments-comment-meta__description-container, a.comments-post-meta__actor-link',
  commentName: '.comments-comment-meta__description-title, .comments-post-meta__name-text',
  commentMeta: '.comments-comment-meta__container, .comments-post-meta',
  resultRow: 'li.reusable-search__result-container, [data-view-name="search-entity-result-universal-template"]',
} as const;

const ORIGIN = 'https://www.linkedin.com/';
const NOT_SEEN = `:not([${SEEN_ATTRIBUTE}])`;
const AUTHOR_CANDIDATES = [
  ...FEED.actorLink.split(', ').map((s) => `${s}${NOT_SEEN}`),
  ...FEED.commentLink.split(', ').map((s) => `${s}${NOT_SEEN}`),
  FEED.resultRow,
].join(', ');
const AUTHOR_SCOPE = `${FEED.post}, ${FEED.comment}, ${FEED.resultRow}`;

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
  logo?: string | { contentUrl?: string };
  slogan?: string;
  address?: { addressLocality?: string; addressRegion?: string; addressCountry?: string };
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
  const parts = url.pathname.split('/').filter(Boolean);
  const [first] = parts[0] === 'mwlite' ? parts.slice(1) : parts;
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

/** "Northwind Analytics: Overview | LinkedIn" → "Northwind Analytics": company titles name the tab too. */
function companyFromTitle(title: string): string | undefined {
  return nameFromTitle(title)?.replace(/:\s[^:]*$/, '') || undefined;
}

function companyLocation(main: ParentNode, ld: LdEntity | undefined): string | undefined {
  for (const selector of SEL.companyLocation) {
    for (const item of main.querySelectorAll(selector)) {
      const text = displayText(item, 300);
      if (text && !/\d/.test(text)) return text;
    }
  }
  const address = ld?.address;
  const parts = [address?.addressLocality, address?.addressRegion].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : undefined;
}

function extractCompany(doc: Document, url: URL, miss: (field: string) => void): ProfileRef | null {
  const key = linkedinKey(url);
  if (!key) return null;
  const ld = ldOfType(doc, 'Organization');
  const main = doc.querySelector('main') ?? doc;
  const titled = main.querySelector('.org-top-card-summary__title[title]')?.getAttribute('title')?.trim();
  const shown = titled || firstText(main, SEL.companyName, 300);
  if (!shown) miss('company name');
  const name = shown || ld?.name || companyFromTitle(doc.title);
  if (!name) return null;
  const logo = SEL.companyLogo.map((s) => main.querySelector(s)).find(Boolean);
  const ldLogo = typeof ld?.logo === 'string' ? ld.logo : ld?.logo?.contentUrl;
  return {
    network: 'linkedin',
    kind: 'company',
    profileKey: key.key,
    url: key.url,
    name: clip(name, 300),
    headline: clip(firstText(main, SEL.companyTagline) ?? ld?.slogan ?? ld?.description, 1000),
    location: clip(companyLocation(main, ld), 300),
    avatarUrl:
      imageUrl(logo?.getAttribute('src')) ??
      imageUrl(logo?.getAttribute('data-delayed-url')) ??
      imageUrl(ldLogo) ??
      imageUrl(metaContent(doc, 'og:image')),
  };
}

/** The member or company a link points at, from its href: the key is the URL's, whatever the link says. */
function keyOfLink(link: Element | null | undefined) {
  const url = resolveHref(link?.getAttribute('href'), ORIGIN);
  return url ? linkedinKey(url) : null;
}

function authorRef(link: Element, name: string | undefined, avatar: Element | null | undefined): ProfileRef | null {
  const key = keyOfLink(link);
  if (!key) return null;
  return {
    network: 'linkedin',
    kind: key.kind,
    profileKey: key.key,
    url: key.url,
    name: clip(name, 300),
    avatarUrl: imageUrl(avatar?.getAttribute('src')),
  };
}

/** The post's author: the actor block, not the "… reposted this" header above it. */
function actorAuthor(link: Element): ProfileRef | null {
  const block = link.closest(FEED.actor) ?? link;
  const name =
    displayText(block.querySelector(FEED.actorNameText), 300) ?? displayText(block.querySelector(FEED.actorName), 300);
  return authorRef(link, name, block.querySelector('img'));
}

function commentAuthor(link: Element): ProfileRef | null {
  const nameEl = link.querySelector(FEED.commentName);
  const name = displayText(nameEl?.querySelector('[aria-hidden="true"]') ?? nameEl, 300);
  // The photo in this comment's own meta block: a nested reply's photo must not stand in for a missing one.
  const meta = link.closest(FEED.commentMeta) ?? link;
  return authorRef(link, name, meta.querySelector('img'));
}

/** The entity a search result is about: its first visible link to a member or company. */
function resultLink(row: Element): Element | undefined {
  for (const link of row.querySelectorAll('a[href]:not([aria-hidden="true"])')) {
    if (keyOfLink(link)) return link;
  }
  return undefined;
}

function authorNodes(root: ParentNode): AuthorNode[] {
  const nodes: AuthorNode[] = [];
  const actors = new Set<Element>();
  const links = new Set<Element>();
  for (const candidate of selectAll(scopeOf(root, AUTHOR_SCOPE), AUTHOR_CANDIDATES)) {
    if (candidate.matches(FEED.resultRow)) {
      // Some variants nest the 2025 row inside the classic one: one link, one node.
      const link = resultLink(candidate);
      if (!link || link.hasAttribute(SEEN_ATTRIBUTE) || links.has(link)) continue;
      links.add(link);
      const name = displayText(link.querySelector('[aria-hidden="true"]') ?? link, 300);
      const profile = authorRef(link, name, candidate.querySelector('img'));
      if (profile) nodes.push(author(link, profile));
      continue;
    }
    if (candidate.matches(FEED.commentLink)) {
      const profile = commentAuthor(candidate);
      if (profile) nodes.push(author(candidate, profile));
      continue;
    }
    // One author per actor block, whichever of its links a variant renders.
    const block = candidate.closest(FEED.actor);
    if (block && actors.has(block)) continue;
    if (block) actors.add(block);
    const profile = actorAuthor(candidate);
    if (profile) nodes.push(author(candidate, profile));
  }
  return nodes;
}

function anchorFor(node: AuthorNode): Element {
  const { element } = node;
  return element.querySelector(FEED.actorName) ?? element.querySelector(FEED.commentName) ?? element;
}

export const linkedin: SiteAdapter = {
  network: 'linkedin',
  matches: (url) => isLinkedInHost(url),
  pageKind: (url) => pageKind(url),
  profileKeyFromUrl: (url) => (isAboutOne(pageKind(url)) ? (linkedinKey(url)?.key ?? null) : null),
  extractProfile(doc, url, report) {
    const miss = (field: string) => report?.({ network: 'linkedin', field } satisfies SelectorMiss);
    const kind = pageKind(url);
    if (kind === 'profile') return extractPerson(doc, url, miss);
    if (kind === 'company') return extractCompany(doc, url, miss);
    return null;
  },
  authorNodes,
  anchorFor,
};
