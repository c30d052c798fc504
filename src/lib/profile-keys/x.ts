import { hostMatches, type ProfileKeyInfo, parseUrl, pathSegments } from './types';

/** First path segments on x.com / twitter.com that are app routes, not handles. */
const RESERVED = new Set([
  'home',
  'explore',
  'search',
  'i',
  'settings',
  'notifications',
  'messages',
  'compose',
  'login',
  'logout',
  'signup',
  'tos',
  'privacy',
  'jobs',
  'communities',
  'hashtag',
  'account',
  'intent',
  'share',
  'download',
  'premium',
  'premium_sign_up',
  'about',
  'bookmarks',
  'topics',
  'lists',
  'verified-choose',
  'who_to_follow',
  'connect_people',
  'following',
  'followers',
  'oauth',
  'sw.js',
  'manifest.json',
  'grok',
  'jf',
  'rules',
  'en',
  'help',
  'safety',
  'tweetdeck',
  'articles',
  'spaces',
  'your_twitter_data',
  'search-advanced',
]);

const HANDLE = /^[A-Za-z0-9_]{1,15}$/;

export function isXHost(url: URL): boolean {
  return hostMatches(url, 'x.com') || hostMatches(url, 'twitter.com');
}

export function xKeyFromHandle(handle: string): ProfileKeyInfo | null {
  const clean = handle.replace(/^@/, '');
  if (!HANDLE.test(clean) || RESERVED.has(clean.toLowerCase())) return null;
  const lower = clean.toLowerCase();
  return { network: 'x', kind: 'person', key: `x:${lower}`, url: `https://x.com/${lower}` };
}

/** X user ids survive handle renames; the server learns them from the API (see the X connector). */
export function xKeyFromUserId(id: string): ProfileKeyInfo | null {
  if (!/^\d{1,25}$/.test(id)) return null;
  return { network: 'x', kind: 'person', key: `x:id/${id}`, url: `https://x.com/i/user/${id}` };
}

/**
 * X profile key: handles are case-insensitive and the same on x.com and twitter.com (and `mobile.` hosts);
 * `/<handle>/status/…` belongs to its author; `/i/user/<id>` and `/intent/user?screen_name=` are understood.
 */
export function xKey(input: string | URL): ProfileKeyInfo | null {
  const url = parseUrl(input);
  if (!url || !isXHost(url)) return null;
  const parts = pathSegments(url);
  if (parts[0] === 'i' && parts[1] === 'user' && parts[2]) return xKeyFromUserId(parts[2]);
  if (parts[0] === 'intent' && (parts[1] === 'user' || parts[1] === 'follow')) {
    const name = url.searchParams.get('screen_name');
    if (name) return xKeyFromHandle(name);
    const id = url.searchParams.get('user_id');
    return id ? xKeyFromUserId(id) : null;
  }
  const first = parts[0];
  return first ? xKeyFromHandle(first) : null;
}
