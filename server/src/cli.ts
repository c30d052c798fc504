import { parseArgs } from 'node:util';
import { createTeam, createUser, listTeams } from './accounts';
import { loadConfig } from './config';
import type { Database } from './db/database';
import { openDatabase } from './db/open';
import { createLogger } from './log';
import { createToken, revokeTokens } from './tokens';

export const USAGE = `Usage: npm run server -- <command>
  (no command)                        start the server (PORT, HOST, DATABASE_URL or RAPPORT_DATA_DIR)
  create-team <name>                  make a team; prints its id
  create-user --team <id> <name>      make a user in a team; prints its id
  create-token --user <id>            make an API token for a user; prints it once
  revoke-tokens --user <id>           revoke every token of a user
  list                                teams, their users and how many live tokens each has
On the embedded database, stop the server first: its data folder serves one process at a time.`;

type Command = (db: Database, args: string[]) => Promise<string>;

function parse(args: string[], option?: 'team' | 'user') {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { team: { type: 'string' }, user: { type: 'string' } },
  });
  const value = option ? values[option] : undefined;
  if (option && !value) throw new Error(`Missing --${option} <id>\n\n${USAGE}`);
  return { value: value ?? '', name: positionals.join(' ') };
}

const COMMANDS: Record<string, Command> = {
  async 'create-team'(db, args) {
    const team = await createTeam(db, parse(args).name);
    return `Team "${team.name}": ${team.id}\nNext: create-user --team ${team.id} "Name"`;
  },
  async 'create-user'(db, args) {
    const { value: teamId, name } = parse(args, 'team');
    const user = await createUser(db, teamId, name);
    return `User "${user.name}": ${user.id}\nNext: create-token --user ${user.id}`;
  },
  async 'create-token'(db, args) {
    const { token } = await createToken(db, parse(args, 'user').value);
    return `Token (shown only now; the server keeps a hash): ${token}`;
  },
  async 'revoke-tokens'(db, args) {
    return `Revoked ${await revokeTokens(db, parse(args, 'user').value)} token(s)`;
  },
  async list(db) {
    const teams = await listTeams(db);
    if (!teams.length) return 'No teams yet: create-team <name>';
    return teams
      .map((team) =>
        [
          `${team.name}  ${team.id}`,
          ...team.users.map((user) => `  ${user.name}  ${user.id}  (${user.tokens} live token(s))`),
        ].join('\n'),
      )
      .join('\n');
  },
};

/** Runs one admin command against the configured database and returns what to print. */
export async function runCommand(args: string[], env: Record<string, string | undefined> = process.env) {
  const [name = '', ...rest] = args;
  const command = COMMANDS[name];
  if (!command) throw new Error(name === 'help' || name === '--help' ? USAGE : `Unknown command ${name}\n\n${USAGE}`);
  const config = loadConfig(env);
  // Admin commands log nothing on stdout: their output is the answer (and, for create-token, the secret).
  const db = await openDatabase(
    config.database,
    createLogger((line) => process.stderr.write(`${line}\n`)),
  );
  try {
    return await command(db, rest);
  } finally {
    await db.close();
  }
}
