import { describe, expect, it } from 'vitest';
import { facebookKey, linkedinKey, networkOfSite, profileKeyOf, xKey } from '../../src/lib/profile-keys';

describe('LinkedIn profile keys: every URL form of one profile gives one key', () => {
  const same: Array<[string, string]> = [
    ['https://www.linkedin.com/in/jane-doe-4a1b2c/', 'linkedin:in/jane-doe-4a1b2c'],
    ['https://www.linkedin.com/in/jane-doe-4a1b2c', 'linkedin:in/jane-doe-4a1b2c'],
    ['https://linkedin.com/in/jane-doe-4a1b2c/', 'linkedin:in/jane-doe-4a1b2c'],
    ['http://www.linkedin.com/in/jane-doe-4a1b2c', 'linkedin:in/jane-doe-4a1b2c'],
    ['www.linkedin.com/in/jane-doe-4a1b2c', 'linkedin:in/jane-doe-4a1b2c'],
    ['linkedin.com/in/Jane-Doe-4A1B2C/', 'linkedin:in/jane-doe-4a1b2c'],
    ['https://de.linkedin.com/in/jane-doe-4a1b2c/de', 'linkedin:in/jane-doe-4a1b2c'],
    ['https://www.linkedin.com/in/jane-doe-4a1b2c/?locale=fr_FR', 'linkedin:in/jane-doe-4a1b2c'],
    ['https://www.linkedin.com/in/jane-doe-4a1b2c/details/experience/', 'linkedin:in/jane-doe-4a1b2c'],
    ['https://www.linkedin.com/in/jane-doe-4a1b2c/overlay/contact-info/', 'linkedin:in/jane-doe-4a1b2c'],
    [
      'https://www.linkedin.com/in/jane-doe-4a1b2c?trk=public_profile&originalSubdomain=uk',
      'linkedin:in/jane-doe-4a1b2c',
    ],
    ['https://www.linkedin.com/in/jane-doe-4a1b2c#experience', 'linkedin:in/jane-doe-4a1b2c'],
    ['https://m.linkedin.com/in/jane-doe-4a1b2c', 'linkedin:in/jane-doe-4a1b2c'],
    ['https://www.linkedin.com/mwlite/in/jane-doe-4a1b2c', 'linkedin:in/jane-doe-4a1b2c'],
    ['  https://WWW.LINKEDIN.COM/in/jane-doe-4a1b2c/  ', 'linkedin:in/jane-doe-4a1b2c'],
  ];
  it.each(same)('%s', (url, key) => expect(linkedinKey(url)?.key).toBe(key));

  it('decodes percent-encoded slugs so the encoded and the typed form are one key', () => {
    const encoded = linkedinKey('https://www.linkedin.com/in/j%C3%BCrgen-m%C3%BCller-b2b/');
    const lower = linkedinKey('https://www.linkedin.com/in/j%c3%bcrgen-m%c3%bcller-b2b');
    const typed = linkedinKey('https://www.linkedin.com/in/jürgen-müller-b2b');
    const twice = linkedinKey('https://www.linkedin.com/in/j%25C3%25BCrgen-m%25C3%25BCller-b2b/');
    expect(encoded?.key).toBe('linkedin:in/jürgen-müller-b2b');
    expect(lower?.key).toBe(encoded?.key);
    expect(typed?.key).toBe(encoded?.key);
    expect(twice?.key).toBe(encoded?.key);
  });

  it('normalises Unicode so composed and decomposed umlauts are one key', () => {
    const composed = linkedinKey('https://www.linkedin.com/in/j\u00fcrgen');
    const decomposed = linkedinKey('https://www.linkedin.com/in/ju\u0308rgen');
    expect(decomposed?.key).toBe(composed?.key);
  });

  it('gives a clean URL to open', () => {
    expect(linkedinKey('https://de.linkedin.com/in/Jane-Doe?x=1')?.url).toBe('https://www.linkedin.com/in/jane-doe/');
  });

  it('knows company, showcase and school pages as companies', () => {
    expect(linkedinKey('https://www.linkedin.com/company/northwind-analytics/about/')).toMatchObject({
      kind: 'company',
      key: 'linkedin:company/northwind-analytics',
    });
    expect(linkedinKey('https://www.linkedin.com/showcase/contoso-cloud')?.key).toBe('linkedin:showcase/contoso-cloud');
  });

  it.each([
    'https://www.linkedin.com/feed/',
    'https://www.linkedin.com/in/',
    'https://www.linkedin.com/search/results/people/?keywords=jane',
    'https://www.linkedin.com/messaging/thread/2-abc/',
    'https://www.linkedin.com.evil.example/in/jane-doe',
    'https://evil-linkedin.com/in/jane-doe',
    'https://x.com/in/jane',
    'not a url at all',
    'https://www.linkedin.com/in/bad%ZZslug%2Fwith%2Fslash',
  ])('rejects %s', (url) => expect(linkedinKey(url)).toBeNull());
});

