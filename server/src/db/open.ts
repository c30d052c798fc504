import type { DatabaseConfig } from '../config';
import type { Logger } from '../log';
import type { Database } from './database';
import { migrate } from './migrate';
import { openPglite } from './pglite';
import { openPostgres } from './postgres';

/** Opens the configured database and brings its schema up to date. */
export async function openDatabase(config: DatabaseConfig, logger: Logger): Promise<Database> {
  const db = config.kind === 'postgres' ? await openPostgres(config.url, logger) : await openPglite(config.dataDir);
  try {
    const applied = await migrate(db);
    if (applied.length) logger.info('database migrated', { database: db.kind, applied: applied.join(',') });
    return db;
  } catch (error) {
    await db.close();
    throw error;
  }
}
