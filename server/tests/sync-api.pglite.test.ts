import { describeSyncApi } from './helpers/sync-api-suite';
import { startTestServer } from './helpers/test-server';

describeSyncApi('pglite', () => startTestServer());
