import { applyPush } from '../server/src/sync/push';
import { startTestPostgres, type TestPostgres } from '../server/tests/helpers/postgres';
import { startTestServer, type TestServer, type TestTeam } from '../server/tests/helpers/test-server';
import { formatHlc } from '../src/lib/hlc';
import type { Mutation } from '../src/lib/sync';
import { type BenchStore, makeRecords } from './sync-data';

export type BenchDatabase = 'pglite' | 'postgres';

export interface BenchServer {
  kind: BenchDatabase;
  server: TestServer;
  stop(): Promise<void>;
}

/** A real sync server in this process, on PGlite (fresh temporary folder) or on a throwaway PostgreSQL cluster. */
export async function startBenchServer(kind: BenchDatabase): Promise<BenchServer> {
  let postgres: TestPostgres | undefined;
  if (kind === 'postgres') postgres = await startTestPostgres();
  try {
    const server = await startTestServer(postgres ? { databaseUrl: await postgres.createDatabase() } : {});
    return {
      kind,
      server,
      async stop() {
        await server.stop();
        await postgres?.stop();
      },
    };
  } catch (error) {
    await postgres?.stop();
    throw error;
  }
}

/**
 * Puts the team's book on the server through the server's own push path (`applyPush`: the same merge, validation,
 * versioning and SQL as `POST /v1/push`), in batches larger than HTTP allows, skipping only HTTP and JSON. Each
 * record is created by one mutation carrying all its fields, stamped with its own update time, by a teammate's
 * client (not the browser that will pull).
 */
export async function seedServer(
  server: TestServer,
  team: TestTeam,
  counts: { contacts: number; interactions: number },
  now: number,
  batch = 2000,
): Promise<void> {
  const caller = { user: { id: team.user.id, name: team.user.name }, team: team.team };
  let mutationId = 0;
  for (const store of ['contacts', 'interactions'] as BenchStore[]) {
    const total = counts[store];
    for (let from = 0; from < total; from += batch) {
      const mutations: Mutation[] = makeRecords(store, from, Math.min(total, from + batch), counts.contacts, now).map(
        ({ id, ...patch }) => ({
          id: ++mutationId,
          store,
          recordId: id as string,
          hlc: formatHlc({ wall: patch.updatedAt as number, counter: 0, node: 'benchseeder0teammate' }),
          patch,
        }),
      );
      const answer = await applyPush(server.server.db, caller, { clientId: 'benchseeder0teammate', mutations });
      if (answer.rejected.length) throw new Error(`Seeding: the server refused ${answer.rejected[0]?.reason}`);
    }
  }
}
