import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { facebook } from '../../src/content/sites/facebook';
import { SEEN_ATTRIBUTE, type SelectorMiss } from '../../src/content/sites/types';
import { FACEBOOK_FIXTURES } from '../fixtures/facebook';

function load(file: string, url: string) {
  const html = readFileSync(new URL(`../fixtures/facebook/${file}`, import.meta.url), 'utf8');
  return new JSDOM(html, { url }).window.document;
}

function fixture(file: string) {
  const found = FACEBOOK_FIXTURES.find((f) => f.file === file);
  if (!found) throw new Error(`fixture ${file} missing`);
  return { ...found, doc: load(found.file, found.url) };
}

const keys = (root: ParentNode) => facebook.authorNodes(root).map((node) => node.profile.profileKey);

function postOf(doc: Document, text: string): Element {
  const message = [...doc.querySelectorAll('[data-ad-preview="message"]')].find((m) => m.textContent?.includes(text));
  const post = message?.closest('[aria-posinset], [aria-labelledby][aria-describedby]');
  if (!post) throw new Error(`no post saying "${text}"`);
  return post;
}

describe('Facebook adapter on saved pages', () => {
  it.each(FACEBOOK_FIXTURES)('reads the profile on $file', ({ file, url, expected }) => {
    const profile = facebook.extractProfile(load(file, url), new URL(url));
    if (expected === null) expect(profile).toBeNull();
    else expect(profile).toMatchObject({ network: 'facebook', ...expected });
  });

  it.each(FACEBOOK_FIXTURES)('knows what $file is', ({ file, url, kind }) => {
    expect(facebook.pageKind(new URL(url), load(file, url))).toBe(kind);
  });

  it.each(FACEBOOK_FIXTURES)('finds the authors on $file, in order', ({ file, url, authors }) => {
    expect(keys(load(file, url))).toEqual(authors);
  });

  it('reports no missed selectors on the layouts it was written for', () => {
    for (const file of ['profile.html', 'profile-id.html', 'page.html', 'page-es.html', 'profile-mobile.html']) {
      const { doc, url } = fixture(file);
      const misses: SelectorMiss[] = [];
      facebook.extractProfile(doc, new URL(url), (miss) => misses.push(miss));
      expect(misses, file).toEqual([]);
    }
  });

  it('falls back to the title when the header markup changes, and says what missed', () => {
    const { doc, url } = fixture('profile.html');
    doc.querySelector('h1')?.remove();
    doc.querySelector('[role="tablist"]')?.remove();
    const misses: SelectorMiss[] = [];
    const profile = facebook.extractProfile(doc, new URL(url), (miss) => misses.push(miss));
    expect(profile).toMatchObject({ profileKey: 'facebook:janeroe52', name: 'Jane Roe' });
    expect(misses.map((m) => m.field).sort()).toEqual(['name', 'profile tabs']);
  });

  it('keeps an SVG icon’s title out of the name', () => {
    const { doc, url } = fixture('page.html');
    expect(doc.querySelector('h1 svg title')?.textContent).toBe('Verified account');
    expect(facebook.extractProfile(doc, new URL(url))?.name).toBe('Contoso Bakery');
  });

  it('reads one profile the same on www., m., web. and mbasic. hosts', () => {
    const { doc } = fixture('profile.html');
    const keysByHost = ['www', 'web', 'm', 'mbasic'].map(
      (host) => facebook.extractProfile(doc, new URL(`https://${host}.facebook.com/Jane.Roe.52`))?.profileKey,
    );
    expect(keysByHost).toEqual(Array(4).fill('facebook:janeroe52'));
  });
});