describe('X profile keys', () => {
  it.each([
    ['https://x.com/JaneDoe', 'x:janedoe'],
    ['https://twitter.com/janedoe', 'x:janedoe'],
    ['https://www.twitter.com/JANEDOE/', 'x:janedoe'],
    ['https://mobile.twitter.com/janedoe/with_replies', 'x:janedoe'],
    ['https://x.com/janedoe/status/1790000000000000000', 'x:janedoe'],
    ['https://x.com/i/user/783214', 'x:id/783214'],
    ['https://twitter.com/intent/user?screen_name=JaneDoe', 'x:janedoe'],
  ])('%s → %s', (url, key) => expect(xKey(url)?.key).toBe(key));

  it.each([
    'https://x.com/home',
    'https://x.com/explore',
    'https://x.com/i/lists/123',
    'https://x.com/settings/profile',
    'https://x.com/search?q=rapport',
    'https://x.com/notifications',
    'https://x.com/messages',
    'https://x.com/this_handle_is_far_too_long',
  ])('rejects %s', (url) => expect(xKey(url)).toBeNull());
});

describe('Facebook profile keys', () => {
  it.each([
    ['https://www.facebook.com/profile.php?id=100004123456789', 'facebook:id/100004123456789'],
    ['https://m.facebook.com/profile.php?id=100004123456789&ref=bookmarks', 'facebook:id/100004123456789'],
    ['https://web.facebook.com/john.smith', 'facebook:johnsmith'],
    ['https://www.facebook.com/John.Smith/', 'facebook:johnsmith'],
    ['https://m.facebook.com/johnsmith?ref=x', 'facebook:johnsmith'],
    ['https://www.facebook.com/people/Jane-Roe/100089999999999/', 'facebook:id/100089999999999'],
    ['https://www.facebook.com/100004123456789', 'facebook:id/100004123456789'],
    ['https://www.facebook.com/p/Contoso-Bakery-61550123456789/', 'facebook:id/61550123456789'],
    ['https://www.facebook.com/groups/leedsprocurement/user/100004123456789/', 'facebook:id/100004123456789'],
    ['https://www.facebook.com/groups/123456/user/100004123456789/?__cft__[0]=AZX', 'facebook:id/100004123456789'],
    ['https://www.facebook.com/jane.roe.52?comment_id=Y29tbWVudDox&__tn__=R]-R', 'facebook:janeroe52'],
  ])('%s → %s', (url, key) => expect(facebookKey(url)?.key).toBe(key));

  it.each([
    'https://www.facebook.com/',
    'https://www.facebook.com/groups/123',
    'https://www.facebook.com/watch/?v=1',
    'https://www.facebook.com/marketplace/',
    'https://www.facebook.com/profile.php',
    'https://www.facebook.com/me',
    'https://www.facebook.com/p/',
    'https://www.facebook.com/p/no-id-here/',
    'https://www.facebook.com/groups/leedsprocurement/',
    'https://www.facebook.com/groups/leedsprocurement/user/',
  ])('rejects %s', (url) => expect(facebookKey(url)).toBeNull());
});

it('finds the network of any profile URL', () => {
  expect(profileKeyOf('https://x.com/janedoe')?.network).toBe('x');
  expect(profileKeyOf('https://www.linkedin.com/in/jane')?.network).toBe('linkedin');
  expect(profileKeyOf('https://facebook.com/jane.roe')?.network).toBe('facebook');
  expect(profileKeyOf('https://example.com/jane')).toBeNull();
});

describe("the network of a site's page, by its host alone", () => {
  it.each([
    ['https://www.linkedin.com/feed/', 'linkedin'],
    ['https://de.linkedin.com/in/juergen/', 'linkedin'],
    ['https://x.com/home', 'x'],
    ['https://mobile.twitter.com/JaneDoeBuys', 'x'],
    ['https://web.facebook.com/search/people/?q=jane', 'facebook'],
    ['https://m.facebook.com/profile.php?id=100004123456789', 'facebook'],
  ])('%s → %s', (address, network) => expect(networkOfSite(address)).toBe(network));

  it.each([
    'https://x.com.evil.example/home',
    'https://evillinkedin.com/in/jane',
    'http://www.linkedin.com/feed/',
    'chrome-extension://rapport-id/src/popup/index.html',
    'www.linkedin.com/feed/',
    'not a url',
    undefined,
  ])('is no network for %s', (address) => expect(networkOfSite(address)).toBeNull());
});
