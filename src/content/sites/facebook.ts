import { facebookKey, isFacebookHost } from '../../lib/profile-keys/facebook';
import type { ProfileKeyInfo } from '../../lib/profile-keys/types';
import type { ProfileRef } from '../../lib/profile-ref';
import { asElement, clip, displayText, imageUrl, metaContent, resolveHref, scopeOf, selectAll } from './dom';
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
 * Facebook: every selector and URL rule Rapport uses on facebook.com (www., web., m. hosts). Facebook's class
 * names (`x9f619 x1n2onr6 …`) are generated and change constantly, so nothing here uses them: only roles, aria
 * relations, heading structure, a few long-lived data attributes, and the URLs links point at. Variants covered by
 * fixtures: people at `/<username>` and `/profile.php?id=N`, business Pages at both, the news feed with
 * `role="article"` posts and h3 headers and the newer `aria-posinset` posts with `data-ad-rendering-role`
 * headers, people search results (each person a result row shows), English, French and Spanish UIs, and the
 * server-driven m.facebook.com profile.
 *
 * Page or person: a Page has sections a person never has — reviews, mentions, the "Page transparency" panel — and
 * their tab and link addresses say so in every UI language (`/<page>/reviews`, `profile.php?id=N&sk=reviews`,
 * `/<page>/about_profile_transparency`). Apps metadata (`fb://page/…`) is the fallback; without a signal the
 * profile is a person's.
 */
const SEL = {
  main: '[role="main"]',
  name: 'h1',
  tabs: '[role="tablist"] a[role="tab"][href]',
  transparency: 'a[href*="about_profile_transparency"]',
  avatar: 'svg[role="img"] image',
  /** A post (`role=article` in older markup, `aria-posinset` in feeds, aria-labelled in profile timelines) or a
   * comment (always `role=article`). */
  post: '[role="article"], [aria-posinset], [aria-labelledby][aria-describedby]',
  comment: '[role="article"]',
  heading: 'h2, h3, h4, h5, [data-ad-rendering-role="profile_name"]',
  /** One result of a search: a person, a Page, a group, or a post. */
  resultRow: '[role="feed"] > *',
  visibleLink: 'a[href]:not([aria-hidden="true"])',
  photoLink: 'a[aria-hidden="true"][href]',
} as const;

const ORIGIN = 'https://www.facebook.com/';
/**
 * Links that can name an author: in a post's heading, a group member's link, a comment's name link. Seen ones are
 * not filtered out here: "Jane is with Tom" must still be Jane's heading once Jane's link is marked.
 */
const AUTHOR_LINKS = [
  ...SEL.heading.split(', ').map((heading) => `${heading} a[href]`),
  'a[href*="/groups/"][href*="/user/"]:not([aria-hidden="true"])',
  'a[href*="comment_id="]:not([aria-hidden="true"])',
].join(', ');

/** Sections only a Page has, by the path segment or `sk=` value of the link to them. */
const PAGE_SECTIONS = new Set(['reviews', 'mentions', 'about_profile_transparency', 'community', 'services', 'menu']);
/** First path segments of pages that are timelines rather than one profile. */
const FEEDS = new Set(['home.php', 'groups', 'permalink.php', 'story.php', 'hashtag', 'feeds', 'latest']);
/** Sections whose items open in a media viewer. */
const MEDIA = new Set(['videos', 'photos', 'reel', 'reels']);
/** Hosts of the server-driven mobile site: no tabs, no headings. */
const MOBILE_HOST = /^(m|mbasic|touch)\./i;

function segments(url: URL): string[] {
  return url.pathname.split('/').filter(Boolean);
}

/**
 * The section a profile URL opens (`/<user>/<section>`, `/people/<name>/<id>/<section>`, `?sk=<section>`), and
 * whether it opens one item of it (`/<user>/posts/<id>`) rather than the tab.
 */
function sectionOf(url: URL): { section?: string; item: boolean } {
  const parts = segments(url);
  const first = parts[0]?.toLowerCase();
  if (first === 'profile.php') return { section: url.searchParams.get('sk') ?? undefined, item: false };
  const at = first === 'people' || first === 'pages' ? 3 : first === 'p' ? 2 : 1;
  return { section: parts[at]?.toLowerCase() ?? url.searchParams.get('sk') ?? undefined, item: parts.length > at + 1 };
}

/**
 * The profile a link points at when it points at one and nothing else: `/<user>`, `profile.php?id=N`,
 * `/people/<name>/<id>`, `/p/<name-id>`, `/groups/<g>/user/<id>` — not a post, photo or tab of that profile.
 */
function profileLinkKey(href: string | null): ProfileKeyInfo | null {
  const url = resolveHref(href, ORIGIN);
  if (!url || !isFacebookHost(url)) return null;
  const parts = segments(url);
  const first = parts[0]?.toLowerCase();
  const length = first === 'people' || first === 'pages' ? 3 : first === 'groups' ? 4 : first === 'p' ? 2 : 1;
  if (parts.length !== length) return null;
  return facebookKey(url);
}

