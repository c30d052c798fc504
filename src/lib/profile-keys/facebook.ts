import { hostMatches, type ProfileKeyInfo, parseUrl, pathSegments } from './types';

/** First path segments on facebook.com that are app routes, not usernames. */
const RESERVED = new Set([
  'me',
  'groups',
  'watch',
  'marketplace',
  'gaming',
  'events',
  'photo',
  'photo.php',
  'photos',
  'story.php',
  'permalink.php',
  'login',
  'login.php',
  'help',
  'settings',
  'notifications',
  'messages',
  'friends',
  'bookmarks',
  'search',
  'hashtag',
  'reel',
  'reels',
  'stories',
  'share',
  'sharer',
  'sharer.php',
  'dialog',
  'privacy',
  'policies',
  'policy.php',
  'ads',
  'business',
  'l.php',
  'home.php',
  'saved',
  'memories',
  'fundraisers',
  'live',
  'games',
  'feeds',
  'plugins',
  'legal',
  'about',
  'index.php',
  'recover',
  'checkpoint',
  'composer',
  'video.php',
  'directory',
  'lite',
  'careers',
  'help.php',
  'terms',
  'terms.php',
  'pages',
  'media',
  'places',
  'offers',
  'jobs',
  'weather',
  'notes',
  'messenger',
  'video',
  'videos',
  'posts',
  'ajax',
  'api',
  'find-friends',
  'profile.php',
  'people',
  'public',
  'watchparty',
  'business_help',
  'latest',
  'onthisday',
]);

const USERNAME = /^[A-Za-z0-9.]{1,80}$/;

export function isFacebookHost(url: URL): boolean {
  return hostMatches(url, 'facebook.com') || hostMatches(url, 'fb.com');
}

function idKey(id: string): ProfileKeyInfo | null {
  if (!/^\d{1,25}$/.test(id)) return null;
  return {
    network: 'facebook',
    kind: 'person',
    key: `facebook:id/${id}`,
    url: `https://www.facebook.com/profile.php?id=${id}`,
  };
}

/**
 * Facebook profile key. Numeric ids (`profile.php?id=N`, `/people/Name/N`, `/pages/Name/N`, `/p/Name-N`, a group
 * member's `/groups/G/user/N`) become `id/N`; usernames are compared as Facebook does: case and periods do not count
 * (`John.Smith` is `johnsmith`). `www.`, `m.`, `web.`, `mbasic.` and `touch.` hosts are one site.
 */
export function facebookKey(input: string | URL): ProfileKeyInfo | null {
  const url = parseUrl(input);
  if (!url || !isFacebookHost(url)) return null;
  const parts = pathSegments(url);
  const first = parts[0];
  if (!first) return null;
  if (first === 'profile.php') return idKey(url.searchParams.get('id') ?? '');
  if ((first === 'people' || first === 'pages') && parts[2]) return idKey(parts[2]);
  // Pages' newer addresses: `/p/Contoso-Bakery-61550123456789/`, the id after the last hyphen.
  if (first === 'p') return idKey(/-(\d{1,25})$/.exec(parts[1] ?? '')?.[1] ?? '');
  if (first === 'groups' && parts[2] === 'user' && parts[3]) return idKey(parts[3]);
  if (RESERVED.has(first.toLowerCase()) || !USERNAME.test(first)) return null;
  const canonical = first.toLowerCase().replaceAll('.', '');
  if (!canonical || /^\d+$/.test(canonical)) return idKey(canonical);
  return {
    network: 'facebook',
    kind: 'person',
    key: `facebook:${canonical}`,
    url: `https://www.facebook.com/${first.toLowerCase()}`,
  };
}
