import { createTeam, createUser } from '../../src/accounts';
import type { DatabaseConfig } from '../../src/config';
import { openDatabase } from '../../src/db/open';
import { silentLogger } from '../../src/log';
import { createToken } from '../../src/tokens';
import type { TestTeam } from './test-server';

/** Makes a team, a user and a token straight in a database no server has open (PGlite serves one process). */
export async function seedTeam(database: DatabaseConfig, name = 'Seeded team'): Promise<TestTeam> {
  const db = await openDatabase(database, silentLogger);
  try {
    const team = await createTeam(db, name);
    const user = await createUser(db, team.id, 'Sam');
    return { team, user, token: (await createToken(db, user.id)).token };
  } finally {
    await db.close();
  }
}
