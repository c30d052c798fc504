import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatHlc } from '../../../src/lib/hlc';
import type { SyncRecord } from '../../../src/lib/sync';
import { revokeTokens } from '../../src/tokens';
import { type ApiClient, apiClient, request } from './api';
import { contactFields, TestReplica } from './records';
import type { TestServer, TestTeam } from './test-server';

const byVersion = (records: readonly SyncRecord[]) => records.map((record) => record.version);

/**
 * The API's behaviour over real HTTP, run once per database (PGlite and PostgreSQL) by the two suite files, so both
 * are held to exactly the same story.
 */
export function describeSyncApi(database: string, start: () => Promise<TestServer>) {
  describe(`sync API on ${database}`, () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await start();
    });
    afterAll(async () => {
      await server?.stop();
    });

    /** Every test works in its own team, so tests cannot see each other's data. */
    async function freshTeam(): Promise<TestTeam & { api: ApiClient }> {
      const team = await server.createTeam();
      return { ...team, api: apiClient(server.url, team.token) };
    }

    it('answers /health without a token, naming the database', async () => {
      const answer = await request(`${server.url}/health`);
      expect(answer).toEqual({ status: 200, body: { ok: true, database: database } });
    });

    it('tells a token who it acts for', async () => {
      const { api, team, user } = await freshTeam();
      const answer = await api.whoami();
      expect(answer).toEqual({
        status: 200,
        body: { user: { id: user.id, name: user.name }, team: { id: team.id, name: team.name } },
      });
    });

    it('round-trips a pushed contact to a teammate pulling from scratch', async () => {
      const { api, team } = await freshTeam();
      const laptop = new TestReplica();
      const created = laptop.createContact({ name: 'Grace Hopper', stage: 'qualified' });
      const pushed = await api.push({ clientId: laptop.clientId, mutations: [created] });
      expect(pushed).toEqual({ status: 200, body: { lastMutationId: 1, rejected: [] } });

      const teammate = await server.createTeammate(team.id);
      const other = new TestReplica();
      const pulled = await apiClient(server.url, teammate.token).pull({ clientId: other.clientId, cursor: 0 });
      expect(pulled.status).toBe(200);
      expect(pulled.body).toEqual({
        records: [
          {
            store: 'contacts',
            id: created.recordId,
            data: created.patch,
            clocks: Object.fromEntries(Object.keys(created.patch).map((field) => [field, created.hlc])),
            version: 1,
          },
        ],
        cursor: 1,
        more: false,
        head: 1,
        lastMutationId: 0,
      });
      const again = await api.pull({ clientId: other.clientId, cursor: 1 });
      expect(again.body).toMatchObject({ records: [], cursor: 1, more: false, head: 1 });
    });

    it('applies a retried push exactly once, and only the new part of an overlapping one', async () => {
      const { api } = await freshTeam();
      const replica = new TestReplica();
      const contactId = randomUUID();
      const batch = [
        replica.createContact({ name: 'Ada' }, contactId),
        replica.mutation('contacts', contactId, { stage: 'contacted' }),
        replica.createContact({ name: 'Charles' }),
      ];
      expect((await api.push({ clientId: replica.clientId, mutations: batch })).body).toEqual({
        lastMutationId: 3,
        rejected: [],
      });
      const before = await api.pullAll(replica.clientId);

      // The answer was lost: the client sends the same batch again.
      const retried = await api.push({ clientId: replica.clientId, mutations: batch });
      expect(retried).toEqual({ status: 200, body: { lastMutationId: 3, rejected: [] } });
      const after = await api.pullAll(replica.clientId);
      expect(after.head).toBe(before.head);
      expect(after.records).toEqual(before.records);

      // A retry that also carries a new mutation applies only that one.
      const next = replica.mutation('contacts', contactId, { stage: 'qualified' });
      const overlapping = await api.push({ clientId: replica.clientId, mutations: [...batch.slice(1), next] });
      expect(overlapping.body).toEqual({ lastMutationId: 4, rejected: [] });
      const final = await api.pullAll(replica.clientId);
      expect(final.head).toBe(before.head + 1);
      expect(final.records.find((record) => record.id === contactId)?.data.stage).toBe('qualified');
      expect(final.pages.at(-1)?.lastMutationId).toBe(4);
    });

    it('accepts gaps in mutation ids but refuses ids that do not increase within a batch', async () => {
      const { api } = await freshTeam();
      const replica = new TestReplica();
      const first = replica.createContact();
      replica.mutationId += 10;
      const afterGap = replica.createContact();
      expect((await api.push({ clientId: replica.clientId, mutations: [first, afterGap] })).body).toEqual({
        lastMutationId: 12,
        rejected: [],
      });
      const backwards = [replica.createContact(), { ...replica.createContact(), id: 5 }];
      const refused = await api.push({ clientId: replica.clientId, mutations: backwards });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ error: { code: 'invalid_request' } });
      expect((await api.pullAll(replica.clientId)).records).toHaveLength(2);
    });

    it('merges concurrent edits of one contact field by field: each field keeps its latest edit', async () => {
      const { api, team } = await freshTeam();
      const teammate = await server.createTeammate(team.id, 'Kim');
      const samApi = api;
      const kimApi = apiClient(server.url, teammate.token);
      const sam = new TestReplica();
      const kim = new TestReplica();
      const contactId = randomUUID();
      await samApi.push({ clientId: sam.clientId, mutations: [sam.createContact({ name: 'Ada' }, contactId)] });
      await kimApi.pullAll(kim.clientId);

      // Both edit while offline; Kim's name edit is older than Sam's, Kim's notes edit is the only one.
      const base = Date.now();
      const kimName = kim.mutation('contacts', contactId, { name: 'Ada K.' }, kim.stamp(base + 1));
      const kimNotes = kim.mutation('contacts', contactId, { notes: 'met at the fair' }, kim.stamp(base + 2));
      const samEdit = sam.mutation('contacts', contactId, { name: 'Ada Lovelace', stage: 'won' }, sam.stamp(base + 3));
      expect((await samApi.push({ clientId: sam.clientId, mutations: [samEdit] })).body.rejected).toEqual([]);
      expect((await kimApi.push({ clientId: kim.clientId, mutations: [kimName, kimNotes] })).body.rejected).toEqual([]);

      for (const client of [samApi, kimApi]) {
        const { records } = await client.pullAll(randomUUID().replaceAll('-', ''));
        const contact = records.find((record) => record.id === contactId);
        expect(contact?.data).toMatchObject({ name: 'Ada Lovelace', stage: 'won', notes: 'met at the fair' });
        expect(contact?.clocks).toMatchObject({ name: samEdit.hlc, stage: samEdit.hlc, notes: kimNotes.hlc });
      }
    });

    it('sends deletions as tombstones to a client that synced before', async () => {
      const { api } = await freshTeam();
      const replica = new TestReplica();
      const reader = new TestReplica();
      const contact = replica.createContact({ name: 'Leaving Soon' });
      await api.push({ clientId: replica.clientId, mutations: [contact] });
      const { cursor } = await api.pullAll(reader.clientId);
      const deletion = replica.mutation('contacts', contact.recordId, { deleted: true, updatedAt: Date.now() });
      await api.push({ clientId: replica.clientId, mutations: [deletion] });

      const { records } = await api.pullAll(reader.clientId, cursor);
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({ id: contact.recordId, data: { deleted: true, name: 'Leaving Soon' } });
      expect(records[0]?.version).toBeGreaterThan(cursor);
    });

    it('streams a large first sync in pages with no gaps and no duplicates', async () => {
      const { api } = await freshTeam();
      const replica = new TestReplica();
      const ids = new Set<string>();
      for (let batch = 0; batch < 10; batch++) {
        const mutations = Array.from({ length: 500 }, (_, i) =>
          replica.createContact({ name: `Contact ${batch}-${i}` }),
        );
        for (const mutation of mutations) ids.add(mutation.recordId);
        const answer = await api.push({ clientId: replica.clientId, mutations });
        expect(answer.status).toBe(200);
      }
      // A few edits move older records to the end of the version order.
      const edits = [...ids].slice(0, 20).map((id) => replica.mutation('contacts', id, { stage: 'won' }));
      await api.push({ clientId: replica.clientId, mutations: edits });

      const { records, pages, head } = await api.pullAll(new TestReplica().clientId, 0, 1000);
      expect(pages.map((page) => page.records.length)).toEqual([1000, 1000, 1000, 1000, 1000]);
      expect(pages.map((page) => page.more)).toEqual([true, true, true, true, false]);
      expect(pages.every((page) => page.head === 5020)).toBe(true);
      expect(head).toBe(5020);
      expect(new Set(records.map((record) => record.id))).toEqual(ids);
      const versions = byVersion(records);
      expect(versions).toEqual([...versions].sort((a, b) => a - b));
      expect(new Set(versions).size).toBe(5000);
      expect(records.filter((record) => record.data.stage === 'won')).toHaveLength(20);
    });

    it('keeps teams apart: another team sees nothing and its record of the same id is its own', async () => {
      const a = await freshTeam();
      const b = await freshTeam();
      const replica = new TestReplica();
      const contact = replica.createContact({ name: 'Team A secret' });
      await a.api.push({ clientId: replica.clientId, mutations: [contact] });

      const seenByB = await b.api.pullAll(replica.clientId);
      expect(seenByB.records).toEqual([]);
      expect(seenByB.head).toBe(0);
      // Team B writes the same id, even from the same client id: a different record, in team B only.
      const intruder = new TestReplica(replica.clientId);
      const overwrite = await b.api.push({
        clientId: intruder.clientId,
        mutations: [intruder.mutation('contacts', contact.recordId, contactFields({ name: 'Team B' }))],
      });
      expect(overwrite.body).toEqual({ lastMutationId: 1, rejected: [] });

      const { records } = await a.api.pullAll(new TestReplica().clientId);
      expect(records).toHaveLength(1);
      expect(records[0]?.data.name).toBe('Team A secret');
      expect((await b.api.pullAll(replica.clientId)).records.map((record) => record.data.name)).toEqual(['Team B']);
    });

    it('refuses a client id that belongs to another user of the team (403), changing nothing', async () => {
      const { api, team } = await freshTeam();
      const replica = new TestReplica();
      await api.push({ clientId: replica.clientId, mutations: [replica.createContact()] });
      const teammate = apiClient(server.url, (await server.createTeammate(team.id)).token);

      const push = await teammate.push({ clientId: replica.clientId, mutations: [replica.createContact()] });
      expect(push.status).toBe(403);
      expect(push.body).toMatchObject({ error: { code: 'forbidden' } });
      expect((await teammate.pull({ clientId: replica.clientId, cursor: 0 })).status).toBe(403);
      const { records, pages } = await api.pullAll(replica.clientId);
      expect(records).toHaveLength(1);
      expect(pages[0]?.lastMutationId).toBe(1);
    });

    it('answers 401 to a missing, malformed, unknown or revoked token, with no data', async () => {
      const { api, team } = await freshTeam();
      const replica = new TestReplica();
      await api.push({ clientId: replica.clientId, mutations: [replica.createContact()] });
      const body = JSON.stringify({ clientId: replica.clientId, cursor: 0 });
      const unknownToken = `rpt_${'A'.repeat(43)}`;
      const leaver = await server.createTeammate(team.id, 'Leaver');
      await revokeTokens(server.server.db, leaver.user.id);
      const headerVariants: Record<string, string>[] = [
        {},
        { authorization: 'Bearer' },
        { authorization: 'Basic dXNlcjpwYXNz' },
        { authorization: 'Bearer not-a-token' },
        { authorization: `Bearer ${unknownToken}` },
        { authorization: `Bearer ${leaver.token}` },
      ];
      for (const headers of headerVariants) {
        const answer = await request(`${server.url}/v1/pull`, { method: 'POST', headers, body });
        expect(answer.status, JSON.stringify(headers)).toBe(401);
        expect(answer.body).toMatchObject({ error: { code: 'unauthorized' } });
        expect((await request(`${server.url}/v1/whoami`, { headers })).status).toBe(401);
      }
    });

    it('refuses an oversized body with 413 while reading it, with or without Content-Length', async () => {
      const { api, token } = await freshTeam();
      const replica = new TestReplica();
      const huge = JSON.stringify({
        clientId: replica.clientId,
        mutations: [replica.createContact({ notes: 'x'.repeat(6 * 1024 * 1024) })],
      });
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const sized = await request(`${server.url}/v1/push`, { method: 'POST', headers, body: huge });
      expect(sized.status).toBe(413);
      expect(sized.body).toMatchObject({ error: { code: 'payload_too_large' } });

      const bytes = new TextEncoder().encode(huge);
      const chunked = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let offset = 0; offset < bytes.length; offset += 64 * 1024) {
            controller.enqueue(bytes.subarray(offset, offset + 64 * 1024));
          }
          controller.close();
        },
      });
      const streamed = await request(`${server.url}/v1/push`, {
        method: 'POST',
        headers,
        body: chunked,
        duplex: 'half',
      } as RequestInit);
      expect(streamed.status).toBe(413);
      expect((await api.pullAll(replica.clientId)).records).toEqual([]);
    });

    it('answers 400 to malformed JSON and to bodies off the schema, and changes nothing', async () => {
      const { api, token } = await freshTeam();
      const replica = new TestReplica();
      await api.push({ clientId: replica.clientId, mutations: [replica.createContact()] });
      const before = await api.pullAll(replica.clientId);
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const post = (body: string) => request(`${server.url}/v1/push`, { method: 'POST', headers, body });

      const malformed = await post('{"clientId": "abc", "mutations": [');
      expect(malformed).toMatchObject({ status: 400, body: { error: { code: 'malformed_json' } } });

      const valid = replica.createContact({ name: 'Should not land' });
      const badBatches = [
        { clientId: replica.clientId, mutations: [valid, { ...replica.createContact(), recordId: 'not-a-uuid' }] },
        { clientId: replica.clientId, mutations: [valid, { ...replica.createContact(), store: 'passwords' }] },
        { clientId: replica.clientId, mutations: [valid, { ...replica.createContact(), hlc: 'yesterday' }] },
        { clientId: replica.clientId, mutations: [{ ...replica.createContact(), patch: { id: randomUUID() } }] },
        { clientId: 'x', mutations: [valid] },
        { clientId: replica.clientId, mutations: [] },
        { clientId: replica.clientId, mutations: Array.from({ length: 501 }, () => replica.createContact()) },
        [valid],
      ];
      for (const body of badBatches) {
        const answer = await post(JSON.stringify(body));
        expect(answer.status, JSON.stringify(body).slice(0, 200)).toBe(400);
        expect(answer.body).toMatchObject({ error: { code: 'invalid_request' } });
        expect((answer.body as { error: { message: string } }).error.message).toMatch(/\w+/);
      }
      const named = await post(JSON.stringify(badBatches[0]));
      expect((named.body as { error: { message: string } }).error.message).toContain('mutations.1.recordId');

      const after = await api.pullAll(replica.clientId);
      expect(after.records).toEqual(before.records);
      expect(after.head).toBe(before.head);
      expect(after.pages[0]?.lastMutationId).toBe(1);
    });

    it('acknowledges a mutation whose merged record is invalid with a reason, applies the rest, never re-applies', async () => {
      const { api } = await freshTeam();
      const replica = new TestReplica();
      const good = replica.createContact({ name: 'Valid' });
      const incomplete = replica.mutation('contacts', randomUUID(), { name: 'No timestamps' });
      const badStage = replica.mutation('contacts', good.recordId, { stage: 'bribed' });
      const unknownField = replica.mutation('contacts', good.recordId, { favouriteColour: 'red' });
      const later = replica.mutation('contacts', good.recordId, { stage: 'won' });
      const fromTheFuture = replica.mutation(
        'contacts',
        good.recordId,
        { stage: 'lost' },
        // A device whose clock is a week ahead (stamped directly: this replica's own clock stays right).
        formatHlc({ wall: Date.now() + 7 * 24 * 3600 * 1000, counter: 0, node: replica.clientId }),
      );
      const batch = [good, incomplete, badStage, unknownField, later, fromTheFuture];
      const answer = await api.push({ clientId: replica.clientId, mutations: batch });
      expect(answer.status).toBe(200);
      expect(answer.body.lastMutationId).toBe(6);
      expect(answer.body.rejected.map((rejection) => rejection.id)).toEqual([2, 3, 4, 6]);
      const [noRecord, stage, unknown, clock] = answer.body.rejected;
      expect(noRecord?.reason).toMatch(/createdAt/);
      expect(noRecord?.record).toBeUndefined();
      expect(stage?.reason).toMatch(/stage/);
      expect(unknown?.reason).toMatch(/unknown fields.*favouriteColour/);
      expect(clock?.reason).toMatch(/ahead of the server's clock/);
      // The server's record as it stands after the push, so the client can drop its rejected value.
      expect(stage?.record).toMatchObject({ id: good.recordId, data: { name: 'Valid', stage: 'won' } });

      const { records } = await api.pullAll(replica.clientId);
      expect(records).toHaveLength(1);
      expect(records[0]?.data).not.toHaveProperty('favouriteColour');
      expect(records[0]?.data.stage).toBe('won');
      // A retry (the answer was lost) applies nothing again and reports the same rejections.
      const retried = await api.push({ clientId: replica.clientId, mutations: batch });
      expect(retried.body).toEqual(answer.body);
      // Once the client pushes past them, it has dropped them: they are forgotten.
      const next = replica.mutation('contacts', good.recordId, { notes: 'later' });
      expect((await api.push({ clientId: replica.clientId, mutations: [next] })).body).toEqual({
        lastMutationId: 7,
        rejected: [],
      });
      const stale = await api.push({ clientId: replica.clientId, mutations: batch });
      expect(stale.body).toEqual({ lastMutationId: 7, rejected: [] });
      expect((await api.pullAll(replica.clientId)).records[0]?.data.notes).toBe('later');
    });

    it('clears a field with null and validates the record without it', async () => {
      const { api } = await freshTeam();
      const replica = new TestReplica();
      const contact = replica.createContact({ company: 'Initech', accountId: randomUUID() });
      await api.push({ clientId: replica.clientId, mutations: [contact] });
      const cleared = replica.mutation('contacts', contact.recordId, { company: null, accountId: null });
      const nameless = replica.mutation('contacts', contact.recordId, { name: null });
      const answer = await api.push({ clientId: replica.clientId, mutations: [cleared, nameless] });
      expect(answer.body.rejected.map((rejection) => rejection.id)).toEqual([nameless.id]);
      const { records } = await api.pullAll(replica.clientId);
      expect(records[0]?.data).toMatchObject({ company: null, accountId: null, name: 'Ada Lovelace' });
      expect(records[0]?.clocks.company).toBe(cleared.hlc);
    });

    it('never lets a tail of incremental pulls miss a change while many clients push at once', async () => {
      const { api } = await freshTeam();
      const writers = Array.from({ length: 4 }, () => new TestReplica());
      const tail = new TestReplica();
      const seen = new Map<string, SyncRecord>();
      let cursor = 0;
      let writing = true;
      const tailing = (async () => {
        while (writing) {
          const page = await api.pull({ clientId: tail.clientId, cursor, limit: 50 });
          expect(page.status).toBe(200);
          for (const record of page.body.records) {
            expect(record.version).toBeGreaterThan(cursor);
            seen.set(`${record.store}/${record.id}`, record);
          }
          cursor = page.body.cursor;
        }
      })();
      const ids = new Set<string>();
      await Promise.all(
        writers.map(async (writer) => {
          for (let round = 0; round < 10; round++) {
            const mutations = Array.from({ length: 20 }, () => writer.createContact());
            for (const mutation of mutations) ids.add(mutation.recordId);
            const answer = await api.push({ clientId: writer.clientId, mutations });
            expect(answer.status).toBe(200);
          }
        }),
      );
      writing = false;
      await tailing;
      const rest = await api.pullAll(tail.clientId, cursor);
      for (const record of rest.records) seen.set(`${record.store}/${record.id}`, record);
      const full = await api.pullAll(new TestReplica().clientId);
      expect(full.records).toHaveLength(ids.size);
      expect(new Set([...seen.values()].map((record) => record.id))).toEqual(ids);
      expect(byVersion(full.records)).toEqual(full.records.map((_, i) => i + 1));
    });

    it('lets the extension call it cross-origin, and no web page', async () => {
      const preflight = (origin: string) =>
        fetch(`${server.url}/v1/push`, {
          method: 'OPTIONS',
          headers: {
            origin,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'authorization,content-type',
          },
        });
      for (const origin of ['chrome-extension://abcdefghijklmnopabcdefghijklmnop', `moz-extension://${randomUUID()}`]) {
        const answer = await preflight(origin);
        expect(answer.status).toBe(204);
        expect(answer.headers.get('access-control-allow-origin')).toBe(origin);
        expect(answer.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
        expect(answer.headers.get('access-control-allow-credentials')).toBeNull();
      }
      const page = await preflight('https://www.linkedin.com');
      expect(page.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('answers an unknown route with a 404 error body', async () => {
      const { token } = await freshTeam();
      const answer = await request(`${server.url}/v1/nothing`, { headers: { authorization: `Bearer ${token}` } });
      expect(answer).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    });
  });
}
