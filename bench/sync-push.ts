import { deleteDB } from 'idb';
import type { TestServer } from '../server/tests/helpers/test-server';
import { openRapportDb } from '../src/background/db';
import { pendingMutations } from '../src/background/outbox';
import { SyncEngine } from '../src/background/sync/engine';
import { HttpTransport, type SyncTransport } from '../src/background/sync/transport';
import { inWriteTx } from '../src/background/write';
import type { Contact, Interaction } from '../src/lib/records';
import { makeRecords } from './sync-data';

/** Installs IndexedDB in Node's globals (what the tests' setup does), only when this benchmark runs. */
const FAKE_INDEXEDDB: string = 'fake-indexeddb/auto';

export interface PushRun {
  /** engine.push() from the first outbox read to the last acknowledgement. */
  elapsedMs: number;
  /** Of which waiting for the server's answers (HTTP, the server's transaction, JSON both ways). */
  transportMs: number;
}

/**
 * A client with `count` new records in its outbox (a quarter contacts, the rest interactions, written by the
 * extension's own write path) pushes them to a new team on `server`: the real SyncEngine and HttpTransport, in
 * Node, on fake-indexeddb (the worker's store stands in; its cost is counted with the client's).
 */
export async function pushThroughput(server: TestServer, count: number, now: number): Promise<PushRun> {
  await import(FAKE_INDEXEDDB);
  const team = await server.createTeam('Push bench');
  const name = `rapport-push-bench-${team.team.id}`;
  const db = await openRapportDb(name);
  try {
    const contacts = Math.round(count / 4);
    const chunk = 5000;
    for (let from = 0; from < count; from += chunk) {
      const to = Math.min(count, from + chunk);
      await inWriteTx(db, async (writer) => {
        const newContacts = makeRecords('contacts', Math.min(from, contacts), Math.min(to, contacts), contacts, now);
        const newInteractions = makeRecords(
          'interactions',
          Math.max(from, contacts) - contacts,
          Math.max(to, contacts) - contacts,
          contacts,
          now,
        );
        for (const record of newContacts) await writer.put('contacts', record as unknown as Contact, true);
        for (const record of newInteractions) await writer.put('interactions', record as unknown as Interaction, true);
      });
    }
    const queued = await pendingMutations(db);
    if (queued !== count) throw new Error(`push bench: ${queued} changes queued, expected ${count}`);
    const http = new HttpTransport({ serverUrl: server.url, token: team.token });
    let transportMs = 0;
    const timed: SyncTransport = {
      whoami: () => http.whoami(),
      pull: (request) => http.pull(request),
      async push(request) {
        const start = performance.now();
        try {
          return await http.push(request);
        } finally {
          transportMs += performance.now() - start;
        }
      },
    };
    const engine = new SyncEngine(db, timed);
    const start = performance.now();
    const result = await engine.push();
    const elapsedMs = performance.now() - start;
    if (result.pushed !== count || result.rejected.length) {
      throw new Error(`push bench: ${result.pushed} of ${count} pushed, ${result.rejected.length} refused`);
    }
    return { elapsedMs, transportMs };
  } finally {
    db.close();
    await deleteDB(name);
  }
}
