import { deleteDB } from 'idb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestTeam } from '../../server/tests/helpers/test-server';
import { saveLead, updateContact } from '../../src/background/contacts';
import { openRapportDb, type RapportDb } from '../../src/background/db';
import { pendingMutations } from '../../src/background/outbox';
import { SyncEngine } from '../../src/background/sync/engine';
import { adoptServer, queueCopyForServer, serverIdentity } from '../../src/background/sync/server-switch';
import { HttpTransport } from '../../src/background/sync/transport';
import { freshMeta, inWriteTx } from '../../src/background/write';
import { Contact } from '../../src/lib/records';

/**
 * A browser that moves from one sync server to another (here: from one team to another on a real server, which is
 * a different change log) must end up with everything the new server has, and the new server with everything the
 * browser has, without overwriting what teammates changed there later.
 */

let server: TestServer;
const opened: Array<{ db: RapportDb; name: string }> = [];

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  for (const { db, name } of opened) {
    db.close();
    await deleteDB(name);
  }
  await server?.stop();
});

async function browserDb(name: string): Promise<RapportDb> {
  const db = await openRapportDb(name);
  opened.push({ db, name });
  return db;
}

/** Connects a browser to a team as the options page does (noting the server), and returns its sync engine. */
async function connect(db: RapportDb, team: TestTeam): Promise<SyncEngine> {
  const transport = new HttpTransport({ serverUrl: server.url, token: team.token });
  const me = await transport.whoami();
  await adoptServer(db, serverIdentity(server.url, me.team.id, me.user.id));
  return new SyncEngine(db, transport, { pullLimit: 50 });
}

async function lead(db: RapportDb, slug: string): Promise<string> {
  const saved = await saveLead(
    db,
    {
      network: 'linkedin',
      kind: 'person',
      profileKey: `linkedin:in/${slug}`,
      url: `https://www.linkedin.com/in/${slug}/`,
      name: `Person ${slug}`,
    },
    undefined,
    'new',
  );
  if (saved.kind !== 'contact') throw new Error('expected a contact');
  return saved.contact.id;
}

const names = async (db: RapportDb) => (await db.getAll('contacts')).map((contact) => contact.name).sort();