function isPage(doc: Document, key: ProfileKeyInfo): boolean {
  const main = doc.querySelector(SEL.main) ?? doc;
  for (const link of main.querySelectorAll(`${SEL.tabs}, ${SEL.transparency}`)) {
    const url = resolveHref(link.getAttribute('href'), ORIGIN);
    const section = url && sectionOf(url).section;
    // Only this profile's own sections count: after an in-page navigation the previous profile's tabs may linger.
    if (section && PAGE_SECTIONS.has(section) && facebookKey(url)?.key === key.key) return true;
  }
  const app = metaContent(doc, 'al:android:url') ?? metaContent(doc, 'al:ios:url');
  const pageUrl = metaContent(doc, 'og:url');
  return Boolean(app?.startsWith('fb://page') && pageUrl && facebookKey(pageUrl)?.key === key.key);
}

/**
 * What a URL alone says: a feed, a search, something else, or the profile of a person or Page (the page itself tells
 * which, see isPage) with its key.
 */
function kindFromUrl(url: URL): Exclude<PageKind, 'profile' | 'company'> | { key: ProfileKeyInfo } {
  const first = segments(url)[0]?.toLowerCase();
  if (!first || FEEDS.has(first)) return 'feed';
  if (first === 'search') return 'search';
  const key = facebookKey(url);
  if (!key) return 'other';
  // `/<user>/posts/<id>` is one post and its comments; `/<user>/videos/<id>` and the like are media viewers.
  const { section, item } = sectionOf(url);
  if (section === 'posts' && item) return 'feed';
  if (section && MEDIA.has(section) && item) return 'other';
  return { key };
}

function profileKeyFromUrl(url: URL): string | null {
  const kind = kindFromUrl(url);
  return typeof kind === 'object' ? kind.key.key : null;
}

function pageKind(url: URL, doc: Document): PageKind {
  const kind = kindFromUrl(url);
  if (typeof kind !== 'object') return kind;
  return isPage(doc, kind.key) ? 'company' : 'profile';
}

/** "(3) Jane Roe | Facebook" → "Jane Roe". */
function nameFromTitle(title: string): string | undefined {
  const name = title
    .replace(/^\(\d+\+?\)\s*/, '')
    .replace(/\s*\|\s*Facebook\s*$/i, '')
    .trim();
  return name && !/^facebook$/i.test(name) ? name : undefined;
}

/** Whether the tabs on screen are this profile's; true when there are none to tell (mobile site, markup change). */
function headerIsFor(main: ParentNode, key: ProfileKeyInfo): boolean {
  let seen = false;
  for (const tab of main.querySelectorAll(SEL.tabs)) {
    const url = resolveHref(tab.getAttribute('href'), ORIGIN);
    const tabKey = url ? facebookKey(url) : null;
    if (!tabKey) continue;
    if (tabKey.key === key.key) return true;
    seen = true;
  }
  return !seen;
}

function svgImage(image: Element | null | undefined): string | undefined {
  return imageUrl(image?.getAttribute('xlink:href') ?? image?.getAttribute('href'));
}

function extractProfile(doc: Document, url: URL, kind: PageKind, miss: (field: string) => void): ProfileRef | null {
  const key = facebookKey(url);
  if (!key) return null;
  const main = doc.querySelector(SEL.main) ?? doc;
  const mobile = MOBILE_HOST.test(url.hostname);
  if (!mobile && !main.querySelector(SEL.tabs)) miss('profile tabs');
  // The previous profile's header can outlive an in-page navigation: wait for this one's rather than mislabel it.
  if (!headerIsFor(main, key)) return null;
  const heading = main.querySelector(SEL.name);
  if (!heading && !mobile) miss('name');
  const name = displayText(heading, 300) ?? nameFromTitle(doc.title) ?? metaContent(doc, 'og:title');
  if (!name) return null;
  const first = segments(url)[0];
  const ogImage =
    facebookKey(metaContent(doc, 'og:url') ?? '')?.key === key.key ? metaContent(doc, 'og:image') : undefined;
  return {
    network: 'facebook',
    kind: kind === 'company' ? 'company' : 'person',
    profileKey: key.key,
    url: key.url,
    name: clip(name, 300),
    avatarUrl: svgImage(main.querySelector(SEL.avatar)) ?? imageUrl(ogImage),
    handle: key.key.startsWith('facebook:id/') ? undefined : clip(first, 200),
  };
}

/** The photo next to an author: a hidden link to the same profile in the same post or comment. */
function avatarNear(scope: Element | null, key: string): string | undefined {
  if (!scope) return undefined;
  for (const link of scope.querySelectorAll('a[aria-hidden="true"][href]')) {
    if (profileLinkKey(link.getAttribute('href'))?.key !== key) continue;
    return svgImage(link.querySelector('image')) ?? imageUrl(link.querySelector('img')?.getAttribute('src'));
  }
  return undefined;
}

