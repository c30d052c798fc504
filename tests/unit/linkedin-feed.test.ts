import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { linkedin } from '../../src/content/sites/linkedin';
import { SEEN_ATTRIBUTE, type SelectorMiss } from '../../src/content/sites/types';
import { LINKEDIN_FIXTURES } from '../fixtures/linkedin';

function load(file: string, url: string) {
  const html = readFileSync(new URL(`../fixtures/linkedin/${file}`, import.meta.url), 'utf8');
  return new JSDOM(html, { url }).window.document;
}

function fixture(file: string) {
  const found = LINKEDIN_FIXTURES.find((f) => f.file === file);
  if (!found) throw new Error(`fixture ${file} missing`);
  return { ...found, authors: found.authors ?? [], doc: load(found.file, found.url) };
}

const keys = (root: ParentNode) => linkedin.authorNodes(root).map((node) => node.profile.profileKey);
const withAuthors = LINKEDIN_FIXTURES.filter((f) => f.authors);
const withKind = LINKEDIN_FIXTURES.filter((f) => f.kind);

function postWith(doc: Document, urnIndex: number): Element {
  const post = doc.querySelectorAll('.feed-shared-update-v2')[urnIndex];
  if (!post) throw new Error(`no post ${urnIndex}`);
  return post;
}

