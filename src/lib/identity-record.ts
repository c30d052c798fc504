import { xKeyFromHandle, xKeyFromUserId } from './profile-keys';
import type { ProfileRef } from './profile-ref';
import type { SocialIdentity } from './records';

const clip = (value: string | undefined, max: number) => (value ? value.trim().slice(0, max) || undefined : undefined);

/**
 * The identity record for a profile seen on a page, owned by a contact or an account. Where the page shows X's
 * numeric user id, that id is the profile key (it survives renames) and the handle's key becomes an alias, so the
 * profile is found by either.
 */
export function identityFor(
  profile: ProfileRef,
  owner: { contactId: string } | { accountId: string },
  meta: { id: string; createdAt: number; updatedAt: number; deleted: boolean },
): SocialIdentity {
  const byId = profile.network === 'x' && profile.networkUserId ? xKeyFromUserId(profile.networkUserId) : null;
  const byHandle = profile.network === 'x' && profile.handle ? xKeyFromHandle(profile.handle) : null;
  const profileKey = byId?.key ?? profile.profileKey;
  const aliases = [...new Set([profile.profileKey, byHandle?.key].filter((key): key is string => Boolean(key)))].filter(
    (key) => key !== profileKey,
  );
  return {
    ...meta,
    network: profile.network,
    profileKey,
    url: profile.url,
    handle: clip(profile.handle, 200),
    displayName: clip(profile.name, 300),
    networkUserId: byId ? profile.networkUserId : undefined,
    aliases,
    ...owner,
  };
}