function authorRef(
  link: Element,
  key: ProfileKeyInfo,
  scope: Element | null,
  kind: ProfileRef['kind'] = 'person',
): ProfileRef {
  return {
    network: 'facebook',
    // A link does not say whether it leads to a Page; the profile page itself does (see pageKind), or the search.
    kind,
    profileKey: key.key,
    url: key.url,
    name: clip(displayText(link, 300), 300),
    avatarUrl: avatarNear(scope, key.key),
  };
}

/** The search a page shows (`people`, `pages`, `top`…), or undefined when it is no search. */
function searchOf(root: ParentNode): string | undefined {
  const doc = (root as Node).ownerDocument ?? (root as Document);
  const [first, second] = segments(new URL(doc.URL));
  return first?.toLowerCase() === 'search' ? (second?.toLowerCase() ?? '') : undefined;
}

/**
 * On a search page, whom each result that is not a post is about. A result shows a person (or Page) as a photo that
 * is a hidden link to their profile beside a visible link with their name; a row of several (the "People" module of
 * top results) has several such pairs. Other profile links (mutual friends) have no photo beside them. A row without
 * any pair is about the first profile its visible links name.
 */
function resultSubjects(root: ParentNode): AuthorNode[] {
  const search = searchOf(root);
  if (search === undefined) return [];
  const kind = search === 'pages' ? 'company' : 'person';
  const inside = asElement(root)?.closest(SEL.resultRow);
  const nodes: AuthorNode[] = [];
  for (const row of inside ? [inside] : selectAll(root, SEL.resultRow)) {
    if (row.matches(SEL.post) || row.querySelector(SEL.post)) continue;
    const pictured = new Set<string>();
    for (const photo of row.querySelectorAll(SEL.photoLink)) {
      const key = profileLinkKey(photo.getAttribute('href'));
      if (key) pictured.add(key.key);
    }
    const named = new Map<string, { link: Element; key: ProfileKeyInfo }>();
    for (const link of row.querySelectorAll(SEL.visibleLink)) {
      const key = profileLinkKey(link.getAttribute('href'));
      if (!key || named.has(key.key) || (pictured.size > 0 && !pictured.has(key.key))) continue;
      named.set(key.key, { link, key });
      if (pictured.size === 0) break;
    }
    for (const { link, key } of named.values()) {
      if (!link.hasAttribute(SEEN_ATTRIBUTE)) nodes.push(author(link, authorRef(link, key, row, kind)));
    }
  }
  return nodes;
}

/** `Node.DOCUMENT_POSITION_FOLLOWING`, without DOM globals (the adapter also runs on documents parsed in tests). */
const FOLLOWING = 4;

function authorNodes(root: ParentNode): AuthorNode[] {
  const subjects = resultSubjects(root);
  const authors = postAuthors(root);
  if (!subjects.length || !authors.length) return subjects.length ? subjects : authors;
  // A search's top results mix people and posts: one list, in the order they are read.
  return [...subjects, ...authors].sort((a, b) => (a.element.compareDocumentPosition(b.element) & FOLLOWING ? -1 : 1));
}

function postAuthors(root: ParentNode): AuthorNode[] {
  const scope = scopeOf(root, SEL.post);
  // Most added nodes hold no post at all (menus, chat, hovercards): one query, and done.
  if (!asElement(scope)?.matches(SEL.post) && !scope.querySelector(SEL.post)) return [];
  const nodes: AuthorNode[] = [];
  const claimed = new Set<Element>();
  for (const link of selectAll(scope, AUTHOR_LINKS)) {
    const post = link.closest(SEL.post);
    const key = post && profileLinkKey(link.getAttribute('href'));
    if (!post || !key) continue;
    const isComment = (link.getAttribute('href') ?? '').includes('comment_id=');
    // One author per heading ("Jane is with Tom": Jane), per comment, and per post for group members' links.
    const owner = isComment
      ? link.closest(SEL.comment)
      : (link.closest(SEL.heading) ?? post.querySelector(SEL.heading) ?? post);
    if (!owner || claimed.has(owner)) continue;
    claimed.add(owner);
    if (link.hasAttribute(SEEN_ATTRIBUTE)) continue;
    nodes.push(author(link, authorRef(link, key, isComment ? owner : post)));
  }
  return nodes;
}

export const facebook: SiteAdapter = {
  network: 'facebook',
  matches: (url) => isFacebookHost(url),
  pageKind,
  profileKeyFromUrl,
  extractProfile(doc, url, report) {
    const kind = pageKind(url, doc);
    if (!isAboutOne(kind)) return null;
    return extractProfile(doc, url, kind, (field) => report?.({ network: 'facebook', field } satisfies SelectorMiss));
  },
  authorNodes,
  anchorFor: (node) => node.element,
};
