import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Team } from './accounts';
import type { Queryable } from './db/database';

/** `rpt_` and 32 random bytes in base64url: recognisable in a leaked-secret scan, unguessable. */
export const TOKEN_PATTERN = /^rpt_[A-Za-z0-9_-]{43}$/;

/** Tokens are stored as their SHA-256 only: a leaked database holds no usable token. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface IssuedToken {
  id: string;
  /** Shown to the person once; never stored, never logged. */
  token: string;
}

export async function createToken(db: Queryable, userId: string): Promise<IssuedToken> {
  const [user] = await db.query('SELECT id FROM users WHERE id = $1', [userId]);
  if (!user) throw new Error(`No user with id ${userId}`);
  const issued = { id: randomUUID(), token: `rpt_${randomBytes(32).toString('base64url')}` };
  await db.query('INSERT INTO api_tokens (id, user_id, token_hash) VALUES ($1, $2, $3)', [
    issued.id,
    userId,
    hashToken(issued.token),
  ]);
  return issued;
}

/** Revokes every live token of a user; returns how many. */
export async function revokeTokens(db: Queryable, userId: string): Promise<number> {
  const rows = await db.query(
    'UPDATE api_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL RETURNING id',
    [userId],
  );
  return rows.length;
}

/** Who a request acts for: the token's user and, through them, the only team the request can touch. */
export interface Caller {
  user: { id: string; name: string };
  team: Team;
}

export async function findCaller(db: Queryable, token: string): Promise<Caller | undefined> {
  if (!TOKEN_PATTERN.test(token)) return undefined;
  const [row] = await db.query<{ user_id: string; user_name: string; team_id: string; team_name: string }>(
    `SELECT u.id AS user_id, u.name AS user_name, t.id AS team_id, t.name AS team_name
       FROM api_tokens k JOIN users u ON u.id = k.user_id JOIN teams t ON t.id = u.team_id
      WHERE k.token_hash = $1 AND k.revoked_at IS NULL`,
    [hashToken(token)],
  );
  return row && { user: { id: row.user_id, name: row.user_name }, team: { id: row.team_id, name: row.team_name } };
}
