import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { facebook } from '../../src/content/sites/facebook';
import { linkedin } from '../../src/content/sites/linkedin';
import type { SiteAdapter } from '../../src/content/sites/types';
import { FACEBOOK_FIXTURES } from '../fixtures/facebook';
import { LINKEDIN_FIXTURES } from '../fixtures/linkedin';

/**
 * The card looks a profile up by its URL's key while the page still loads, and uses that answer only when the key
 * the page then yields is the same: on every saved profile they must agree, and pages about no one give no key.
 */
const cases = [
  ...LINKEDIN_FIXTURES.map((fixture) => ({ adapter: linkedin as SiteAdapter, dir: 'linkedin', ...fixture })),
  ...FACEBOOK_FIXTURES.map((fixture) => ({ adapter: facebook as SiteAdapter, dir: 'facebook', ...fixture })),
];

describe('the lookup key a profile URL gives before the page is parsed', () => {
  it.each(cases)('agrees with what $dir/$file yields', ({ adapter, dir, file, url }) => {
    const html = readFileSync(new URL(`../fixtures/${dir}/${file}`, import.meta.url), 'utf8');
    const doc = new JSDOM(html, { url }).window.document;
    const profile = adapter.extractProfile(doc, new URL(url));
    const early = adapter.profileKeyFromUrl?.(new URL(url)) ?? null;
    if (profile) expect(early).toBe(profile.profileKey);
    else if (['feed', 'search'].includes(adapter.pageKind(new URL(url), doc))) expect(early).toBeNull();
  });

  it('gives none for feeds, searches, single posts and media', () => {
    for (const url of [
      'https://www.linkedin.com/feed/',
      'https://www.linkedin.com/search/results/people/?keywords=jane',
      'https://www.linkedin.com/jobs/',
    ])
      expect(linkedin.profileKeyFromUrl?.(new URL(url))).toBeNull();
    for (const url of [
      'https://www.facebook.com/',
      'https://www.facebook.com/search/top/?q=jane',
      'https://www.facebook.com/jane.roe/posts/pfbid0123',
      'https://www.facebook.com/jane.roe/videos/123456',
    ])
      expect(facebook.profileKeyFromUrl?.(new URL(url))).toBeNull();
    expect(linkedin.profileKeyFromUrl?.(new URL('https://de.linkedin.com/in/jane-doe-4a1b2c/?locale=de_DE'))).toBe(
      linkedin.profileKeyFromUrl?.(new URL('https://www.linkedin.com/in/jane-doe-4a1b2c/')),
    );
  });
});
