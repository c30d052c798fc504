import type { Network } from '../../lib/networks';
import type { ProfileRef } from '../../lib/profile-ref';

/**
 * # The site adapter contract
 *
 * Everything Rapport knows about one network's markup and URLs lives in one file, `sites/<network>.ts`, that
 * exports a `SiteAdapter`. Features (the card, badges, save) ask adapters; they never query a site's DOM.
 * Adding a network (Bluesky, Mastodon…) means: one new adapter file, its saved pages under
 * `tests/fixtures/<network>/`, one line in `sites/index.ts`, its hosts in `manifest.json`, and its entry in
 * `lib/networks.ts` (its label, and whether a company's profile there looks like a person's).
 *
 * Rules every adapter follows:
 * - Selectors are a first choice in a fallback chain: markup → URL → meta tags / structured data. A selector that
 *   stops matching degrades the result, it never breaks the page; `report(miss)` records which one failed.
 * - Never match on the UI's words: the sites are used in dozens of languages.
 * - Key everything on the URL: in single-page navigation, markup and embedded data can still be the previous page's.
 * - Return page text as plain strings, clipped to the ProfileRef limits; the background validates them again.
 *
 * Authors in feeds, lists and search results (`authorNodes`):
 * - It runs on every batch of added nodes, so it must be cheap: a handful of `querySelectorAll` calls, no layout
 *   reads, no work per unrelated node. `root` is the document or an added subtree; an added node may be a post, may
 *   contain posts, or may sit inside a post whose author was rendered before it (the adapter then looks at that post).
 * - It returns each author element at most once per call, in document order, and skips elements that carry
 *   `SEEN_ATTRIBUTE`: the badge feature sets it on `AuthorNode.element` once it has handled that author.
 * - An author is who wrote the post, comment, reply or quoted post, or the person a result row or people list is
 *   about. People who merely reposted, liked or were mentioned or tagged are not authors.
 * - `anchorFor` returns the author's name element; the badge goes right after it. That element can sit inside a link
 *   (LinkedIn's actor and comment names do), so a badge keeps its clicks from following the link.
 */

/**
 * Set by the badge feature on an author element it has handled; adapters skip elements that carry it, so a node
 * is never annotated twice, even when the site re-renders around it.
 */
export const SEEN_ATTRIBUTE = 'data-rapport-seen';

export type PageKind = 'profile' | 'company' | 'feed' | 'search' | 'other';

/** A page about one person or company: the pages that get the card. */
export const isAboutOne = (kind: PageKind): kind is 'profile' | 'company' => kind === 'profile' || kind === 'company';

/** One author found in a feed, list or search result, and where a badge for them belongs. */
export interface AuthorNode {
  element: Element;
  /** What the badge looks up: all it needs of the author until it shows something. */
  profileKey: string;
  /** The whole profile (name, photo…), which an adapter may read from the page only when first asked for. */
  readonly profile: ProfileRef;
  /**
   * The name the page shows for the author, which an adapter may read only when first asked for: a stranger's is
   * asked for where a company's profile looks like a person's (lib/networks.ts), since it may be an account's name.
   */
  readonly name: string | undefined;
  /**
   * A company author's name, known when it is found: its account may exist by name only (made when a lead who works
   * there was saved), and the lookup asks for it. Unset for people, and where telling a company needs a page read.
   */
  readonly companyName?: string;
}

export const author = (element: Element, profile: ProfileRef): AuthorNode => ({
  element,
  profileKey: profile.profileKey,
  profile,
  name: profile.name,
  companyName: profile.kind === 'company' ? profile.name : undefined,
});

/**
 * An author whose name and profile are read when first asked for: a timeline scrolls past many more authors than
 * get a badge that shows, and only a shown badge (its label), a save or a stranger's possible account needs the name,
 * and only a save the photo.
 */
export function lazyAuthor(
  element: Element,
  profileKey: string,
  readName: () => string | undefined,
  readProfile: (name: string | undefined) => ProfileRef,
): AuthorNode {
  let name: { value: string | undefined } | undefined;
  const nameOnce = () => {
    name ??= { value: readName() };
    return name.value;
  };
  let profile: ProfileRef | undefined;
  return {
    element,
    profileKey,
    get name() {
      return nameOnce();
    },
    get profile() {
      profile ??= readProfile(nameOnce());
      return profile;
    },
  };
}

/** A selector that matched nothing where the adapter expected something; feeds the per-site health line. */
export interface SelectorMiss {
  network: Network;
  field: string;
}

export interface SiteAdapter {
  network: Network;
  /** Whether this adapter handles pages at this URL at all. */
  matches(url: URL): boolean;
  /**
   * What kind of page this is, from the URL first (cheap) and the document only where the URL cannot tell a profile
   * from a company. 'feed', 'search' and 'other' must follow from the URL alone: the content script keeps them per
   * address instead of asking at every change of a timeline.
   */
  pageKind(url: URL, doc: Document): PageKind;
  /**
   * The lookup key a profile or company page's URL alone gives, before its markup exists, so the lookup can run
   * while the page loads. Optional: leave it out where the URL does not settle the key (X keys on user ids).
   */
  profileKeyFromUrl?(url: URL): string | null;
  /** The person or company the page is about, or null when the page is about no one. */
  extractProfile(doc: Document, url: URL, report?: (miss: SelectorMiss) => void): ProfileRef | null;
  /** Authors of posts, comments and result rows under `root` (see above), with their profile references. */
  authorNodes(root: ParentNode): AuthorNode[];
  /** Where the badge for an author node goes (inserted after this element). */
  anchorFor(node: AuthorNode): Element;
}
