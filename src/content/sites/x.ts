import type { ProfileKeyInfo } from '../../lib/profile-keys/types';
import { isXHost, xKey, xKeyFromHandle } from '../../lib/profile-keys/x';
import type { ProfileRef } from '../../lib/profile-ref';
import { clip, displayText, imageUrl, jsonLd, resolveHref, scopeOf, selectAll } from './dom';
import {
  type AuthorNode,
  lazyAuthor,
  type PageKind,
  SEEN_ATTRIBUTE,
  type SelectorMiss,
  type SiteAdapter,
} from './types';

/**
 * X (Twitter): every selector and URL rule Rapport uses on x.com and twitter.com. X's class names (`css-175oi2r`,
 * `r-…`) are generated; its `data-testid` attributes are what its own tests use and have been stable for years, so
 * they come first, then the URL, then the page title and the JSON-LD that logged-out profile pages carry.
 * Variants covered by fixtures: logged-in profiles on x.com (English and Japanese UI), a logged-out twitter.com
 * profile with JSON-LD, a bare profile, the home timeline, search (top and people), a post with its replies.
 */
const SEL = {
  primaryColumn: '[data-testid="primaryColumn"]',
  profileName: '[data-testid="UserName"]',
  bio: '[data-testid="UserDescription"]',
  location: '[data-testid="UserLocation"]',
  link: '[data-testid="UserUrl"]',
  headerItems: '[data-testid="UserProfileHeader_Items"]',
  avatar: '[data-testid^="UserAvatar-Container-"]',
  tweet: 'article[data-testid="tweet"]',
  tweetAuthor: '[data-testid="User-Name"]',
  userCell: '[data-testid="UserCell"]',
} as const;

const AVATAR_PREFIX = 'UserAvatar-Container-';
const ORIGIN = 'https://x.com/';
/** Plain attribute selectors: seen authors are skipped by one attribute read each, cheaper than `:not()` in the query. */
const AUTHORS = `${SEL.tweetAuthor}, ${SEL.userCell}`;
const AUTHOR_SCOPE = `${SEL.tweet}, ${SEL.userCell}`;

/** Second path segments that are tabs of a profile (the header is on screen). */
const PROFILE_TABS = new Set([
  'with_replies',
  'media',
  'likes',
  'highlights',
  'articles',
  'superfollows',
  'photo',
  'header_photo',
  'affiliates',
]);
/** Second path segments that show a list of posts or people rather than the profile. */
const LIST_PAGES = new Set([
  'status',
  'followers',
  'following',
  'verified_followers',
  'followers_you_follow',
  'creator-subscriptions',
]);
/** `/i/<section>` pages that are timelines. */
const I_TIMELINES = new Set(['lists', 'bookmarks', 'communities', 'timeline', 'topics']);

function pageKind(url: URL): PageKind {
  const parts = url.pathname.split('/').filter(Boolean);
  const first = parts[0]?.toLowerCase();
  const second = parts[1]?.toLowerCase();
  if (!first || first === 'home' || first === 'notifications') return 'feed';
  if (first === 'search') return 'search';
  if (first === 'i') {
    if (second === 'user' && xKey(url)) return 'profile';
    return second && I_TIMELINES.has(second) ? 'feed' : 'other';
  }
  if (!xKey(url)) return 'other';
  if (!second || PROFILE_TABS.has(second)) return 'profile';
  return LIST_PAGES.has(second) ? 'feed' : 'other';
}

