import { parseArgs } from 'node:util';
import { createTeam, createUser, listTeams } from './accounts';
import { loadConfig, type XConfig } from './config';
import type { Database } from './db/database';
import { openDatabase } from './db/open';
import { createLogger, type Logger } from './log';
import { createServerClock } from './sync/server-clock';
import { createToken, revokeTokens } from './tokens';
import { connectXAccount, disconnectXAccount } from './x/connect';
import { createXConnector, type XConnector } from './x/connector';

export const USAGE = `Usage: npm run server -- <command>
  (no command)                        start the server (PORT, HOST, DATABASE_URL or RAPPORT_DATA_DIR)
  create-team <name>                  make a team; prints its id
  create-user --team <id> <name>      make a user in a team; prints its id
  create-token --user <id>            make an API token for a user; prints it once
  revoke-tokens --user <id>           revoke every token of a user
  list                                teams, their users and how many live tokens each has
  x-connect --team <id> --account <handle> --bearer <token> --user-token <token>
            [--refresh-token <token> --client-id <id> [--client-secret <secret>]]
                                      connect the team's company X account (docs/x-connector.md); with a
                                      refresh token the server renews the user token itself. Secrets may come
                                      from RAPPORT_X_BEARER, RAPPORT_X_USER_TOKEN, RAPPORT_X_REFRESH_TOKEN and
                                      RAPPORT_X_CLIENT_SECRET instead
  x-disconnect --team <id>            forget the team's X account, its tokens and suggestions
  x-poll --team <id>                  poll the team's X account once, now
On the embedded database, stop the server first: its data folder serves one process at a time.`;

interface CommandContext {
  env: Record<string, string | undefined>;
  /** The X connector, made on first use (it opens connections to X). */
  x(): XConnector;
}

type Command = (db: Database, args: string[], context: CommandContext) => Promise<string>;

function parseX(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      team: { type: 'string' },
      account: { type: 'string' },
      bearer: { type: 'string' },
      'user-token': { type: 'string' },
      'refresh-token': { type: 'string' },
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
    },
  });
  if (!values.team) throw new Error(`Missing --team <id>\n\n${USAGE}`);
  return { ...values, team: values.team };
}

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
  async 'x-connect'(db, args, { env, x }) {
    const values = parseX(args);
    const bearer = values.bearer ?? env.RAPPORT_X_BEARER;
    const userToken = values['user-token'] ?? env.RAPPORT_X_USER_TOKEN;
    const refreshToken = values['refresh-token'] ?? env.RAPPORT_X_REFRESH_TOKEN;
    const clientId = values['client-id'];
    if (!values.account) throw new Error(`Missing --account <handle>\n\n${USAGE}`);
    if (!bearer || !(userToken || refreshToken)) {
      throw new Error(`Missing --bearer <token> or --user-token <token>\n\n${USAGE}`);
    }
    if (Boolean(refreshToken) !== Boolean(clientId)) {
      throw new Error(`--refresh-token and --client-id go together\n\n${USAGE}`);
    }
    const connector = x();
    const connected = await connectXAccount(db, connector.api, connector.secretKey, {
      teamId: values.team,
      account: values.account,
      bearer,
      userToken,
      renewal:
        refreshToken && clientId
          ? { refreshToken, clientId, clientSecret: values['client-secret'] ?? env.RAPPORT_X_CLIENT_SECRET }
          : undefined,
    });
    return [
      `Connected @${connected.handle} (X user id ${connected.userId}) to team ${values.team}.`,
      connected.encrypted
        ? 'Its tokens are stored encrypted with RAPPORT_SECRET_KEY: start the server with the same key.'
        : 'Its tokens are stored unencrypted: set RAPPORT_SECRET_KEY and connect again to encrypt them.',
      `The server polls it every RAPPORT_X_POLL_SECONDS; x-poll --team ${values.team} polls it now.`,
    ].join('\n');
  },
  async 'x-disconnect'(db, args) {
    const { team } = parseX(args);
    return (await disconnectXAccount(db, team))
      ? `Disconnected the X account of team ${team}; the interactions it brought stay.`
      : `Team ${team} has no X account connected`;
  },
  async 'x-poll'(_db, args, { x }) {
    const { team } = parseX(args);
    const report = await x().poll(team);
    if (report.status === 'not_connected') throw new Error(`Team ${team} has no X account connected: x-connect first`);
    if (report.status === 'busy') return `Another server process is polling team ${team} right now`;
    const counts = `${report.interactions} new interaction(s), ${report.pending} item(s) from people who are not contacts, ${report.identities} identity update(s)`;
    return report.errors.length ? `${counts}\nProblems:\n${report.errors.map((e) => `  ${e}`).join('\n')}` : counts;
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
  const logger = createLogger((line) => process.stderr.write(`${line}\n`));
  const db = await openDatabase(config.database, logger);
  let connector: XConnector | undefined;
  const x = () => {
    connector ??= makeConnector(db, logger, config.x);
    return connector;
  };
  try {
    return await command(db, rest, { env, x });
  } finally {
    connector?.close();
    await db.close();
  }
}

const makeConnector = (db: Database, logger: Logger, x: XConfig | undefined) =>
  createXConnector({ db, logger, clock: createServerClock(), apiBase: x?.apiBase, secretKey: x?.secretKey });
