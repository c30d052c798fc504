import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ServerConfig } from '../src/config';
import { loadMigrations, migrate } from '../src/db/migrate';
import { openDatabase } from '../src/db/open';
import { createLogger, silentLogger } from '../src/log';
import { type RunningServer, startServer } from '../src/server';
import { apiClient } from './helpers/api';
import { startTestPostgres, type TestPostgres } from './helpers/postgres';

let postgres: TestPostgres;
const tempDirs: string[] = [];
const toStop: { stop(): Promise<void> }[] = [];

beforeAll(async () => {
  postgres = await startTestPostgres();
});
afterEach(async () => {
  for (const server of toStop.splice(0)) await server.stop();
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
afterAll(async () => {
  await postgres?.stop();
});

function tempDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rapport-db-'));
  tempDirs.push(dir);
  return join(dir, 'pglite');
}

const configFor = (database: ServerConfig['database']): ServerConfig => ({
  port: 0,
  host: '127.0.0.1',
  database,
  maxBodyBytes: 1024 * 1024,
  shutdownTimeoutMs: 2000,
  bootstrap: true,
});

async function started(config: ServerConfig): Promise<RunningServer> {
  const server = await startServer(config, silentLogger);
  toStop.push(server);
  return server;
}

describe('migrations', () => {
  it('migrates once when two processes start on one empty PostgreSQL at the same moment', async () => {
    const url = await postgres.createDatabase();
    const [one, two] = await Promise.all([
      openDatabase({ kind: 'postgres', url }, silentLogger),
      openDatabase({ kind: 'postgres', url }, silentLogger),
    ]);
    try {
      const applied = await one.query<{ id: string }>('SELECT id FROM schema_migrations');
      expect(applied.map((row) => row.id).sort()).toEqual(loadMigrations().map((migration) => migration.id));
      expect(applied.map((row) => row.id)).toContain('002_rejections');
      expect(await migrate(two)).toEqual([]);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });

  it('leaves the schema as it was when a migration fails', async () => {
    const url = await postgres.createDatabase();
    const db = await openDatabase({ kind: 'postgres', url }, silentLogger);
    try {
      const broken = [{ id: '900_half', sql: 'CREATE TABLE half_done (id int); SELECT no_such_function();' }];
      await expect(migrate(db, broken)).rejects.toThrow(/no_such_function/);
      expect(await db.query("SELECT to_regclass('half_done') AS t")).toEqual([{ t: null }]);
      expect(await db.query("SELECT id FROM schema_migrations WHERE id = '900_half'")).toEqual([]);
    } finally {
      await db.close();
    }
  });
});

describe('first start', () => {
  it.each(['pglite', 'postgres'] as const)(
    'makes one team, user and working token on an empty %s database, and none on the next start',
    async (kind) => {
      const database =
        kind === 'pglite'
          ? ({ kind, dataDir: tempDataDir() } as const)
          : ({ kind, url: await postgres.createDatabase() } as const);
      const first = await started(configFor(database));
      expect(first.firstTeam?.token).toMatch(/^rpt_[A-Za-z0-9_-]{43}$/);
      const { token, team, user } = first.firstTeam ?? { token: '' };
      expect((await apiClient(first.url, token).whoami()).body).toEqual({
        user: { id: user?.id, name: 'Me' },
        team: { id: team?.id, name: 'My team' },
      });

      // Only the hash is stored: no column of any token row holds the token.
      const rows = await first.db.query<Record<string, unknown>>('SELECT * FROM api_tokens');
      expect(rows).toHaveLength(1);
      expect(JSON.stringify(rows)).not.toContain(token);
      expect(rows[0]?.token_hash).toBe(createHash('sha256').update(token).digest('hex'));

      await first.stop();
      const second = await started(configFor(database));
      expect(second.firstTeam).toBeUndefined();
      expect(await second.db.query('SELECT id FROM teams')).toHaveLength(1);
    },
  );

  it('makes only one first team when two processes start on one empty PostgreSQL at once', async () => {
    const url = await postgres.createDatabase();
    const servers = await Promise.all([
      started(configFor({ kind: 'postgres', url })),
      started(configFor({ kind: 'postgres', url })),
    ]);
    expect(servers.filter((server) => server.firstTeam)).toHaveLength(1);
    expect(await servers[0]?.db.query('SELECT id FROM teams')).toHaveLength(1);
  });
});

describe('the embedded database folder', () => {
  it('serves one process at a time, and is taken over after its owner died', async () => {
    const dataDir = tempDataDir();
    const db = await openDatabase({ kind: 'pglite', dataDir }, silentLogger);
    try {
      await expect(openDatabase({ kind: 'pglite', dataDir }, silentLogger)).rejects.toThrow(/in use by process/);
    } finally {
      await db.close();
    }
    expect(existsSync(`${dataDir}.lock`)).toBe(false);

    // A lock left by a process that is gone (killed) does not block the next start.
    writeFileSync(`${dataDir}.lock`, '2147483646');
    const reopened = await openDatabase({ kind: 'pglite', dataDir }, silentLogger);
    await reopened.close();
  });
});

describe('request logs', () => {
  it('write one JSON line per request with method, path, status, time and team, and never the token', async () => {
    const lines: string[] = [];
    const url = await postgres.createDatabase();
    const server = await startServer(
      configFor({ kind: 'postgres', url }),
      createLogger((line) => lines.push(line)),
    );
    toStop.push(server);
    const { token, team } = server.firstTeam ?? { token: '' };
    await apiClient(server.url, token).whoami();
    await apiClient(server.url, 'rpt_wrong').whoami();
    const requests = lines.map((line) => JSON.parse(line)).filter((entry) => entry.msg === 'request');
    expect(requests).toEqual([
      expect.objectContaining({ level: 'info', method: 'GET', path: '/v1/whoami', status: 200, team: team?.id }),
      expect.objectContaining({ method: 'GET', path: '/v1/whoami', status: 401 }),
    ]);
    expect(requests[1]).not.toHaveProperty('team');
    for (const entry of requests) expect(entry.ms).toBeTypeOf('number');
    expect(lines.join('\n')).not.toContain(token);
  });
});

describe('health', () => {
  it('answers 503 once the database is gone', async () => {
    const url = await postgres.createDatabase();
    const server = await startServer({ ...configFor({ kind: 'postgres', url }), bootstrap: false }, silentLogger);
    try {
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
      await server.db.close();
      const answer = await fetch(`${server.url}/health`);
      expect(answer.status).toBe(503);
      expect(await answer.json()).toMatchObject({ error: { code: 'unavailable' } });
    } finally {
      await server.stop().catch(() => {});
    }
  });
});