const HANDLE_TEXT = /^@([A-Za-z0-9_]{1,15})$/;
/** A link of one path segment (`/JaneDoe`): whether it is a handle is `xKeyFromHandle`'s call. */
const RELATIVE_PROFILE = /^\/([^/?#]+)\/?$/;
const TITLE = /^(?:\(\d+\+?\)\s*)?(.+?)\s*\(@([A-Za-z0-9_]{1,15})\)/;

/** The `@handle` a block shows, without the `@`. */
function shownHandle(block: Element): string | undefined {
  for (const span of block.querySelectorAll('span')) {
    const match = HANDLE_TEXT.exec(span.textContent?.trim() ?? '');
    if (match) return match[1];
  }
  return undefined;
}

/** The display name in a name block: the first directional text that is not the `@handle` or a separator. */
function nameIn(block: Element): string | undefined {
  const first = displayText(block.querySelector('[dir]'), 300);
  if (first && !first.startsWith('@')) return first;
  for (const candidate of block.querySelectorAll('[dir]')) {
    const text = displayText(candidate, 300);
    if (text && !text.startsWith('@') && text !== '·') return text;
  }
  return undefined;
}

/** A profile photo, unless it is X's default silhouette (which says nothing about the person). */
function avatarSrc(img: Element | null | undefined): string | undefined {
  const src = imageUrl(img?.getAttribute('src'));
  return src && /\/profile_images\//.test(src) ? src : undefined;
}

/** The avatar X labels with this handle, first match in document order; the handle's case may differ. */
function avatarOf(scope: ParentNode, handle: string): string | undefined {
  // Handles are [A-Za-z0-9_], safe inside a selector; the exact spelling is the common, cheap case.
  const exact = scope.querySelector(`[data-testid="${AVATAR_PREFIX}${handle}"]`);
  if (exact) return avatarSrc(exact.querySelector('img'));
  const wanted = handle.toLowerCase();
  for (const container of scope.querySelectorAll(SEL.avatar)) {
    const suffix = container.getAttribute('data-testid')?.slice(AVATAR_PREFIX.length).toLowerCase();
    if (suffix === wanted) return avatarSrc(container.querySelector('img'));
  }
  return undefined;
}

/** A handle as the page spells it, with its profile key: validated once, where it is found. */
interface KeyedHandle {
  handle: string;
  key: ProfileKeyInfo;
}

function keyed(handle: string | undefined): KeyedHandle | undefined {
  const key = handle ? xKeyFromHandle(handle) : null;
  return handle && key ? { handle, key } : undefined;
}

/** The handle a link to a profile points at (`/JaneDoe`, not `/JaneDoe/status/…`). */
function linkedHandle(scope: ParentNode): KeyedHandle | undefined {
  for (const link of scope.querySelectorAll('a[href]')) {
    const href = link.getAttribute('href');
    // X links its authors as `/handle`: read without parsing a URL, the one call a timeline makes most.
    const relative = keyed(href ? RELATIVE_PROFILE.exec(href)?.[1] : undefined);
    if (relative) return relative;
    const url = resolveHref(href, ORIGIN);
    if (!url || !isXHost(url)) continue;
    const parts = url.pathname.split('/').filter(Boolean);
    const linked = parts.length === 1 ? keyed(parts[0]) : undefined;
    if (linked) return linked;
  }
  return undefined;
}

function avatarHandle(block: Element): KeyedHandle | undefined {
  return keyed(block.querySelector(SEL.avatar)?.getAttribute('data-testid')?.slice(AVATAR_PREFIX.length));
}

function authorRef(
  handle: string,
  key: ProfileKeyInfo,
  name: string | undefined,
  avatarUrl: string | undefined,
): ProfileRef {
  return {
    network: 'x',
    kind: 'person',
    profileKey: key.key,
    url: key.url,
    name: clip(name, 300),
    handle,
    avatarUrl,
  };
}

/**
 * The author of a post or a quoted post (linked in timelines, plain text with a labelled avatar in quotes), or the
 * person a people-list cell is about. The handle is read now; the name and photo when the badge shows or saves.
 */
function authorIn(block: Element, avatarScope: () => Element): AuthorNode | null {
  const found = linkedHandle(block) ?? avatarHandle(block) ?? keyed(shownHandle(block));
  if (!found) return null;
  const { handle, key } = found;
  return lazyAuthor(
    block,
    key.key,
    () => nameIn(block),
    (name) => authorRef(handle, key, name, avatarOf(avatarScope(), handle)),
  );
}

// A post's avatar sits beside its name block, not in it: looked for in the whole post (a quoted post's by its handle).
const tweetAuthor = (block: Element) => authorIn(block, () => block.closest(SEL.tweet) ?? block);
const cellPerson = (cell: Element) => authorIn(cell, () => cell);

interface LdPerson {
  additionalName?: string;
  givenName?: string;
  name?: string;
  description?: string;
  homeLocation?: { name?: string };
  image?: { contentUrl?: string } | string;
}

/** The person of the ProfilePage JSON-LD that logged-out profile pages embed, if it is this handle's. */
function ldPerson(doc: Document, handle: string | undefined): LdPerson | undefined {
  for (const block of jsonLd(doc)) {
    const page = block as { '@type'?: string; mainEntity?: LdPerson; author?: LdPerson };
    if (page?.['@type'] !== 'ProfilePage') continue;
    const person = page.mainEntity ?? page.author;
    if (person && (!handle || person.additionalName?.toLowerCase() === handle.toLowerCase())) return person;
  }
  return undefined;
}

/** "Jane Doe (@JaneDoe) / X": a title that names this handle, in any UI language. */
function titled(doc: Document, handle: string | undefined): string | undefined {
  const match = TITLE.exec(doc.title);
  if (!match?.[1] || (handle && match[2]?.toLowerCase() !== handle.toLowerCase())) return undefined;
  return match[1];
}

/**
 * The profile's numeric user id, from its Follow/Following button (`data-testid="<id>-follow"`): the first such
 * button of the primary column outside people lists is the header's. The id survives handle renames.
 */
function headerUserId(column: ParentNode): string | undefined {
  for (const button of column.querySelectorAll('[data-testid$="-follow"], [data-testid$="-unfollow"]')) {
    if (button.closest(SEL.userCell)) continue;
    const match = /^(\d{1,25})-(?:un)?follow$/.exec(button.getAttribute('data-testid') ?? '');
    if (match) return match[1];
  }
  return undefined;
}

function extractProfile(doc: Document, url: URL, miss: (field: string) => void): ProfileRef | null {
  const key = xKey(url);
  if (!key) return null;
  const urlHandle = key.key.startsWith('x:id/') ? undefined : url.pathname.split('/').filter(Boolean)[0];
  const column = doc.querySelector(SEL.primaryColumn) ?? doc;
  const header = column.querySelector(SEL.profileName);
  if (!header) miss('name');
  const headerHandle = header ? shownHandle(header) : undefined;
  // After an in-page navigation the previous profile's header can still be on screen: only trust it if it shows
  // the handle of the URL (or shows none we can compare).
  const fresh = header && (!headerHandle || !urlHandle || headerHandle.toLowerCase() === urlHandle.toLowerCase());
  if (fresh && !column.querySelector(SEL.headerItems)) miss('profile header items');
  const handle = (fresh ? headerHandle : undefined) ?? urlHandle;
  const ld = ldPerson(doc, handle);
  const name = (fresh ? nameIn(header) : undefined) ?? titled(doc, handle) ?? ld?.givenName ?? ld?.name;
  if (!name) return null;
  const ldImage = typeof ld?.image === 'string' ? ld.image : ld?.image?.contentUrl;
  const markupAvatar = fresh && handle ? avatarOf(column, handle) : undefined;
  return {
    network: 'x',
    kind: 'person',
    profileKey: key.key,
    url: key.url,
    name: clip(name, 300),
    headline: (fresh ? displayText(column.querySelector(SEL.bio), 1000) : undefined) ?? clip(ld?.description, 1000),
    location:
      (fresh ? displayText(column.querySelector(SEL.location), 300) : undefined) ?? clip(ld?.homeLocation?.name, 300),
    avatarUrl: markupAvatar ?? (ldImage && /\/profile_images\//.test(ldImage) ? imageUrl(ldImage) : undefined),
    handle: clip(handle, 200),
    networkUserId: fresh ? headerUserId(column) : undefined,
    website: fresh ? xProfileLink(doc) : undefined,
  };
}

/**
 * The website a profile links to, as its header shows it (X wraps the href in a t.co redirect; the text is the real
 * address).
 */
export function xProfileLink(doc: Document): string | undefined {
  const text = displayText(doc.querySelector(`${SEL.primaryColumn} ${SEL.link}`), 2048);
  if (!text) return undefined;
  const candidate = /^https?:\/\//i.test(text) ? text : `https://${text}`;
  return resolveHref(candidate, ORIGIN)?.href;
}

export const x: SiteAdapter = {
  network: 'x',
  matches: (url) => isXHost(url),
  pageKind: (url) => pageKind(url),
  extractProfile(doc, url, report) {
    if (pageKind(url) !== 'profile') return null;
    return extractProfile(doc, url, (field) => report?.({ network: 'x', field } satisfies SelectorMiss));
  },
  authorNodes(root) {
    const nodes: AuthorNode[] = [];
    for (const element of selectAll(scopeOf(root, AUTHOR_SCOPE), AUTHORS)) {
      if (element.hasAttribute(SEEN_ATTRIBUTE)) continue;
      const node = element.matches(SEL.userCell) ? cellPerson(element) : tweetAuthor(element);
      if (node) nodes.push(node);
    }
    return nodes;
  },
  anchorFor(node) {
    const { element } = node;
    if (element.matches(SEL.userCell)) {
      return element.querySelector('a[href]:not([aria-hidden="true"]):not([tabindex="-1"])') ?? element;
    }
    // Timeline posts link the name; quoted posts show it as text.
    return element.querySelector('a[href]') ?? element.querySelector('[dir]') ?? element;
  },
};
