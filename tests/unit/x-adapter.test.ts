import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { SEEN_ATTRIBUTE, type SelectorMiss } from '../../src/content/sites/types';
import { x, xProfileLink } from '../../src/content/sites/x';
import { X_FIXTURES } from '../fixtures/x';

function load(file: string, url: string) {
  const html = readFileSync(new URL(`../fixtures/x/${file}`, import.meta.url), 'utf8');
  return new JSDOM(html, { url }).window.document;
}

/** Read-only checks share one parse per page: jsdom parses a 300 KB timeline slowly. */
const parsed = new Map<string, Document>();
function cached(file: string, url: string) {
  const key = `${file} ${url}`;
  const doc = parsed.get(key) ?? load(file, url);
  parsed.set(key, doc);
  return doc;
}

function fixture(file: string) {
  const found = X_FIXTURES.find((f) => f.file === file);
  if (!found) throw new Error(`fixture ${file} missing`);
  return { ...found, doc: load(found.file, found.url) };
}

const keys = (root: ParentNode) => x.authorNodes(root).map((node) => node.profile.profileKey);

describe('X adapter on saved pages', () => {
  it.each(X_FIXTURES)('reads the profile on $file', ({ file, url, expected }) => {
    const profile = x.extractProfile(cached(file, url), new URL(url));
    if (expected === null) expect(profile).toBeNull();
    else expect(profile).toMatchObject({ network: 'x', ...expected });
  });

  it.each(X_FIXTURES)('knows what $file is from its URL', ({ file, url, kind }) => {
    expect(x.pageKind(new URL(url), cached(file, url))).toBe(kind);
  });

  it.each(X_FIXTURES)('finds the authors on $file, in order', ({ file, url, authors }) => {
    expect(keys(cached(file, url))).toEqual(authors);
  });

  it('reports no missed selectors on the layouts it was written for', () => {
    for (const file of ['profile.html', 'profile-twitter-verified.html', 'profile-minimal.html', 'profile-ja.html']) {
      const { doc, url } = fixture(file);
      const misses: SelectorMiss[] = [];
      x.extractProfile(doc, new URL(url), (miss) => misses.push(miss));
      expect(misses, file).toEqual([]);
    }
  });

  it('falls back to the title and JSON-LD when the header markup changes, and says what missed', () => {
    const { doc, url } = fixture('markup-changed.html');
    const misses: SelectorMiss[] = [];
    const profile = x.extractProfile(doc, new URL(url), (miss) => misses.push(miss));
    expect(profile?.name).toBe('Northwind Analytics');
    expect(misses).toEqual([{ network: 'x', field: 'name' }]);
  });

  it('reads the name from the title alone when nothing else is left', () => {
    const { doc, url } = fixture('markup-changed.html');
    for (const script of doc.querySelectorAll('script')) script.remove();
    const profile = x.extractProfile(doc, new URL(url));
    expect(profile).toMatchObject({ profileKey: 'x:northwindhq', name: 'Northwind Analytics' });
    expect(profile?.headline).toBeUndefined();
    expect(profile?.avatarUrl).toBeUndefined();
  });

  it('reads the profile the same way on x.com and twitter.com', () => {
    const { doc } = fixture('profile-twitter-verified.html');
    const onX = x.extractProfile(doc, new URL('https://x.com/NorthwindHQ'));
    const onTwitter = x.extractProfile(doc, new URL('https://twitter.com/northwindhq'));
    const onMobile = x.extractProfile(doc, new URL('https://mobile.twitter.com/NorthwindHQ/with_replies'));
    expect(onTwitter).toEqual(onX);
    expect(onMobile).toEqual(onX);
  });

  it('does not read the previous profile’s header after an in-page navigation', () => {
    // The URL already says Marco; Jane's header is still on screen. Better nothing than Jane's name under Marco's key.
    const doc = load('profile.html', 'https://x.com/marco_rossi77');
    expect(x.extractProfile(doc, new URL('https://x.com/marco_rossi77'))).toBeNull();
  });

  it('reads nothing as a profile on pages that are not profiles', () => {
    const { doc } = fixture('profile.html');
    expect(x.extractProfile(doc, new URL('https://x.com/JaneDoeBuys/status/1709000000000483059'))).toBeNull();
    expect(x.extractProfile(doc, new URL('https://x.com/home'))).toBeNull();
  });

  it('reads the website a profile links to (the text X shows, not its t.co redirect)', () => {
    expect(xProfileLink(fixture('profile.html').doc)).toBe('https://northwind.example/jane');
    expect(xProfileLink(fixture('profile-minimal.html').doc)).toBeUndefined();
    const { doc, url } = fixture('profile-minimal.html');
    expect(x.extractProfile(doc, new URL(url))?.website).toBeUndefined();
  });
});

