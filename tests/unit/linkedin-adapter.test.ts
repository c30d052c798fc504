import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { linkedin } from '../../src/content/sites/linkedin';
import type { SelectorMiss } from '../../src/content/sites/types';
import { LINKEDIN_FIXTURES } from '../fixtures/linkedin';

function load(file: string, url: string) {
  const html = readFileSync(new URL(`../fixtures/linkedin/${file}`, import.meta.url), 'utf8');
  return new JSDOM(html, { url }).window.document;
}

describe('LinkedIn adapter on saved pages', () => {
  it.each(LINKEDIN_FIXTURES)('reads $file', ({ file, url, expected }) => {
    const doc = load(file, url);
    const profile = linkedin.extractProfile(doc, new URL(url));
    if (expected === null) expect(profile).toBeNull();
    else expect(profile).toMatchObject({ network: 'linkedin', ...expected });
  });

  it('clips a 10,000-character headline and carries no avatar it did not find', () => {
    const fixture = LINKEDIN_FIXTURES.find((f) => f.file === 'profile-hostile.html');
    if (!fixture) throw new Error('hostile fixture missing');
    const profile = linkedin.extractProfile(load(fixture.file, fixture.url), new URL(fixture.url));
    expect(profile?.headline?.length).toBe(1000);
    expect(profile?.headline?.startsWith('<script>alert("headline")</script>')).toBe(true);
    expect(profile?.avatarUrl).toBeUndefined();
  });

  it('falls back to structured data when selectors miss, and says which selectors missed', () => {
    const misses: SelectorMiss[] = [];
    const url = 'https://www.linkedin.com/in/priya-natarajan/';
    linkedin.extractProfile(load('markup-changed.html', url), new URL(url), (miss) => misses.push(miss));
    expect(misses.map((m) => m.field).sort()).toEqual(['company', 'headline', 'location', 'name']);
  });

  it('reports no misses on the page layout it was written for', () => {
    const misses: SelectorMiss[] = [];
    const url = 'https://www.linkedin.com/in/jane-doe-4a1b2c/';
    linkedin.extractProfile(load('profile-classic.html', url), new URL(url), (miss) => misses.push(miss));
    expect(misses).toEqual([]);
  });

  it('reads the profile photo from the markup, or from JSON-LD when the markup defers it', () => {
    const classic = linkedin.extractProfile(
      load('profile-classic.html', 'https://www.linkedin.com/in/jane-doe-4a1b2c/'),
      new URL('https://www.linkedin.com/in/jane-doe-4a1b2c/'),
    );
    expect(classic?.avatarUrl).toMatch(/^https:\/\/media\.licdn\.com\/.*shrink_200_200/);
    const pub = linkedin.extractProfile(
      load('profile-public.html', 'https://jp.linkedin.com/in/aiko-tanaka'),
      new URL('https://jp.linkedin.com/in/aiko-tanaka'),
    );
    expect(pub?.avatarUrl).toMatch(/^https:\/\/media\.licdn\.com\/.*shrink_200_200/);
  });

  it('keys the profile on the URL, not on what the page embeds', () => {
    // After an in-page navigation the old profile's markup can still be on screen: the key follows the URL.
    const doc = load('profile-classic.html', 'https://www.linkedin.com/in/marco-rossi-77/');
    expect(linkedin.extractProfile(doc, new URL('https://www.linkedin.com/in/marco-rossi-77/'))?.profileKey).toBe(
      'linkedin:in/marco-rossi-77',
    );
  });

  it('tells page kinds apart from the URL', () => {
    const doc = new JSDOM('').window.document;
    const kind = (url: string) => linkedin.pageKind(new URL(url), doc);
    expect(kind('https://www.linkedin.com/in/jane/')).toBe('profile');
    expect(kind('https://www.linkedin.com/company/contoso/')).toBe('company');
    expect(kind('https://www.linkedin.com/feed/')).toBe('feed');
    expect(kind('https://www.linkedin.com/search/results/people/?keywords=x')).toBe('search');
    expect(kind('https://www.linkedin.com/messaging/')).toBe('other');
  });
});
