import pg from 'pg';
import type { Logger } from '../log';
import { type Database, parseInt8, type Queryable } from './database';

const INT8_OID = 20;

const session = (client: pg.Pool | pg.PoolClient): Queryable => ({
  async query<Row>(sql: string, params: readonly unknown[] = []) {
    return (await client.query(sql, [...params])).rows as Row[];
  },
  async exec(sql: string) {
    await client.query(sql);
  },
});

/** A real PostgreSQL through a connection pool; several server processes can share one database. */
export async function openPostgres(url: string, logger: Logger): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? parseInt8 : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection that breaks (the database restarted) must not crash the process; the pool replaces it.
  pool.on('error', (error) => logger.warn('idle database connection failed', { error: error.message }));
  await pool.query('SELECT 1');
  return {
    kind: 'postgres',
    ...session(pool),
    async transaction(work) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await work(session(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackError) {
          // The connection itself failed: drop it from the pool instead of reusing it.
          broken = rollbackError as Error;
        }
        throw error;
      } finally {
        client.release(broken);
      }
    },
    async session(work) {
      const client = await pool.connect();
      let failed: Error | undefined;
      try {
        return await work(session(client));
      } catch (error) {
        // The connection may hold session state (an advisory lock) in an unknown state: drop it, which releases it.
        failed = error as Error;
        throw error;
      } finally {
        client.release(failed);
      }
    },
    close: () => pool.end(),
  };
}
