import { createTeam, createUser, type Team, type User } from './accounts';
import type { Database } from './db/database';
import { createToken } from './tokens';

/** Any fixed number, distinct from the migration lock: two processes starting at once make one first team. */
const BOOTSTRAP_LOCK = 7_263_040_172;

export interface FirstTeam {
  team: Team;
  user: User;
  token: string;
}

/**
 * On a first start with no team at all, makes one team, one user and a token, so a single person can connect at
 * once. Returns them (the token to be shown once), or nothing when the database already has a team.
 */
export function bootstrapFirstTeam(db: Database): Promise<FirstTeam | undefined> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [BOOTSTRAP_LOCK]);
    const [existing] = await tx.query('SELECT id FROM teams LIMIT 1');
    if (existing) return undefined;
    const team = await createTeam(tx, 'My team');
    const user = await createUser(tx, team.id, 'Me');
    const { token } = await createToken(tx, user.id);
    return { team, user, token };
  });
}

/** The one-time message with the token: printed to the terminal, never written to the logs. */
export function firstTeamMessage({ team, user, token }: FirstTeam, url: string): string {
  return [
    '',
    'Rapport sync server: first start, so it made a team and a user for you.',
    `  Server URL: ${url}`,
    `  Token:      ${token}`,
    `  (team "${team.name}" ${team.id}, user "${user.name}" ${user.id})`,
    "Enter the URL and the token in Rapport's options page. The token is shown only now (the server keeps a hash).",
    'Teammates: npm run server -- create-user --team <team id> "Name", then create-token --user <user id>.',
    '',
  ].join('\n');
}