describe('Facebook Pages and people', () => {
  it('tells a Page from a person by the sections its links lead to, in any language', () => {
    expect(facebook.extractProfile(fixture('page.html').doc, new URL(fixture('page.html').url))?.kind).toBe('company');
    const spanish = fixture('page-es.html');
    expect(spanish.doc.documentElement.lang).toBe('es');
    expect(facebook.pageKind(new URL(spanish.url), spanish.doc)).toBe('company');
    const french = fixture('profile-id.html');
    expect(french.doc.documentElement.lang).toBe('fr');
    expect(facebook.pageKind(new URL(french.url), french.doc)).toBe('profile');
  });

  it('still knows a Page by its transparency panel when the tabs are gone', () => {
    const { doc, url } = fixture('page.html');
    doc.querySelector('[role="tablist"]')?.remove();
    expect(facebook.pageKind(new URL(url), doc)).toBe('company');
  });

  it('falls back to the app links in the head, when they are this profile’s', () => {
    const html = (ogUrl: string) =>
      `<!DOCTYPE html><html><head><title>Contoso Bakery | Facebook</title><meta property="og:url" content="${ogUrl}"><meta property="al:android:url" content="fb://page/106078429431815"></head><body><div role="main"></div></body></html>`;
    const url = new URL('https://www.facebook.com/contosobakery');
    const own = new JSDOM(html('https://www.facebook.com/contosobakery')).window.document;
    const stale = new JSDOM(html('https://www.facebook.com/someotherpage')).window.document;
    expect(facebook.pageKind(url, own)).toBe('company');
    expect(facebook.pageKind(url, stale)).toBe('profile');
  });

  it('does not read the previous profile’s header after an in-page navigation', () => {
    // The URL says Jane; the Page's header and tabs are still on screen.
    const doc = load('page.html', 'https://www.facebook.com/jane.roe.52');
    const url = new URL('https://www.facebook.com/jane.roe.52');
    expect(facebook.pageKind(url, doc)).toBe('profile');
    expect(facebook.extractProfile(doc, url)).toBeNull();
  });
});

