import { randomUUID } from 'node:crypto';
import type { Queryable } from './db/database';

/** Teams and their users: made by the admin CLI (or the first start), never through the HTTP API. */
export interface Team {
  id: string;
  name: string;
}

export interface User {
  id: string;
  teamId: string;
  name: string;
}

const cleanName = (name: string, what: string) => {
  const trimmed = name.trim();
  if (trimmed.length < 1 || trimmed.length > 200) throw new Error(`A ${what} name has 1–200 characters`);
  return trimmed;
};

export async function createTeam(db: Queryable, name: string): Promise<Team> {
  const team = { id: randomUUID(), name: cleanName(name, 'team') };
  // One statement, so a team never exists without its version counter.
  await db.query(
    `WITH team AS (INSERT INTO teams (id, name) VALUES ($1, $2) RETURNING id)
     INSERT INTO team_versions (team_id) SELECT id FROM team`,
    [team.id, team.name],
  );
  return team;
}

export async function createUser(db: Queryable, teamId: string, name: string): Promise<User> {
  const [team] = await db.query('SELECT id FROM teams WHERE id = $1', [teamId]);
  if (!team) throw new Error(`No team with id ${teamId}`);
  const user = { id: randomUUID(), teamId, name: cleanName(name, 'user') };
  await db.query('INSERT INTO users (id, team_id, name) VALUES ($1, $2, $3)', [user.id, user.teamId, user.name]);
  return user;
}

export interface TeamListing extends Team {
  users: { id: string; name: string; tokens: number }[];
}

/** Every team with its users and how many live tokens each has, for the admin CLI. */
export async function listTeams(db: Queryable): Promise<TeamListing[]> {
  const teams = await db.query<Team>('SELECT id, name FROM teams ORDER BY created_at, id');
  const users = await db.query<{ id: string; team_id: string; name: string; tokens: number }>(
    `SELECT u.id, u.team_id, u.name, count(t.id)::int AS tokens
       FROM users u LEFT JOIN api_tokens t ON t.user_id = u.id AND t.revoked_at IS NULL
      GROUP BY u.id ORDER BY u.created_at, u.id`,
  );
  return teams.map((team) => ({
    ...team,
    users: users.filter((user) => user.team_id === team.id).map(({ id, name, tokens }) => ({ id, name, tokens })),
  }));
}
