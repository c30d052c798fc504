import { xKeyFromHandle, xKeyFromUserId } from '../../../src/lib/profile-keys/x';
import type { ServerPatch } from '../sync/server-writes';
import type { XUser } from './payloads';
import type { XIdentity } from './x-book';

/**
 * What X says about a user, written onto the team's identity of that user as the server's own change: its user id
 * (with the other profile key as an alias, so browsers find it by either), a new handle after a rename (the old
 * handle's key stays an alias), and, on enrichment, the profile's name, bio, location, followers and avatar.
 * Only fields whose value changes are written, so a poll that learns nothing new writes nothing.
 */

const MAX_ALIASES = 20;

const clip = (value: string | undefined, max: number) => {
  const clipped = value?.trim().slice(0, max).trim();
  return clipped ? clipped : undefined;
};

const isHandleUrl = (url: string, handle: string) => {
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  const first = parsed?.pathname.split('/')[1]?.toLowerCase();
  return first === handle.replace(/^@/, '').toLowerCase();
};

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The newest keys are kept when there are too many: the profile key itself is never an alias. */
function withAliases(current: readonly string[], profileKey: string, added: readonly string[]): string[] {
  const all = [...new Set([...current, ...added])].filter((key) => key !== profileKey);
  return all.slice(Math.max(0, all.length - MAX_ALIASES));
}

export interface ProfileFacts {
  /** Also write the profile (name, bio, location, followers, avatar) and `enrichedAt`, not only the keys. */
  enrich: boolean;
  now: number;
}

export function identityPatch(entry: XIdentity, user: XUser, { enrich, now }: ProfileFacts): ServerPatch | undefined {
  const { identity } = entry;
  const patch: Record<string, unknown> = {};
  const set = (field: string, value: unknown) => {
    if (!sameJson((identity as Record<string, unknown>)[field] ?? null, value ?? null)) patch[field] = value ?? null;
  };
  if (identity.networkUserId !== user.id) set('networkUserId', user.id);
  const renamed = identity.handle?.replace(/^@/, '').toLowerCase() !== user.username.toLowerCase();
  if (renamed || !identity.handle) set('handle', user.username);
  // After a rename the old handle's key stays an alias too: links and saved pages of the old handle still match.
  const oldHandle = renamed && identity.handle ? xKeyFromHandle(identity.handle)?.key : undefined;
  const keys = [xKeyFromUserId(user.id)?.key, oldHandle, xKeyFromHandle(user.username)?.key].filter(
    (key): key is string => Boolean(key),
  );
  set('aliases', withAliases(identity.aliases, identity.profileKey, keys));
  // The old handle's address would show nobody, or whoever takes the handle next; an id address stays as it is.
  if (renamed && identity.handle && isHandleUrl(identity.url, identity.handle)) {
    set('url', `https://x.com/${user.username}`);
  }
  if (enrich) {
    set('displayName', clip(user.name, 300));
    set('bio', clip(user.description, 2000));
    set('location', clip(user.location, 300));
    set('followers', user.public_metrics?.followers_count);
    set('avatarUrl', user.profile_image_url);
  }
  if (Object.keys(patch).length === 0 && !enrich) return undefined;
  if (enrich) patch.enrichedAt = now;
  patch.updatedAt = now;
  return { store: 'identities', recordId: entry.id, patch };
}