describe('switching sync servers', () => {
  it('pulls the new server from its start and sends it every record, keeping newer edits made there', async () => {
    const [teamA, teamB] = [await server.createTeam('switch A'), await server.createTeam('switch B')];
    // Team B's records come first in the server's change log; the traveller's cursor on A will be past them.
    const colleagueB = await browserDb('switch-colleague-b');
    const colleagueSync = await connect(colleagueB, teamB);
    for (let i = 0; i < 3; i++) await lead(colleagueB, `b-early-${i}`);
    await colleagueSync.sync();

    const traveller = await browserDb('switch-traveller');
    const onA = await connect(traveller, teamA);
    const kept = await lead(traveller, 'a-kept');
    for (let i = 0; i < 40; i++) await lead(traveller, `a-${i}`);
    await onA.sync();
    expect(await traveller.get('meta', 'cursor')).toBeGreaterThan(0);

    const onB = await connect(traveller, teamB);
    await onB.sync();
    expect(await pendingMutations(traveller)).toBe(0);
    // Everything B had, including what was logged before the cursor the traveller brought from A.
    expect(await names(traveller)).toEqual(
      expect.arrayContaining(['Person b-early-0', 'Person b-early-1', 'Person b-early-2', 'Person a-kept']),
    );
    // And B now has everything the traveller had: a new browser on team B pulls it all.
    const freshB = await browserDb('switch-fresh-b');
    await new SyncEngine(freshB, new HttpTransport({ serverUrl: server.url, token: teamB.token })).pull();
    expect(await names(freshB)).toEqual(await names(traveller));
    expect(await freshB.count('contacts')).toBe(44);

    // Back on A, a teammate changed a record later than the traveller did: the copy must not undo that.
    const colleagueA = await browserDb('switch-colleague-a');
    const colleagueASync = await connect(colleagueA, teamA);
    await colleagueASync.sync();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await updateContact(colleagueA, kept, { stage: 'won', notes: 'signed by a teammate' });
    await colleagueASync.sync();

    const backOnA = await connect(traveller, teamA);
    await backOnA.sync();
    const merged = await traveller.get('contacts', kept);
    expect(merged?.stage).toBe('won');
    expect(merged?.notes).toBe('signed by a teammate');
    // A also received what the traveller learned on B.
    await colleagueASync.sync();
    expect(await names(colleagueA)).toEqual(await names(traveller));
  });

  it("takes a new client id when a teammate's token is used in the same browser", async () => {
    const team = await server.createTeam('same browser, two people');
    const teammate = await server.createTeammate(team.team.id, 'Kim');
    const db = await browserDb('switch-teammate');
    const first = await connect(db, team);
    await lead(db, 'shared-desk');
    await first.sync();
    const firstClient = await db.get('meta', 'clientId');
    // The server keeps a client id to the person who first used it: reusing it as Kim would be refused (403).
    const second = await connect(db, { ...team, user: teammate.user, token: teammate.token });
    expect(await db.get('meta', 'clientId')).toBeUndefined();
    await lead(db, 'kims-lead');
    const result = await second.sync();
    expect(result.rejected).toEqual([]);
    expect(await db.get('meta', 'clientId')).not.toBe(firstClient);
    expect(await pendingMutations(db)).toBe(0);
    const fresh = await browserDb('switch-teammate-fresh');
    await new SyncEngine(fresh, new HttpTransport({ serverUrl: server.url, token: team.token })).pull();
    expect(await names(fresh)).toEqual(['Person kims-lead', 'Person shared-desk']);
  });

  it('queues nothing for the first server, nor when reconnecting to the same one', async () => {
    const team = await server.createTeam('same server');
    const db = await browserDb('switch-same');
    await lead(db, 'first');
    // The contact and its LinkedIn identity, waiting since they were saved.
    expect(await pendingMutations(db)).toBe(2);
    const identity = serverIdentity(server.url, team.team.id, team.user.id);
    expect(await adoptServer(db, identity)).toBe(false);
    expect(await queueCopyForServer(db)).toBe(0);
    await new SyncEngine(db, new HttpTransport({ serverUrl: server.url, token: team.token })).sync();
    expect(await adoptServer(db, identity)).toBe(false);
    expect(await queueCopyForServer(db)).toBe(0);
    expect(await pendingMutations(db)).toBe(0);
    expect(await adoptServer(db, serverIdentity(server.url, 'another-team', team.user.id))).toBe(true);
    expect(await db.get('meta', 'cursor')).toBe(0);
  });

  it('queues a large store in chunks, once, each chunk with the mark that says where it stopped', async () => {
    const db = await browserDb('switch-large');
    await inWriteTx(db, async (w) => {
      for (let i = 0; i < 5003; i++)
        await w.put('contacts', Contact.parse({ ...freshMeta(), name: `Bulk ${i}` }), true);
    });
    await db.clear('outbox');
    await db.put('meta', 'http://old.example second-team', 'syncServer');
    expect(await adoptServer(db, 'http://new.example team')).toBe(true);
    const progress: number[] = [];
    expect(await queueCopyForServer(db, (queued) => progress.push(queued))).toBe(5003);
    expect(progress).toEqual([5000, 5003]);
    const entries = await db.getAll('outbox');
    expect(entries.map((entry) => entry.mutations.length)).toEqual([5000, 3]);
    const ids = new Set(entries.flatMap((entry) => entry.mutations.map((m) => m.recordId)));
    expect(ids.size).toBe(5003);
    // Each copy carries the record as it is, stamped with its last change.
    const [first] = entries[0]?.mutations ?? [];
    const record = await db.get('contacts', first?.recordId ?? '');
    expect(first?.patch).toEqual(Object.fromEntries(Object.entries(record ?? {}).filter(([k]) => k !== 'id')));
    expect(first?.hlc.startsWith(String(record?.updatedAt).padStart(15, '0'))).toBe(true);
    // Done: a second run (a worker restarted after finishing) queues nothing more.
    expect(await queueCopyForServer(db)).toBe(0);
    expect(await db.get('meta', 'copyForServer')).toBeUndefined();
  });
});
