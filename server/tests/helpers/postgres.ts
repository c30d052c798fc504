import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './free-port';

const run = promisify(execFile);

/** A PostgreSQL to test against: a throwaway cluster, or the one named by TEST_DATABASE_URL. */
export interface TestPostgres {
  /** Makes an empty database and returns its URL. */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

const INSTALL_HINT =
  'The server tests need the PostgreSQL server binaries (initdb, pg_ctl): install them with ' +
  '`apt-get install -y postgresql` (CI: .ci/run does), point RAPPORT_PG_BIN at their folder, ' +
  'or set TEST_DATABASE_URL to a PostgreSQL the tests may create databases in.';

/** The newest /usr/lib/postgresql/<version>/bin holding initdb, unless RAPPORT_PG_BIN names one. */
export function findPostgresBin(): string {
  const candidates = process.env.RAPPORT_PG_BIN
    ? [process.env.RAPPORT_PG_BIN]
    : existsSync('/usr/lib/postgresql')
      ? readdirSync('/usr/lib/postgresql')
          .sort((a, b) => Number(b) - Number(a))
          .map((version) => `/usr/lib/postgresql/${version}/bin`)
      : [];
  const bin = candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')));
  if (!bin) throw new Error(`PostgreSQL not found. ${INSTALL_HINT}`);
  return bin;
}

/**
 * initdb refuses to run as root, so under root (CI containers) the cluster runs as the `postgres` user, in a
 * temporary folder handed over to it.
 */
async function asClusterOwner(dir: string): Promise<(command: string, args: string[]) => Promise<unknown>> {
  if (userInfo().uid !== 0) return (command, args) => run(command, args);
  const { stdout } = await run('id', ['-u', 'postgres']).catch(() => {
    throw new Error(`Running as root, and there is no postgres user to run PostgreSQL as. ${INSTALL_HINT}`);
  });
  const uid = Number(stdout.trim());
  chownSync(dir, uid, uid);
  return (command, args) => run('runuser', ['-u', 'postgres', '--', command, ...args]);
}

async function startCluster(): Promise<{ adminUrl: string; stop(): Promise<void> }> {
  const bin = findPostgresBin();
  const dir = mkdtempSync(join(tmpdir(), 'rapport-pg-'));
  const data = join(dir, 'data');
  const asOwner = await asClusterOwner(dir);
  await asOwner(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    // Durability settings off: these tests kill server processes, never PostgreSQL itself.
    const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
    try {
      await asOwner(join(bin, 'pg_ctl'), [
        '-D',
        data,
        '-o',
        options,
        '-l',
        join(dir, 'log'),
        '-w',
        '-t',
        '30',
        'start',
      ]);
    } catch (error) {
      // Another process may have taken the port between the probe and the start.
      if (attempt < 3) continue;
      throw new Error(`PostgreSQL did not start: ${(error as Error).message}`);
    }
    return {
      adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
      async stop() {
        await asOwner(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => {});
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
}

/** Starts a throwaway cluster (or uses TEST_DATABASE_URL); each test server gets its own database in it. */
export async function startTestPostgres(): Promise<TestPostgres> {
  const external = process.env.TEST_DATABASE_URL;
  const cluster = external ? { adminUrl: external, stop: async () => {} } : await startCluster();
  const admin = new pg.Client({ connectionString: cluster.adminUrl });
  await admin.connect();
  const made: string[] = [];
  return {
    async createDatabase() {
      const name = `rapport_test_${process.pid}_${made.length + 1}_${Date.now().toString(36)}`;
      await admin.query(`CREATE DATABASE ${name}`);
      made.push(name);
      const url = new URL(cluster.adminUrl);
      url.pathname = `/${name}`;
      return url.toString();
    },
    async stop() {
      if (external) {
        for (const name of made) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
      }
      await admin.end();
      await cluster.stop();
    },
  };
}