describe('X authors in timelines', () => {
  it('names the author of a repost, not the person who reposted it', () => {
    const { doc } = fixture('home.html');
    const repost = doc.querySelector('[data-testid="socialContext"]')?.closest('article');
    if (!repost) throw new Error('no repost in the home timeline');
    expect(repost.querySelector('[data-testid="socialContext"]')?.closest('a')?.getAttribute('href')).toBe(
      '/marco_rossi77',
    );
    const nodes = x.authorNodes(repost);
    expect(nodes.map((n) => n.profile.profileKey)).toEqual(['x:northwindhq']);
    expect(nodes[0]?.profile).toMatchObject({
      name: 'Northwind Analytics',
      handle: 'NorthwindHQ',
      avatarUrl: 'https://pbs.twimg.com/profile_images/1698877665544332211/Nw4nLyt1_normal.jpg',
    });
  });

  it('names the quoted author of a quote post, with name and avatar from the quote card', () => {
    const { doc } = fixture('home.html');
    const quoteCard = doc.querySelector('article [role="link"] [data-testid="User-Name"]');
    const article = quoteCard?.closest('article');
    if (!quoteCard || !article) throw new Error('no quote post in the home timeline');
    const nodes = x.authorNodes(article);
    expect(nodes.map((n) => n.profile.profileKey)).toEqual(['x:priya_builds', 'x:tombaker_uk']);
    expect(nodes[1]?.element).toBe(quoteCard);
    expect(nodes[1]?.profile).toMatchObject({ name: 'Tom Baker', handle: 'tombaker_uk' });
    expect(nodes[1]?.profile.avatarUrl).toMatch(/^https:\/\/pbs\.twimg\.com\/profile_images\//);
  });

  it('returns each author element once, and nothing once the badge feature has marked them', () => {
    const { doc } = fixture('home.html');
    const first = x.authorNodes(doc);
    expect(new Set(first.map((n) => n.element)).size).toBe(first.length);
    for (const node of first) node.element.setAttribute(SEEN_ATTRIBUTE, '');
    expect(x.authorNodes(doc)).toEqual([]);
  });

  it('reads an author’s name and photo only when the profile is asked for, and the same as an immediate read', () => {
    const { doc } = fixture('home.html');
    const [node] = x.authorNodes(doc);
    if (!node) throw new Error('no author on the timeline');
    const nameBlock = node.element.querySelector('[dir]');
    const shown = nameBlock?.textContent;
    // Renamed after the timeline was scanned: the key was read at once, the name was not.
    if (nameBlock) nameBlock.textContent = 'Renamed Later';
    expect(node.profile).toMatchObject({ profileKey: node.profileKey, name: 'Renamed Later' });
    expect(shown).toBeTruthy();
    expect(node.profile).toBe(node.profile);
  });

  it('handles an added cell, a post, a node inside a post, and a batch of cells', () => {
    const { doc, authors } = fixture('home.html');
    const cells = [...doc.querySelectorAll('[data-testid="cellInnerDiv"]')];
    const quoteCell = cells.find((c) => c.querySelector('[role="link"] [data-testid="User-Name"]'));
    if (!quoteCell) throw new Error('no quote cell');
    expect(keys(quoteCell)).toEqual(['x:priya_builds', 'x:tombaker_uk']);
    const article = quoteCell.querySelector('article');
    if (!article) throw new Error('no article');
    expect(keys(article)).toEqual(['x:priya_builds', 'x:tombaker_uk']);
    // X fills a post in after its cell: the text arriving later still leads to the post's authors.
    const text = article.querySelector('[data-testid="tweetText"]');
    if (!text) throw new Error('no text');
    expect(keys(text)).toEqual(['x:priya_builds', 'x:tombaker_uk']);
    const list = cells[0]?.parentElement;
    if (!list) throw new Error('no list');
    expect(keys(list)).toEqual(authors.slice(0, authors.length - 3));
  });

  it('finds people in people lists, cell by cell', () => {
    const { doc } = fixture('search-people.html');
    const cell = doc.querySelector('[data-testid="UserCell"]');
    if (!cell) throw new Error('no cell');
    const inside = cell.querySelector('span');
    if (!inside) throw new Error('no span');
    expect(keys(cell)).toEqual(['x:northwindhq']);
    expect(keys(inside)).toEqual(['x:northwindhq']);
    expect(x.authorNodes(cell)[0]?.profile).toMatchObject({ name: 'Northwind Analytics', handle: 'NorthwindHQ' });
  });

  it('puts the badge after the author’s name', () => {
    const { doc } = fixture('home.html');
    const nodes = x.authorNodes(doc);
    for (const node of nodes) {
      const anchor = x.anchorFor(node);
      expect(node.element.contains(anchor)).toBe(true);
      expect(anchor.textContent?.trim()).toBe(node.profile.name?.replace(/\s*🌿$/, ''));
    }
    const post = nodes[0];
    if (!post) throw new Error('no post');
    expect(x.anchorFor(post).getAttribute('href')).toBe('/JaneDoeBuys');
    const cellNode = nodes.find((n) => n.element.matches('[data-testid="UserCell"]'));
    if (!cellNode) throw new Error('no cell');
    const cellAnchor = x.anchorFor(cellNode);
    expect(cellAnchor.getAttribute('href')).toBe('/diego_alv');
    expect(cellAnchor.getAttribute('aria-hidden')).toBeNull();
  });

  it('does not depend on the UI language', () => {
    const { doc } = fixture('profile-ja.html');
    expect(doc.documentElement.lang).toBe('ja');
    const nodes = x.authorNodes(doc);
    expect(nodes[1]?.profile).toMatchObject({ profileKey: 'x:kenji_sato_dev', name: '佐藤 健二' });
  });
});

describe('X adapter on hostile pages', () => {
  it('keeps markup in names as text and clips a 10,000-character bio', () => {
    const { doc, url } = fixture('profile.html');
    const nameSpan = doc.querySelector('[data-testid="UserName"] [dir] span');
    const bio = doc.querySelector('[data-testid="UserDescription"]');
    if (!nameSpan || !bio) throw new Error('header missing');
    nameSpan.textContent = '<img src=x onerror=alert(1)>';
    bio.textContent = `<script>alert("bio")</script>${'A'.repeat(10_000)}`;
    const profile = x.extractProfile(doc, new URL(url));
    expect(profile?.name).toBe('<img src=x onerror=alert(1)>');
    expect(profile?.headline).toHaveLength(1000);
    expect(profile?.headline?.startsWith('<script>alert("bio")</script>')).toBe(true);
    expect(doc.querySelectorAll('img[src="x"]')).toHaveLength(0);
  });

  it('carries no avatar it did not find, and no image that is not an https profile photo', () => {
    const { doc, url } = fixture('profile.html');
    const header = doc.querySelector('[data-testid="UserAvatar-Container-JaneDoeBuys"] img');
    if (!header) throw new Error('no header avatar');
    header.setAttribute('src', 'data:image/svg+xml,<svg onload=alert(1)>');
    expect(x.extractProfile(doc, new URL(url))?.avatarUrl).toBeUndefined();
    header.remove();
    expect(x.extractProfile(doc, new URL(url))?.avatarUrl).toBeUndefined();
  });

  it('clips a very long display name in a timeline', () => {
    const { doc } = fixture('home.html');
    const name = doc.querySelector('[data-testid="User-Name"] [dir] span');
    if (!name) throw new Error('no name');
    name.textContent = 'N'.repeat(5000);
    expect(x.authorNodes(doc)[0]?.profile.name).toHaveLength(300);
  });

  it('finds no one on a page of thousands of nodes without authors', () => {
    const doc = new JSDOM('<!DOCTYPE html><main id="m"></main>', { url: 'https://x.com/home' }).window.document;
    const main = doc.getElementById('m');
    if (!main) throw new Error('no main');
    for (let i = 0; i < 2000; i++) {
      const item = doc.createElement('div');
      item.setAttribute('data-testid', 'cellInnerDiv');
      item.innerHTML = `<article role="article"><a href="/user${i}">@user${i}</a><span dir="ltr">post ${i}</span></article>`;
      main.append(item);
    }
    expect(x.authorNodes(doc)).toEqual([]);
    // Timed after a first call, which pays jsdom's one-off selector compilation; a browser is far faster still.
    expect(x.authorNodes(doc)).toEqual([]);
    expect(x.authorNodes(main)).toEqual([]);
  });
});

describe('X URLs', () => {
  const doc = new JSDOM('').window.document;
  const kind = (url: string) => x.pageKind(new URL(url), doc);

  it.each([
    ['https://x.com/JaneDoeBuys', 'profile'],
    ['https://twitter.com/JaneDoeBuys', 'profile'],
    ['https://mobile.twitter.com/janedoebuys/', 'profile'],
    ['https://x.com/JaneDoeBuys/with_replies', 'profile'],
    ['https://x.com/JaneDoeBuys/media', 'profile'],
    ['https://x.com/i/user/783214', 'profile'],
    ['https://x.com/JaneDoeBuys/status/1790000000000000000', 'feed'],
    ['https://x.com/JaneDoeBuys/followers', 'feed'],
    ['https://x.com/home', 'feed'],
    ['https://twitter.com/', 'feed'],
    ['https://x.com/notifications', 'feed'],
    ['https://x.com/i/lists/1234', 'feed'],
    ['https://x.com/i/bookmarks', 'feed'],
    ['https://x.com/search?q=northwind', 'search'],
    ['https://x.com/explore', 'other'],
    ['https://x.com/settings/profile', 'other'],
    ['https://x.com/messages', 'other'],
    ['https://x.com/i/grok', 'other'],
    ['https://x.com/compose/post', 'other'],
    ['https://x.com/this_handle_is_far_too_long', 'other'],
    ['https://x.com/JaneDoeBuys/lists', 'other'],
  ])('%s is a %s page', (url, expected) => expect(kind(url)).toBe(expected));

  it('handles x.com and twitter.com and nothing else', () => {
    expect(x.matches(new URL('https://x.com/home'))).toBe(true);
    expect(x.matches(new URL('https://twitter.com/home'))).toBe(true);
    expect(x.matches(new URL('https://mobile.x.com/home'))).toBe(true);
    expect(x.matches(new URL('https://x.com.evil.example/home'))).toBe(false);
    expect(x.matches(new URL('https://notx.com/home'))).toBe(false);
    expect(x.matches(new URL('https://www.linkedin.com/feed/'))).toBe(false);
  });
});
