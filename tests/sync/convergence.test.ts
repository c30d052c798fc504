import { deleteDB } from 'idb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../server/tests/helpers/test-server';
import { contactDetail, saveLead, updateContact } from '../../src/background/contacts';
import { openRapportDb, type RapportDb } from '../../src/background/db';
import { deleteContact, mergeContacts } from '../../src/background/identity';
import { logInteraction } from '../../src/background/interactions';
import { pendingMutations } from '../../src/background/outbox';
import { SyncEngine } from '../../src/background/sync/engine';
import { HttpTransport } from '../../src/background/sync/transport';
import { createTask, setTaskDone } from '../../src/background/tasks';
import { freshMeta, inWriteTx } from '../../src/background/write';
import { canonicalJson, type FieldState, materialize, mergePatch } from '../../src/lib/merge';
import { Contact, RECORD_STORES, STAGES } from '../../src/lib/records';
import { FaultyTransport, prng } from './fault-transport';

/**
 * Three browsers run the real store and sync engine against a real server, make random changes while offline,
 * and sync in random order through a connection that fails at random, also after the server committed. At the
 * end every browser and the server must hold exactly what merging every change ever made gives.
 */

const SEEDS = Number(process.env.CONVERGENCE_SEEDS ?? 12);
const CLIENTS = 3;

interface Logged {
  store: string;
  recordId: string;
  patch: Record<string, unknown>;
  hlc: string;
}

class Client {
  private seen = 0;
  constructor(
    readonly db: RapportDb,
    readonly engine: SyncEngine,
  ) {}

  /** Every change this browser made, read from its outbox right after each operation. */
  async collect(log: Logged[]): Promise<void> {
    const entries = await this.db.getAll('outbox', IDBKeyRange.lowerBound(this.seen, true));
    for (const entry of entries) {
      for (const change of entry.mutations) {
        log.push({ store: change.store, recordId: change.recordId, patch: change.patch, hlc: change.hlc });
      }
      this.seen = Math.max(this.seen, entry.seq as number);
    }
  }
}

async function dump(db: RapportDb): Promise<string[]> {
  const rows: string[] = [];
  for (const store of RECORD_STORES) {
    for (const record of await db.getAll(store)) rows.push(`${store} ${canonicalJson(record)}`);
  }
  return rows.sort();
}

function expectedFrom(log: Logged[]): string[] {
  const states = new Map<string, FieldState>();
  for (const change of log) {
    const key = `${change.store} ${change.recordId}`;
    states.set(key, mergePatch(states.get(key), change.patch, change.hlc));
  }
  return [...states]
    .map(([key, state]) => {
      const [store, id] = key.split(' ');
      return `${store} ${canonicalJson({ ...materialize(state.data), id })}`;
    })
    .sort();
}

async function randomOperation(client: Client, random: () => number, n: number): Promise<void> {
  const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(random() * items.length)];
  const live = (await client.db.getAll('contacts')).filter((contact) => !contact.deleted);
  const roll = random();
  const contact = pick(live);
  if (roll < 0.3 || !contact) {
    const slug = `p${Math.floor(random() * 1e9).toString(36)}${n}`;
    await saveLead(
      client.db,
      {
        network: 'linkedin',
        kind: 'person',
        profileKey: `linkedin:in/${slug}`,
        url: `https://www.linkedin.com/in/${slug}/`,
        name: `Person ${slug}`,
        company: pick(['Northwind', 'Contoso', 'Fabrikam', undefined]),
      },
      undefined,
      'new',
    );
  } else if (roll < 0.55) {
    const field = pick(['stage', 'notes', 'tags', 'name', 'owner'] as const);
    const patch =
      field === 'stage'
        ? { stage: pick(STAGES) }
        : field === 'tags'
          ? { tags: [`t${Math.floor(random() * 5)}`] }
          : field === 'owner'
            ? { owner: pick(['Sam', 'Kim', 'Lee']) }
            : { [field as string]: `${field} ${Math.floor(random() * 1000)}` };
    await updateContact(client.db, contact.id, patch);
  } else if (roll < 0.65) {
    await deleteContact(client.db, contact.id);
  } else if (roll < 0.8) {
    await logInteraction(client.db, { contactId: contact.id, type: 'call', channel: 'phone', summary: `call ${n}` });
  } else if (roll < 0.9) {
    const detail = await contactDetail(client.db, contact.id);
    const open = detail.openTasks[0];
    if (open && random() < 0.5) await setTaskDone(client.db, open.id, true);
    else await createTask(client.db, { contactId: contact.id, title: `follow up ${n}`, dueAt: 1_000 + n });
  } else {
    const other = pick(live.filter((c) => c.id !== contact.id));
    if (other) await mergeContacts(client.db, contact.id, other.id);
  }
}

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

