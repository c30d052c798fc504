import { materialize } from '../../../src/lib/merge';
import { xKeyFromHandle, xKeyFromUserId } from '../../../src/lib/profile-keys/x';
import { SocialIdentity } from '../../../src/lib/records';
import type { Queryable } from '../db/database';

/**
 * The team's X identities, as the connector matches people with them: by X user id first (it survives renames),
 * by handle only for identities whose user id is not known yet (a handle can pass to someone else after a rename).
 */

export interface XIdentity {
  id: string;
  identity: SocialIdentity;
  /** The X user id: `networkUserId`, or the id in an `x:id/<id>` profile key or alias. */
  userId: string | undefined;
  /** The handle's key (`x:<handle>`) from `handle`, or from the profile key or aliases. */
  handle: string | undefined;
}

const ID_KEY = /^x:id\/(\d{1,25})$/;
const HANDLE_KEY = /^x:([a-z0-9_]{1,15})$/;

/**
 * Browsers write these fields as free text: only a well-formed user id or handle is used, so one odd identity can
 * never make a look-up that X refuses for the whole batch.
 */
function describe(id: string, identity: SocialIdentity): XIdentity {
  const keys = [identity.profileKey, ...identity.aliases];
  const keyedId = keys.map((key) => ID_KEY.exec(key)?.[1]).find(Boolean);
  const keyedHandle = keys.map((key) => HANDLE_KEY.exec(key)?.[1]).find(Boolean);
  const ownId =
    identity.networkUserId && /^\d{1,25}$/.test(identity.networkUserId) ? identity.networkUserId : undefined;
  const ownHandle = identity.handle?.trim().replace(/^@/, '').toLowerCase();
  return {
    id,
    identity,
    userId: ownId ?? keyedId,
    handle: ownHandle && /^[a-z0-9_]{1,15}$/.test(ownHandle) ? ownHandle : keyedHandle,
  };
}

/** Oldest first, then by id: two identities of one X account always resolve to the same one. */
const byAge = (a: XIdentity, b: XIdentity) =>
  a.identity.createdAt - b.identity.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export class XBook {
  private readonly byUserId = new Map<string, XIdentity[]>();
  private readonly byHandle = new Map<string, XIdentity[]>();

  constructor(readonly identities: readonly XIdentity[]) {
    for (const entry of [...identities].sort(byAge)) {
      if (entry.userId) push(this.byUserId, entry.userId, entry);
      for (const key of [entry.identity.profileKey, ...entry.identity.aliases]) {
        const handle = HANDLE_KEY.exec(key)?.[1];
        if (handle) push(this.byHandle, handle, entry);
      }
      if (entry.handle) push(this.byHandle, entry.handle, entry);
    }
  }

  /** Every identity of this X account: those with its user id, and those known only by its current handle. */
  identitiesOf(userId: string, handle: string | undefined): XIdentity[] {
    const byId = this.byUserId.get(userId) ?? [];
    const byHandle = handle ? (this.byHandle.get(handle.toLowerCase()) ?? []).filter((entry) => !entry.userId) : [];
    return [...new Set([...byId, ...byHandle])];
  }

  /** The contact this X account is, if the team has one: the identity that belongs to a contact. */
  contactIdentity(userId: string, handle: string | undefined): (XIdentity & { contactId: string }) | undefined {
    const found = this.identitiesOf(userId, handle).find((entry) => entry.identity.contactId);
    return found as (XIdentity & { contactId: string }) | undefined;
  }
}

function push<V>(map: Map<string, V[]>, key: string, value: V) {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
}

/**
 * Reads the team's live X identities whose owner (contact or account) is live too. Deleted ones are left out: a
 * deleted contact is nobody the connector should write to.
 */
export async function loadXBook(db: Queryable, teamId: string): Promise<XBook> {
  const rows = await db.query<{ id: string; data: Record<string, unknown> }>(
    `SELECT i.id, i.data FROM records i
       JOIN records o ON o.team_id = i.team_id
        AND o.store = CASE WHEN i.data ->> 'contactId' IS NOT NULL THEN 'contacts' ELSE 'accounts' END
        AND o.id = coalesce(i.data ->> 'contactId', i.data ->> 'accountId')
      WHERE i.team_id = $1 AND i.store = 'identities' AND i.data ->> 'network' = 'x'
        AND coalesce(i.data ->> 'deleted', 'false') <> 'true' AND coalesce(o.data ->> 'deleted', 'false') <> 'true'`,
    [teamId],
  );
  const identities: XIdentity[] = [];
  for (const row of rows) {
    // Stored records were validated when they were written; one that no longer parses is left alone.
    const parsed = SocialIdentity.safeParse({ ...materialize(row.data), id: row.id });
    if (parsed.success) identities.push(describe(row.id, parsed.data));
  }
  return new XBook(identities);
}

/** The profile keys of an X account: by user id, and by its current handle. */
export const xAccountKeys = (userId: string, handle: string | undefined) =>
  [xKeyFromUserId(userId)?.key, handle ? xKeyFromHandle(handle)?.key : undefined].filter((key): key is string =>
    Boolean(key),
  );