describe('Facebook authors in feeds and comments', () => {
  it('counts the first person of "is with" and no one tagged, mentioned or suggested', () => {
    const { doc } = fixture('feed.html');
    expect(keys(postOf(doc, 'Supplier day in Lyon'))).toEqual(['facebook:chloemartinlyon']);
    expect(keys(postOf(doc, 'Shortlisting suppliers'))).toEqual([
      'facebook:janeroe52',
      'facebook:tombaker77',
      'facebook:janeroe52',
    ]);
    const suggestions = doc.querySelector('[aria-posinset="7"]');
    if (!suggestions) throw new Error('no suggestions');
    expect(keys(suggestions)).toEqual([]);
  });

  it('names both the sharer and the original author of a shared post', () => {
    const { doc } = fixture('feed.html');
    const nodes = facebook.authorNodes(postOf(doc, 'Worth a read'));
    expect(nodes.map((n) => n.profile.profileKey)).toEqual(['facebook:tombaker77', 'facebook:contosobakery']);
    expect(nodes[1]?.profile.name).toBe('Contoso Bakery');
  });

  it('names a comment’s author from the name link, never from the comment’s time link', () => {
    const { doc } = fixture('feed.html');
    const comments = [...doc.querySelectorAll('[role="article"] [role="article"]')];
    expect(comments.length).toBeGreaterThan(2);
    for (const comment of comments) {
      const nodes = facebook.authorNodes(comment);
      expect(nodes.length).toBeGreaterThanOrEqual(1);
      expect(nodes[0]?.element.getAttribute('href')).toContain('comment_id=');
      expect(nodes[0]?.element.getAttribute('aria-hidden')).not.toBe('true');
    }
  });

  it('reads authors’ names and photos', () => {
    const { doc } = fixture('feed.html');
    const [author, commenter] = facebook.authorNodes(postOf(doc, 'Shortlisting suppliers'));
    expect(author?.profile).toMatchObject({
      network: 'facebook',
      kind: 'person',
      profileKey: 'facebook:janeroe52',
      url: 'https://www.facebook.com/jane.roe.52',
      name: 'Jane Roe',
    });
    expect(author?.profile.avatarUrl).toMatch(/^https:\/\/scontent[^"]*462817390_/);
    expect(commenter?.profile.avatarUrl).toMatch(/^https:\/\/scontent[^"]*431029384_/);
  });

  it('returns each author element once, and nothing once the badge feature has marked them', () => {
    for (const file of ['feed.html', 'feed-es.html', 'profile.html']) {
      const { doc } = fixture(file);
      const first = facebook.authorNodes(doc);
      expect(new Set(first.map((n) => n.element)).size, file).toBe(first.length);
      for (const node of first) node.element.setAttribute(SEEN_ATTRIBUTE, '');
      expect(facebook.authorNodes(doc), file).toEqual([]);
    }
  });

  it('handles an added post, a comment added later, a node inside a post and the whole feed', () => {
    const { doc, authors } = fixture('feed.html');
    const post = postOf(doc, 'Shortlisting suppliers');
    const all = ['facebook:janeroe52', 'facebook:tombaker77', 'facebook:janeroe52'];
    expect(keys(post)).toEqual(all);
    expect(keys(post.parentElement?.parentElement ?? post)).toEqual(all);
    const text = post.querySelector('[data-ad-preview="message"]');
    if (!text) throw new Error('no text');
    expect(keys(text)).toEqual(all);
    // A reply, rendered after the comment it answers: its links carry reply_comment_id.
    const reply = post.querySelector('a[href*="reply_comment_id="]')?.closest('[role="article"]');
    if (!reply) throw new Error('no reply');
    expect(keys(reply)).toEqual(['facebook:janeroe52']);
    const feed = doc.querySelector('[role="feed"]');
    if (!feed) throw new Error('no feed');
    expect(keys(feed)).toEqual(authors);
  });

  it('puts the badge right after the author’s name link', () => {
    const { doc } = fixture('feed-es.html');
    for (const node of facebook.authorNodes(doc)) {
      const anchor = facebook.anchorFor(node);
      expect(anchor).toBe(node.element);
      expect(anchor.localName).toBe('a');
      expect(anchor.textContent).toBe(node.profile.name);
    }
  });
});

describe('Facebook search results', () => {
  const rows = (doc: Document) => [...doc.querySelectorAll('[role="feed"] > *')];

  it('reads whom each result is about: name from the name link, photo from the hidden link beside it', () => {
    const { doc } = fixture('search-people.html');
    const [jane, tomas] = facebook.authorNodes(doc);
    expect(jane?.profile).toEqual({
      network: 'facebook',
      kind: 'person',
      profileKey: 'facebook:janeroe52',
      url: 'https://www.facebook.com/jane.roe.52',
      name: 'Jane Roe',
      avatarUrl: expect.stringMatching(/^https:\/\/scontent[^"]*462817390_/),
    });
    expect(tomas?.profile).toMatchObject({
      name: 'Tomás Ruiz',
      url: 'https://www.facebook.com/profile.php?id=100089123456789',
    });
    for (const node of facebook.authorNodes(doc)) {
      expect(facebook.anchorFor(node)).toBe(node.element);
      expect(node.element.getAttribute('aria-hidden')).toBeNull();
    }
  });

  it('takes results on a search for Pages as companies', () => {
    const doc = load('search-people.html', 'https://www.facebook.com/search/pages/?q=jane');
    expect(facebook.authorNodes(doc).map((node) => node.profile.kind)).toEqual([
      'company',
      'company',
      'company',
      'company',
    ]);
  });

  it('handles a result added by scrolling, a node inside one, and each result once', () => {
    const { doc, authors } = fixture('search-people.html');
    const [first, , third] = rows(doc);
    expect(keys(first as Element)).toEqual(['facebook:janeroe52']);
    // A node rendered inside the third result later (its mutual friends line): the result's subject, not the friend.
    const mutual = third?.querySelector('a[href*="tombaker77"]')?.parentElement;
    expect(keys(mutual as Element)).toEqual(['facebook:diegoalvarezpm']);
    for (const node of facebook.authorNodes(doc)) node.element.setAttribute(SEEN_ATTRIBUTE, '');
    expect(facebook.authorNodes(doc)).toEqual([]);
    expect(authors).toHaveLength(4);
  });

  it('finds every person of a row that lists several (the "People" module of top results), and no mutual friend', () => {
    const doc = load('search-people.html', 'https://www.facebook.com/search/top/?q=jane');
    const [first, ...others] = rows(doc);
    const module = first?.firstElementChild;
    if (!module) throw new Error('no row');
    // One feed row holding all four people, each with the photo and name of a result.
    for (const row of others.slice(0, 3)) module.append(...row.children);
    for (const row of others.slice(0, 3)) row.remove();
    expect(keys(first as Element)).toEqual([
      'facebook:janeroe52',
      'facebook:id/100089123456789',
      'facebook:diegoalvarezpm',
      'facebook:id/100071234567890',
    ]);
  });

  it('takes the first profile a row names when no result in it has a photo', () => {
    const { doc } = fixture('search-people.html');
    const row = rows(doc)[2] as Element;
    for (const photo of row.querySelectorAll('a[aria-hidden="true"]')) photo.remove();
    expect(keys(row)).toEqual(['facebook:diegoalvarezpm']);
  });

  it('reads rows of people only on a search: "People you may know" in a feed are nobody’s results', () => {
    const doc = load('search-people.html', 'https://www.facebook.com/');
    expect(keys(doc)).toEqual([]);
  });

  it('mixes people and posts in the order they are read on top results', () => {
    const search = load('search-people.html', 'https://www.facebook.com/search/top/?q=jane');
    const feed = load('feed.html', 'https://www.facebook.com/');
    const list = search.querySelector('[role="feed"]');
    const post = feed.querySelector('[aria-posinset]');
    if (!list || !post) throw new Error('no feed or post');
    list.insertBefore(search.importNode(post, true), list.children[1] ?? null);
    const found = keys(search);
    expect(found[0]).toBe('facebook:janeroe52');
    expect(found.slice(1, -3)).toEqual(keys(post));
    expect(found.slice(-3)).toEqual([
      'facebook:id/100089123456789',
      'facebook:diegoalvarezpm',
      'facebook:id/100071234567890',
    ]);
  });
});

describe('Facebook adapter on hostile pages', () => {
  it('keeps markup in names as text and clips long names', () => {
    const { doc, url } = fixture('profile.html');
    const heading = doc.querySelector('h1');
    if (!heading) throw new Error('no heading');
    heading.textContent = '<img src=x onerror=alert(1)>';
    expect(facebook.extractProfile(doc, new URL(url))?.name).toBe('<img src=x onerror=alert(1)>');
    heading.textContent = 'J'.repeat(10_000);
    expect(facebook.extractProfile(doc, new URL(url))?.name).toHaveLength(300);
    const author = doc.querySelector('h2 a strong span');
    if (!author) throw new Error('no author');
    author.textContent = `<script>alert(1)</script>${'x'.repeat(10_000)}`;
    const node = facebook.authorNodes(doc)[0];
    expect(node?.profile.name).toHaveLength(300);
    expect(node?.profile.name?.startsWith('<script>')).toBe(true);
    expect(doc.querySelectorAll('img[src="x"], script:not([type])')).toHaveLength(0);
  });

  it('carries no avatar it did not find and no image that is not https', () => {
    const { doc, url } = fixture('profile.html');
    const image = doc.querySelector('[role="main"] svg[role="img"] image');
    if (!image) throw new Error('no picture');
    image.setAttribute('xlink:href', 'data:image/svg+xml,<svg onload=alert(1)>');
    doc.querySelector('meta[property="og:image"]')?.remove();
    expect(facebook.extractProfile(doc, new URL(url))?.avatarUrl).toBeUndefined();
    image.remove();
    expect(facebook.extractProfile(doc, new URL(url))?.avatarUrl).toBeUndefined();
  });

  it('ignores heading links that lead anywhere but a profile', () => {
    const { doc } = fixture('feed.html');
    const post = postOf(doc, 'Supplier day in Lyon');
    const link = post.querySelector('h3 a');
    link?.setAttribute('href', 'javascript:alert(1)');
    // The first link no longer names anyone; the next one in the heading is still a person in it.
    expect(keys(post)).toEqual(['facebook:diegoalvarezpm']);
  });

  it('finds no one on a page of thousands of nodes without authors', () => {
    const doc = new JSDOM('<!DOCTYPE html><div role="main" id="m"></div>', { url: 'https://www.facebook.com/' }).window
      .document;
    const main = doc.getElementById('m');
    if (!main) throw new Error('no main');
    for (let i = 0; i < 2000; i++) {
      const item = doc.createElement('div');
      item.className = 'x1yztbdb x1n2onr6 xh8yej3';
      item.innerHTML = `<span dir="auto"><a href="/person.${i}" role="link">Person ${i}</a></span><h2><a href="/groups/${i}/">Group ${i}</a></h2>`;
      main.append(item);
    }
    expect(facebook.authorNodes(doc)).toEqual([]);
    // Timed after a first call, which pays jsdom's one-off selector compilation; a browser is far faster still.
    expect(facebook.authorNodes(doc)).toEqual([]);
    expect(facebook.authorNodes(main)).toEqual([]);
  });
});

describe('Facebook URLs', () => {
  const doc = new JSDOM('').window.document;
  it.each([
    ['https://www.facebook.com/', 'feed'],
    ['https://web.facebook.com/?_rdc=1&_rdr', 'feed'],
    ['https://m.facebook.com/home.php', 'feed'],
    ['https://www.facebook.com/groups/leedsprocurement/', 'feed'],
    ['https://www.facebook.com/jane.roe.52/posts/pfbid02abc', 'feed'],
    ['https://www.facebook.com/permalink.php?story_fbid=pfbid0abc&id=100089123456789', 'feed'],
    ['https://www.facebook.com/search/people/?q=jane', 'search'],
    ['https://www.facebook.com/jane.roe.52', 'profile'],
    ['https://m.facebook.com/jane.roe.52', 'profile'],
    ['https://web.facebook.com/jane.roe.52/about', 'profile'],
    ['https://www.facebook.com/jane.roe.52/photos', 'profile'],
    ['https://www.facebook.com/profile.php?id=100089123456789', 'profile'],
    ['https://www.facebook.com/profile.php?id=100089123456789&sk=photos', 'profile'],
    ['https://mbasic.facebook.com/profile.php?id=100089123456789', 'profile'],
    ['https://www.facebook.com/people/Jane-Roe/100089999999999/', 'profile'],
    ['https://www.facebook.com/jane.roe.52/videos/1234567890', 'other'],
    ['https://www.facebook.com/watch/?v=123', 'other'],
    ['https://www.facebook.com/marketplace/', 'other'],
    ['https://www.facebook.com/messages/t/100001234567001/', 'other'],
    ['https://www.facebook.com/profile.php', 'other'],
  ])('%s is a %s page', (url, kind) => expect(facebook.pageKind(new URL(url), doc)).toBe(kind));

  it('handles Facebook hosts and nothing else', () => {
    for (const host of ['www.facebook.com', 'm.facebook.com', 'web.facebook.com', 'facebook.com']) {
      expect(facebook.matches(new URL(`https://${host}/`)), host).toBe(true);
    }
    expect(facebook.matches(new URL('https://facebook.com.evil.example/'))).toBe(false);
    expect(facebook.matches(new URL('https://notfacebook.com/'))).toBe(false);
  });
});
