import type { Queryable } from '../db/database';
import { ConversationItem } from './conversation-items';
import type { XUser } from './payloads';

/**
 * People the company talked with on X who are not contacts (x_people), and their conversation items waiting for
 * them to become one (x_pending_items). Every statement names its team.
 */

const clip = (value: string | undefined, max: number) => value?.trim().slice(0, max) || null;

/** Records what X showed of a person (a later look replaces an earlier one); just the id when X showed nothing. */
export async function notePerson(tx: Queryable, teamId: string, userId: string, user: XUser | undefined) {
  if (!user) {
    await tx.query('INSERT INTO x_people (team_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [teamId, userId]);
    return;
  }
  await tx.query(
    `INSERT INTO x_people (team_id, user_id, handle, name, avatar_url, bio, followers)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (team_id, user_id) DO UPDATE SET handle = excluded.handle, name = excluded.name,
       avatar_url = excluded.avatar_url, bio = excluded.bio, followers = excluded.followers`,
    [
      teamId,
      userId,
      user.username,
      clip(user.name, 300),
      user.profile_image_url ?? null,
      clip(user.description, 2000),
      user.public_metrics?.followers_count ?? null,
    ],
  );
}

/** Keeps an item of a person who is not a contact; the same item delivered again is stored once. */
export async function keepPending(tx: Queryable, teamId: string, item: ConversationItem) {
  await tx.query(
    `INSERT INTO x_pending_items (team_id, external_id, user_id, mention, occurred_at, item)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb) ON CONFLICT DO NOTHING`,
    [teamId, item.externalId, item.counterpartId, item.mention, item.occurredAt, JSON.stringify(item)],
  );
}

export interface KnownPerson {
  userId: string;
  handle: string | null;
}

export async function peopleSeen(db: Queryable, teamId: string): Promise<KnownPerson[]> {
  return db.query<KnownPerson>('SELECT user_id AS "userId", handle FROM x_people WHERE team_id = $1', [teamId]);
}

export async function pendingItemsOf(db: Queryable, teamId: string, userId: string): Promise<ConversationItem[]> {
  const rows = await db.query<{ item: unknown }>(
    'SELECT item FROM x_pending_items WHERE team_id = $1 AND user_id = $2 ORDER BY occurred_at',
    [teamId, userId],
  );
  // Written by this server from parsed X data; parsed again so a hand-edited row cannot reach the records.
  return rows.flatMap((row) => {
    const parsed = ConversationItem.safeParse(row.item);
    return parsed.success ? [parsed.data] : [];
  });
}

/** The person became a contact: their items have been written as interactions, the rest of them goes. */
export async function forgetPerson(tx: Queryable, teamId: string, userId: string) {
  await tx.query('DELETE FROM x_people WHERE team_id = $1 AND user_id = $2', [teamId, userId]);
}

/** Items nobody claimed for this long are dropped, so what the server keeps of strangers stays bounded. */
export async function dropStalePending(db: Queryable, teamId: string, olderThan: number) {
  await db.query('DELETE FROM x_pending_items WHERE team_id = $1 AND occurred_at < $2', [teamId, olderThan]);
  // A dismissal is kept: it is a person's decision, not something the server saw.
  await db.query(
    `DELETE FROM x_people p WHERE p.team_id = $1 AND p.dismissed_at IS NULL AND NOT EXISTS
       (SELECT 1 FROM x_pending_items i WHERE i.team_id = p.team_id AND i.user_id = p.user_id)`,
    [teamId],
  );
}

export interface SuggestionRow {
  userId: string;
  handle: string;
  name: string | null;
  avatarUrl: string | null;
  bio: string | null;
  followers: number | null;
  mentionCount: number;
  item: unknown;
}

/**
 * The people who mentioned the company, not dismissed, with their latest mention and how many there were: newest
 * mention first. `limit` leaves room for the caller to drop those who have become contacts since the last poll.
 */
export function suggestionRows(db: Queryable, teamId: string, limit: number): Promise<SuggestionRow[]> {
  return db.query<SuggestionRow>(
    `SELECT p.user_id AS "userId", p.handle, p.name, p.avatar_url AS "avatarUrl", p.bio, p.followers,
            m.count::int AS "mentionCount", m.item
       FROM x_people p
       JOIN LATERAL (
         SELECT count(*) OVER () AS count, i.item, i.occurred_at FROM x_pending_items i
          WHERE i.team_id = p.team_id AND i.user_id = p.user_id AND i.mention
          ORDER BY i.occurred_at DESC LIMIT 1
       ) m ON true
      WHERE p.team_id = $1 AND p.dismissed_at IS NULL AND p.handle IS NOT NULL
      ORDER BY m.occurred_at DESC, p.user_id
      LIMIT $2`,
    [teamId, limit],
  );
}

/** Returns whether the team had seen that person. */
export async function dismissPerson(db: Queryable, teamId: string, userId: string, at: number): Promise<boolean> {
  const rows = await db.query(
    'UPDATE x_people SET dismissed_at = coalesce(dismissed_at, $3) WHERE team_id = $1 AND user_id = $2 RETURNING 1',
    [teamId, userId, at],
  );
  return rows.length > 0;
}