describe('sync convergence', () => {
  it.each(Array.from({ length: SEEDS }, (_, i) => 1000 + i))(
    'seed %i: three offline browsers and a failing network end with the same data, nothing lost or doubled',
    async (seed) => {
      const random = prng(seed);
      const team = await server.createTeam(`team ${seed}`);
      const names = Array.from({ length: CLIENTS }, (_, i) => `convergence-${seed}-${i}`);
      const clients: Client[] = [];
      for (const name of names) {
        const db = await openRapportDb(name);
        const transport = new FaultyTransport(new HttpTransport({ serverUrl: server.url, token: team.token }), random, {
          before: 0.15,
          after: 0.15,
        });
        clients.push(new Client(db, new SyncEngine(db, transport, { pullLimit: 7, pushBatch: 5 })));
      }
      const log: Logged[] = [];
      let n = 0;
      // Rounds of offline work, each followed by some browsers trying to sync in random order.
      for (let round = 0; round < 4; round++) {
        for (const client of clients) {
          const ops = 3 + Math.floor(random() * 6);
          for (let i = 0; i < ops; i++) {
            await randomOperation(client, random, n++);
            await client.collect(log);
          }
        }
        for (const client of [...clients].sort(() => random() - 0.5)) {
          if (random() < 0.6) await client.engine.sync().catch(() => {});
        }
      }
      // Then the network heals enough for everyone to finish: retry until every outbox is empty and a full
      // round of pulls brings nothing new.
      for (let attempt = 0; attempt < 200; attempt++) {
        let settled = true;
        for (const client of [...clients].sort(() => random() - 0.5)) {
          try {
            const result = await client.engine.sync();
            expect(result.rejected).toEqual([]);
            if (result.pulled > 0 || result.pushed > 0) settled = false;
          } catch {
            settled = false;
          }
        }
        if (settled) break;
      }

      const expected = expectedFrom(log);
      const dumps = await Promise.all(clients.map((client) => dump(client.db)));
      for (const [i, actual] of dumps.entries()) expect(actual, `browser ${i}`).toEqual(expected);
      for (const client of clients) expect(await pendingMutations(client.db)).toBe(0);

      // The server holds the same: a browser that was never online pulls it all.
      const fresh = await openRapportDb(`convergence-${seed}-fresh`);
      await new SyncEngine(fresh, new HttpTransport({ serverUrl: server.url, token: team.token })).pull();
      expect(await dump(fresh)).toEqual(expected);
      fresh.close();

      for (const client of clients) client.db.close();
      await Promise.all([...names, `convergence-${seed}-fresh`].map((name) => deleteDB(name)));
    },
  );
});

describe('pulling while changes wait in the outbox', () => {
  it('never hides a local change behind an older value from the server', async () => {
    const team = await server.createTeam('pending overlay');
    const [a, b] = await Promise.all([openRapportDb('overlay-a'), openRapportDb('overlay-b')]);
    const transport = new HttpTransport({ serverUrl: server.url, token: team.token });
    const [syncA, syncB] = [new SyncEngine(a, transport), new SyncEngine(b, transport)];
    const saved = await saveLead(
      a,
      { network: 'x', kind: 'person', profileKey: 'x:overlay', url: 'https://x.com/overlay', name: 'Overlay' },
      undefined,
      'new',
    );
    if (saved.kind !== 'contact') throw new Error('expected a contact');
    await syncA.sync();
    await syncB.sync();
    // B edits the stage and notes and syncs; then A edits the stage offline, later by the clock, and only pulls.
    await updateContact(b, saved.contact.id, { stage: 'qualified', notes: 'from B' });
    await syncB.sync();
    await updateContact(a, saved.contact.id, { stage: 'won' });
    await syncA.pull();
    const local = await a.get('contacts', saved.contact.id);
    expect(local?.stage).toBe('won');
    expect(local?.notes).toBe('from B');
    await syncA.sync();
    await syncB.sync();
    expect((await b.get('contacts', saved.contact.id))?.stage).toBe('won');
    a.close();
    b.close();
    await Promise.all([deleteDB('overlay-a'), deleteDB('overlay-b')]);
  });
});

describe('a browser offline for a week', () => {
  it('sends its 5,000 pending changes through a failing network, each applied once', async () => {
    const team = await server.createTeam('offline week');
    const [away, home] = await Promise.all([openRapportDb('week-away'), openRapportDb('week-home')]);
    const random = prng(7);
    await inWriteTx(away, async (w) => {
      for (let i = 0; i < 5000; i++) {
        await w.put('contacts', Contact.parse({ ...freshMeta(), name: `Offline contact ${i}` }), true);
      }
    });
    expect(await pendingMutations(away)).toBe(5000);
    const faulty = new FaultyTransport(new HttpTransport({ serverUrl: server.url, token: team.token }), random, {
      before: 0.2,
      after: 0.2,
    });
    const engine = new SyncEngine(away, faulty);
    let attempts = 0;
    while ((await pendingMutations(away)) > 0 && attempts++ < 500) await engine.push().catch(() => {});
    expect(await pendingMutations(away)).toBe(0);
    expect(faulty.failures).toBeGreaterThan(0);
    await new SyncEngine(home, new HttpTransport({ serverUrl: server.url, token: team.token })).pull();
    expect(await dump(home)).toEqual(await dump(away));
    expect(await home.count('contacts')).toBe(5000);
    away.close();
    home.close();
    await Promise.all([deleteDB('week-away'), deleteDB('week-home')]);
  });
});
