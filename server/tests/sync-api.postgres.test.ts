import { afterAll } from 'vitest';
import { startTestPostgres, type TestPostgres } from './helpers/postgres';
import { describeSyncApi } from './helpers/sync-api-suite';
import { startTestServer } from './helpers/test-server';

let postgres: TestPostgres | undefined;
afterAll(async () => {
  await postgres?.stop();
});

describeSyncApi('postgres', async () => {
  postgres = await startTestPostgres();
  return startTestServer({ databaseUrl: await postgres.createDatabase() });
});