describe('LinkedIn authors on saved pages', () => {
  it.each(withAuthors)('finds the authors on $file, in order', ({ file, url, authors }) => {
    expect(keys(load(file, url))).toEqual(authors);
  });

  it.each(withKind)('knows what $file is from its URL', ({ file, url, kind }) => {
    expect(linkedin.pageKind(new URL(url), load(file, url))).toBe(kind);
  });

  it('names the original author of a repost, not the member who reposted it', () => {
    const { doc } = fixture('feed.html');
    const repost = postWith(doc, 1);
    const resharer = repost.querySelector('.update-components-header a')?.getAttribute('href');
    expect(resharer).toContain('/in/marco-rossi-77');
    const nodes = linkedin.authorNodes(repost);
    expect(nodes.map((n) => n.profile.profileKey)).toEqual(['linkedin:company/northwind-analytics']);
    expect(nodes[0]?.profile).toMatchObject({ kind: 'company', name: 'Northwind Analytics' });
    expect(nodes[0]?.profile.avatarUrl).toMatch(/^https:\/\/media\.licdn\.com\/.*company-logo/);
    // A company author comes with its name, for the lookup to ask for its account by name too.
    expect(nodes[0]?.companyName).toBe('Northwind Analytics');
  });

  it('counts both the resharer who added words and the author of the reshared post', () => {
    const { doc } = fixture('feed.html');
    expect(keys(postWith(doc, 2))).toEqual(['linkedin:in/tom-baker-uk', 'linkedin:in/aiko-tanaka']);
  });

  it('does not count who liked a post or who is mentioned in it, but counts a comment’s author', () => {
    const { doc } = fixture('feed.html');
    expect(keys(postWith(doc, 4))).toEqual(['linkedin:in/sam-okafor']);
    const commented = linkedin.authorNodes(postWith(doc, 5));
    expect(commented.map((n) => n.profile.profileKey)).toEqual([
      'linkedin:company/contoso',
      'linkedin:in/lena-fischer-hr',
    ]);
    expect(commented[1]?.element.closest('.update-components-header')).toBeNull();
    expect(commented[1]?.element.closest('article.comments-comment-entity')).not.toBeNull();
    expect(keys(postWith(doc, 6))).toEqual(['linkedin:in/diego-alvarez-pm']);
  });

  it('reads names and photos of authors', () => {
    const { doc } = fixture('feed.html');
    const [post, comment, reply] = linkedin.authorNodes(postWith(doc, 0));
    expect(post?.profile).toMatchObject({
      network: 'linkedin',
      kind: 'person',
      profileKey: 'linkedin:in/jane-doe-4a1b2c',
      url: 'https://www.linkedin.com/in/jane-doe-4a1b2c/',
      name: 'Jane Doe',
    });
    expect(post?.profile.avatarUrl).toContain('D4E03AQJaneDoe01');
    expect(comment?.profile).toMatchObject({ name: 'Marco Rossi' });
    expect(comment?.profile.avatarUrl).toContain('D4D03AQMarcoR77');
    expect(reply?.profile).toMatchObject({ name: 'Priya Natarajan' });
    expect(reply?.profile.avatarUrl).toContain('D5603AQPriyaN01');
  });

  it('returns each author element once, and nothing once the badge feature has marked them', () => {
    for (const file of ['feed.html', 'search-people.html', 'search-people-2025.html']) {
      const { doc } = fixture(file);
      const first = linkedin.authorNodes(doc);
      expect(new Set(first.map((n) => n.element)).size, file).toBe(first.length);
      for (const node of first) node.element.setAttribute(SEEN_ATTRIBUTE, '');
      expect(linkedin.authorNodes(doc), file).toEqual([]);
    }
  });

  it('handles an added post, a node inside a post, an added comment and a whole batch', () => {
    const { doc, authors } = fixture('feed.html');
    const post = postWith(doc, 0);
    const expected = [
      'linkedin:in/jane-doe-4a1b2c',
      'linkedin:in/marco-rossi-77',
      'linkedin:in/priya-natarajan',
      'linkedin:in/aiko-tanaka',
    ];
    expect(keys(post)).toEqual(expected);
    const wrapper = post.closest('[data-finite-scroll-hotkey-item]');
    if (!wrapper) throw new Error('no wrapper');
    expect(keys(wrapper)).toEqual(expected);
    const text = post.querySelector('.update-components-update-v2__commentary');
    if (!text) throw new Error('no text');
    expect(keys(text)).toEqual(expected);
    const reply = post.querySelector('.comments-comment-entity--reply');
    if (!reply) throw new Error('no reply');
    expect(keys(reply)).toEqual(['linkedin:in/priya-natarajan']);
    const list = doc.querySelector('[data-finite-scroll-hotkey-context="FEED"]');
    if (!list) throw new Error('no list');
    expect(keys(list)).toEqual(authors);
  });

  it('handles a search result row added on its own', () => {
    const { doc } = fixture('search-people-2025.html');
    const row = doc.querySelector('[data-view-name="search-entity-result-universal-template"]');
    if (!row) throw new Error('no row');
    expect(keys(row)).toEqual(['linkedin:in/marco-rossi-77']);
    expect(keys(row.querySelector('.t-14') ?? row)).toEqual(['linkedin:in/marco-rossi-77']);
  });

  it('puts the badge after the author’s name', () => {
    const { doc } = fixture('feed.html');
    for (const node of linkedin.authorNodes(doc)) {
      const anchor = linkedin.anchorFor(node);
      expect(node.element.contains(anchor)).toBe(true);
      expect(anchor.textContent).toContain(node.profile.name);
    }
    const [post, comment] = linkedin.authorNodes(postWith(doc, 0));
    if (!post || !comment) throw new Error('nodes missing');
    expect(linkedin.anchorFor(post).matches('.update-components-actor__title')).toBe(true);
    expect(linkedin.anchorFor(comment).matches('.comments-comment-meta__description-title')).toBe(true);
    const result = linkedin.authorNodes(fixture('search-people.html').doc)[0];
    if (!result) throw new Error('no result');
    expect(linkedin.anchorFor(result)).toBe(result.element);
    expect(result.element.matches('.entity-result__title-text a')).toBe(true);
  });

  it('does not depend on the UI language', () => {
    const { doc } = fixture('feed-fr.html');
    expect(doc.documentElement.lang).toBe('fr');
    expect(keys(postWith(doc, 0))).toEqual(['linkedin:company/fabrikam']);
  });
});

describe('LinkedIn company pages', () => {
  it('reports no missed selectors on the layouts it was written for', () => {
    for (const file of ['company.html', 'company-public.html']) {
      const { doc, url } = fixture(file);
      const misses: SelectorMiss[] = [];
      expect(linkedin.extractProfile(doc, new URL(url), (miss) => misses.push(miss))).not.toBeNull();
      expect(misses, file).toEqual([]);
    }
  });

  it('falls back to JSON-LD when the top card is gone, and says so', () => {
    const { doc, url } = fixture('company-public.html');
    doc.querySelector('.top-card-layout')?.remove();
    const misses: SelectorMiss[] = [];
    const profile = linkedin.extractProfile(doc, new URL(url), (miss) => misses.push(miss));
    expect(profile).toMatchObject({ kind: 'company', name: 'Contoso', location: 'Redmond, Washington' });
    expect(profile?.headline).toBe('Buy better, together');
    expect(profile?.avatarUrl).toContain('C4E0BAQContos01');
    expect(misses.map((m) => m.field)).toEqual(['company name']);
  });

  it('falls back to the title, without the tab name, when nothing else is left', () => {
    const { doc, url } = fixture('company.html');
    doc.querySelector('main')?.replaceChildren();
    expect(linkedin.extractProfile(doc, new URL(url))?.name).toBe('Northwind Analytics');
  });

  it('reads the location, not the industry or the follower count', () => {
    const { doc, url } = fixture('company.html');
    const profile = linkedin.extractProfile(doc, new URL(url));
    expect(profile?.location).toBe('Leeds, England');
    expect(doc.querySelector('.org-top-card-summary-info-list__info-item')?.textContent).toBe('Software Development');
  });
});

