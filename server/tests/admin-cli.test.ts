import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../src/cli';
import { silentLogger } from '../src/log';
import { startServer } from '../src/server';
import { apiClient } from './helpers/api';
import { startTestPostgres, type TestPostgres } from './helpers/postgres';

const run = promisify(execFile);
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

let postgres: TestPostgres;
beforeAll(async () => {
  postgres = await startTestPostgres();
});
afterAll(async () => {
  await postgres?.stop();
});

const idIn = (output: string) =>
  /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/.exec(output)?.[1] ?? '';

describe('admin commands', () => {
  it('make a team, a user and a token that the running server accepts', async () => {
    const env = { DATABASE_URL: await postgres.createDatabase() };
    const teamId = idIn(await runCommand(['create-team', 'Acme', 'Corp'], env));
    const userId = idIn(await runCommand(['create-user', '--team', teamId, 'Sam'], env));
    const tokenOutput = await runCommand(['create-token', '--user', userId], env);
    const token = /(rpt_[A-Za-z0-9_-]{43})/.exec(tokenOutput)?.[1] ?? '';
    expect(tokenOutput).toContain('shown only now');
    expect(await runCommand(['list'], env)).toMatch(/Acme Corp .*\n {2}Sam .*\(1 live token\(s\)\)/);

    const server = await startServer(
      {
        port: 0,
        host: '127.0.0.1',
        database: { kind: 'postgres', url: env.DATABASE_URL },
        maxBodyBytes: 1024 * 1024,
        shutdownTimeoutMs: 1000,
        bootstrap: true,
      },
      silentLogger,
    );
    try {
      // The database has a team already, so the first start makes none.
      expect(server.firstTeam).toBeUndefined();
      const api = apiClient(server.url, token);
      expect((await api.whoami()).body).toEqual({
        user: { id: userId, name: 'Sam' },
        team: { id: teamId, name: 'Acme Corp' },
      });
      expect(await runCommand(['revoke-tokens', '--user', userId], env)).toBe('Revoked 1 token(s)');
      expect((await api.whoami()).status).toBe(401);
    } finally {
      await server.stop();
    }
  });

  it('say what is wrong with a command', async () => {
    const env = { DATABASE_URL: await postgres.createDatabase() };
    await expect(runCommand(['create-user', 'Sam'], env)).rejects.toThrow(/Missing --team/);
    await expect(runCommand(['create-user', '--team', 'nope', 'Sam'], env)).rejects.toThrow(/No team with id nope/);
    await expect(runCommand(['create-token', '--user', 'nope'], env)).rejects.toThrow(/No user with id nope/);
    await expect(runCommand(['create-team', ' '], env)).rejects.toThrow(/1–200 characters/);
    await expect(runCommand(['drop-everything'], env)).rejects.toThrow(/Unknown command drop-everything/);
  });

  it('run from `npm run server -- <command>`, printing the answer and exiting non-zero on errors', async () => {
    const env = { ...process.env, DATABASE_URL: await postgres.createDatabase() };
    const made = await run('npm', ['run', '--silent', 'server', '--', 'create-team', 'Initech'], {
      cwd: REPO_ROOT,
      env,
    });
    expect(made.stdout).toMatch(/^Team "Initech": [0-9a-f-]{36}/);
    const failed = await run('npm', ['run', '--silent', 'server', '--', 'create-token'], { cwd: REPO_ROOT, env }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain('Missing --user');
  });
});
