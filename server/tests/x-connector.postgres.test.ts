import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../src/cli';
import { apiClient } from './helpers/api';
import { type MockXApi, startMockXApi } from './helpers/mock-x-api';
import { startTestPostgres, type TestPostgres } from './helpers/postgres';
import { TestReplica } from './helpers/records';
import { seedTeam } from './helpers/seed';
import { type ServerProcess, spawnServer } from './helpers/server-process';
import { startTestServer, type TestServer } from './helpers/test-server';
import { pulledBook, saveXContact } from './helpers/x-fixtures';

/** The X connector where several server processes share one PostgreSQL, and its admin commands. */

let postgres: TestPostgres;
let x: MockXApi;
const toStop: { stop(): Promise<void> }[] = [];
const processes: ServerProcess[] = [];

beforeAll(async () => {
  [postgres, x] = await Promise.all([startTestPostgres(), startMockXApi()]);
});
afterEach(async () => {
  x.setDelay(0);
  for (const server of toStop.splice(0)) await server.stop();
  for (const child of processes.splice(0)) {
    if (child.child.exitCode === null && child.child.signalCode === null) child.child.kill('SIGKILL');
    await child.exited;
  }
});
afterAll(async () => {
  await x?.stop();
  await postgres?.stop();
});

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

describe('X connector on PostgreSQL', () => {
  it('lets one of two servers poll a team at a time (advisory lock), the other one skips', async () => {
    const databaseUrl = await postgres.createDatabase();
    const company = x.addCompanyAccount('lockco');
    const [one, two] = await Promise.all([
      startTestServer({ databaseUrl, xApiBase: x.url }),
      startTestServer({ databaseUrl, xApiBase: x.url }),
    ]);
    toStop.push(one, two);
    const teamId = one.first.team.id;
    await one.connectX(teamId, company.credentials);
    const api = apiClient(one.url, one.first.token);
    const pat = company.setUser({ username: 'pat_lock' });
    const saved = await saveXContact(api, new TestReplica(), { name: 'Pat', handle: pat.username, userId: pat.id });
    for (let i = 0; i < 3; i++) company.addMention({ from: pat.id, text: `@lockco ${i}` });
    x.setDelay(150);

    const reports = await Promise.all([one.pollX(teamId), two.pollX(teamId)]);
    expect(reports.map((report) => report.status).sort()).toEqual(['busy', 'polled']);
    expect(x.maxConcurrent()).toBe(1);
    x.setDelay(0);
    // Once the first is done, the other polls as usual and finds nothing new.
    expect(await two.pollX(teamId)).toMatchObject({ status: 'polled', interactions: 0 });
    const { interactions } = await pulledBook(api);
    expect(interactions).toHaveLength(3);
    expect(interactions.every((interaction) => interaction.contactId === saved.contactId)).toBe(true);
  });

  it('polls on schedule from two server processes, one at a time, after x-connect by the admin command', async () => {
    const databaseUrl = await postgres.createDatabase();
    const company = x.addCompanyAccount('schedco');
    const { team, token } = await seedTeam({ kind: 'postgres', url: databaseUrl });
    const env = { DATABASE_URL: databaseUrl, RAPPORT_X_API_BASE: x.url };
    const connected = await runCommand(
      [
        'x-connect',
        '--team',
        team.id,
        '--account',
        '@schedco',
        '--bearer',
        company.bearerToken,
        '--user-token',
        company.userToken,
      ],
      env,
    );
    expect(connected).toContain(`Connected @schedco (X user id ${company.account.id}) to team ${team.id}.`);
    expect(connected).toContain('stored unencrypted');
    const quinn = company.setUser({ username: 'quinn_sched' });
    company.addMention({ from: quinn.id, text: '@schedco hello from Quinn' });
    x.setDelay(100);

    const servers = await Promise.all([0, 1].map(() => spawnServer({ ...env, RAPPORT_X_POLL_SECONDS: '1' })));
    processes.push(...servers);
    const api = apiClient(servers[0]?.url ?? '', token);
    const headers = { authorization: `Bearer ${token}` };
    const suggested = await until('the scheduled poll', async () => {
      const answer = await fetch(`${servers[1]?.url}/v1/x/suggestions`, { headers });
      const body = (await answer.json()) as { suggestions: { userId: string }[] };
      return body.suggestions.length ? body.suggestions : undefined;
    });
    expect(suggested.map((suggestion) => suggestion.userId)).toEqual([quinn.id]);
    // Saving Quinn through one process: a poll (scheduled, or the pass after a save) backfills the mention.
    const saved = await saveXContact(api, new TestReplica(), { name: 'Quinn', handle: quinn.username });
    const [interaction] = await until('the backfill', async () => {
      const { interactions } = await pulledBook(api);
      return interactions.length ? interactions : undefined;
    });
    expect(interaction).toMatchObject({ contactId: saved.contactId, direction: 'inbound' });
    // Let both keep polling a little: never two polls of the team at once, never a second interaction.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(x.maxConcurrent()).toBe(1);
    expect(company.requests('mentions').length).toBeGreaterThanOrEqual(2);
    expect((await pulledBook(api)).interactions).toHaveLength(1);
  });

  it('enriches an identity right after a browser saves it, without waiting for the schedule', async () => {
    const databaseUrl = await postgres.createDatabase();
    const company = x.addCompanyAccount('nudgeco');
    const server: TestServer = await startTestServer({ databaseUrl, xApiBase: x.url, xPollSeconds: 3600 });
    toStop.push(server);
    await server.connectX(server.first.team.id, company.credentials);
    const rae = company.setUser({ username: 'rae_nudge', name: 'Rae Ray', location: 'Oslo' });
    const api = apiClient(server.url, server.first.token);
    const saved = await saveXContact(api, new TestReplica(), { name: 'Rae', handle: rae.username });
    const identity = await until('enrichment', async () => {
      const found = (await pulledBook(api)).identities.find((entry) => entry.id === saved.identityId);
      return found?.enrichedAt ? found : undefined;
    });
    expect(identity).toMatchObject({ networkUserId: rae.id, displayName: 'Rae Ray', location: 'Oslo' });
    // Only the look-up ran: the timelines keep their schedule.
    expect(company.requests('mentions')).toHaveLength(0);
  });

  it('has admin commands that poll, disconnect and say what is wrong', async () => {
    const databaseUrl = await postgres.createDatabase();
    const company = x.addCompanyAccount('cmdco');
    const other = x.addCompanyAccount('otherco');
    const { team } = await seedTeam({ kind: 'postgres', url: databaseUrl });
    const env = { DATABASE_URL: databaseUrl, RAPPORT_X_API_BASE: x.url, RAPPORT_SECRET_KEY: 'k'.repeat(32) };
    const connect = (args: string[]) => runCommand(['x-connect', '--team', team.id, ...args], env);
    const tokens = ['--bearer', company.bearerToken, '--user-token', company.userToken];

    await expect(connect(['--account', 'nobody_here', ...tokens])).rejects.toThrow(/X knows no account @nobody_here/);
    await expect(
      connect(['--account', 'cmdco', '--bearer', 'wrong', '--user-token', company.userToken]),
    ).rejects.toThrow(/X rejected the app's bearer token/);
    await expect(
      connect(['--account', 'cmdco', '--bearer', company.bearerToken, '--user-token', other.userToken]),
    ).rejects.toThrow(/The user token belongs to @otherco, not to @cmdco/);
    await expect(connect(['--account', 'cmd co', ...tokens])).rejects.toThrow(/not an X handle/);
    await expect(connect(['--account', 'cmdco', ...tokens, '--refresh-token', 'r'])).rejects.toThrow(
      /--refresh-token and --client-id go together/,
    );
    await expect(runCommand(['x-poll', '--team', team.id], env)).rejects.toThrow(/no X account connected/);
    await expect(runCommand(['x-poll'], env)).rejects.toThrow(/Missing --team/);

    // Tokens from the environment rather than the command line (which shells keep in their history).
    const connected = await runCommand(['x-connect', '--team', team.id, '--account', 'cmdco'], {
      ...env,
      RAPPORT_X_BEARER: company.bearerToken,
      RAPPORT_X_USER_TOKEN: company.userToken,
    });
    expect(connected).toContain('stored encrypted');
    // With a refresh token instead of a user token: the server gets its own user token at once.
    const renewing = await runCommand(
      ['x-connect', '--team', team.id, '--account', 'cmdco', '--client-id', company.oauth.clientId],
      {
        ...env,
        RAPPORT_X_BEARER: company.bearerToken,
        RAPPORT_X_REFRESH_TOKEN: company.oauth.refreshToken(),
        RAPPORT_X_CLIENT_SECRET: company.oauth.clientSecret,
      },
    );
    expect(renewing).toContain('Connected @cmdco');
    expect(company.requests('oauth2_token')).toHaveLength(1);
    const sam = company.setUser({ username: 'sam_cmd' });
    company.addMention({ from: sam.id, text: '@cmdco hi' });
    expect(await runCommand(['x-poll', '--team', team.id], env)).toBe(
      '0 new interaction(s), 1 item(s) from people who are not contacts, 0 identity update(s)',
    );
    // Without the key the tokens do not open: said, not crashed.
    const { RAPPORT_SECRET_KEY: _key, ...keyless } = env;
    expect(await runCommand(['x-poll', '--team', team.id], keyless)).toMatch(
      /Problems:\n {2}The X tokens are stored encrypted: start the server with the RAPPORT_SECRET_KEY/,
    );
    expect(await runCommand(['x-disconnect', '--team', team.id], env)).toContain('Disconnected the X account');
    expect(await runCommand(['x-disconnect', '--team', team.id], env)).toContain('has no X account connected');
  });
});