describe('LinkedIn authors on hostile pages', () => {
  it('keeps markup in names as text and clips long names', () => {
    const { doc } = fixture('feed.html');
    const name = doc.querySelector('.update-components-actor__name [aria-hidden="true"]');
    const comment = doc.querySelector('.comments-comment-meta__description-title');
    if (!name || !comment) throw new Error('names missing');
    name.textContent = '<img src=x onerror=alert(1)>';
    comment.textContent = 'C'.repeat(10_000);
    const [post, first] = linkedin.authorNodes(doc);
    expect(post?.profile.name).toBe('<img src=x onerror=alert(1)>');
    expect(first?.profile.name).toHaveLength(300);
    expect(doc.querySelectorAll('img[src="x"]')).toHaveLength(0);
  });

  it('carries no photo it did not find and no image that is not https', () => {
    const { doc } = fixture('feed.html');
    const post = postWith(doc, 0);
    const images = post.querySelectorAll('img');
    images[0]?.setAttribute('src', 'data:image/gif;base64,R0lGODlhAQABAAAAACw=');
    images[1]?.remove();
    const [author, commenter] = linkedin.authorNodes(post);
    expect(author?.profile.avatarUrl).toBeUndefined();
    expect(commenter?.profile.avatarUrl).toBeUndefined();
  });

  it('ignores actor links that do not point at a member or company', () => {
    const { doc } = fixture('feed.html');
    const post = postWith(doc, 0);
    const link = post.querySelector('a.update-components-actor__meta-link');
    link?.setAttribute('href', 'javascript:alert(1)');
    expect(keys(post)).toEqual([
      'linkedin:in/marco-rossi-77',
      'linkedin:in/priya-natarajan',
      'linkedin:in/aiko-tanaka',
    ]);
  });

  it('finds no one on a page of thousands of nodes without authors', () => {
    const doc = new JSDOM('<!DOCTYPE html><main id="m"></main>', { url: 'https://www.linkedin.com/feed/' }).window
      .document;
    const main = doc.getElementById('m');
    if (!main) throw new Error('no main');
    for (let i = 0; i < 2000; i++) {
      const item = doc.createElement('div');
      item.className = 'artdeco-card';
      item.innerHTML = `<a href="/in/member-${i}/"><span aria-hidden="true">Member ${i}</span></a><p class="t-14">text ${i}</p>`;
      main.append(item);
    }
    expect(linkedin.authorNodes(doc)).toEqual([]);
    // Timed after a first call, which pays jsdom's one-off selector compilation; a browser is far faster still.
    expect(linkedin.authorNodes(doc)).toEqual([]);
    expect(linkedin.authorNodes(main)).toEqual([]);
  });
});

describe('LinkedIn URLs', () => {
  const doc = new JSDOM('').window.document;
  it.each([
    ['https://www.linkedin.com/feed/', 'feed'],
    ['https://www.linkedin.com/feed/update/urn:li:activity:7221000000000104729/', 'feed'],
    ['https://de.linkedin.com/in/jane-doe-4a1b2c/de', 'profile'],
    ['https://www.linkedin.com/mwlite/in/jane-doe-4a1b2c', 'profile'],
    ['https://www.linkedin.com/company/northwind-analytics/about/', 'company'],
    ['https://www.linkedin.com/showcase/contoso-cloud/', 'company'],
    ['https://www.linkedin.com/school/politecnico-di-milano/', 'company'],
    ['https://www.linkedin.com/search/results/people/?keywords=jane', 'search'],
    ['https://www.linkedin.com/search/results/all/?keywords=jane', 'search'],
    ['https://www.linkedin.com/messaging/thread/2-abc/', 'other'],
    ['https://www.linkedin.com/jobs/view/4012345678/', 'other'],
  ])('%s is a %s page', (url, kind) => expect(linkedin.pageKind(new URL(url), doc)).toBe(kind));
});
