import { mkdirSync } from 'node:fs';
import { PGlite, types } from '@electric-sql/pglite';
import { lockDataDir } from './data-dir-lock';
import { type Database, parseInt8, type Queryable } from './database';

interface PgliteSession {
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  exec(sql: string): Promise<unknown>;
}

const session = (pg: PgliteSession): Queryable => ({
  async query<Row>(sql: string, params: readonly unknown[] = []) {
    return (await pg.query<Row>(sql, [...params])).rows;
  },
  async exec(sql: string) {
    await pg.exec(sql);
  },
});

/**
 * The embedded database: PostgreSQL compiled to WebAssembly, in this process, stored in `dataDir` (in memory when
 * undefined). It has one connection, so its transactions run one at a time.
 */
export async function openPglite(dataDir: string | undefined): Promise<Database> {
  let unlock = () => {};
  if (dataDir) {
    unlock = lockDataDir(dataDir);
    mkdirSync(dataDir, { recursive: true });
  }
  try {
    const pg = await PGlite.create({ dataDir, parsers: { [types.INT8]: parseInt8 } });
    return {
      kind: 'pglite',
      ...session(pg),
      transaction: (work) => pg.transaction((tx) => work(session(tx))),
      // One connection is all PGlite has: the session is that connection.
      session: (work) => work(session(pg)),
      async close() {
        try {
          await pg.close();
        } finally {
          unlock();
        }
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}
