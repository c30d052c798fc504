import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Mutation, SyncRecord } from '../../src/lib/sync';
import type { DatabaseConfig } from '../src/config';
import { apiClient } from './helpers/api';
import { startTestPostgres, type TestPostgres } from './helpers/postgres';
import { contactFields, TestReplica } from './helpers/records';
import { seedTeam } from './helpers/seed';
import { type ServerProcess, spawnServer } from './helpers/server-process';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let postgres: TestPostgres;
const running: ServerProcess[] = [];
const tempDirs: string[] = [];

beforeAll(async () => {
  postgres = await startTestPostgres();
});
afterEach(() => {
  for (const server of running.splice(0)) {
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
  }
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
afterAll(async () => {
  await postgres?.stop();
});

async function start(env: Record<string, string>): Promise<ServerProcess> {
  const server = await spawnServer(env);
  running.push(server);
  return server;
}

/** A database for one test, and the environment that points a server process at it. */
async function freshDatabase(
  kind: 'postgres' | 'pglite',
): Promise<{ config: DatabaseConfig; env: Record<string, string> }> {
  if (kind === 'postgres') {
    const url = await postgres.createDatabase();
    return { config: { kind, url }, env: { DATABASE_URL: url } };
  }
  const dir = mkdtempSync(join(tmpdir(), 'rapport-proc-'));
  tempDirs.push(dir);
  const dataDir = join(dir, 'pglite');
  return { config: { kind, dataDir }, env: { RAPPORT_DATA_DIR: dataDir } };
}

const recordsById = (records: readonly SyncRecord[]) => new Map(records.map((record) => [record.id, record]));

describe('server processes', () => {
  it('serves one team from two processes on one PostgreSQL, with clients alternating between them', async () => {
    const { config, env } = await freshDatabase('postgres');
    // Both start on the empty database at once: the migration lock lets one migrate and the other wait.
    const servers = await Promise.all([start(env), start(env)]);
    const { token } = await seedTeam(config);
    const apis = servers.map((server) => apiClient(server.url, token));
    const api = (i: number) => apis[i % 2] as (typeof apis)[number];

    const alternating = new TestReplica();
    const steady = new TestReplica();
    const shared = Array.from({ length: 5 }, () => alternating.createContact());
    expect((await api(0).push({ clientId: alternating.clientId, mutations: shared })).status).toBe(200);

    const created = new Set(shared.map((mutation) => mutation.recordId));
    let cursor = 0;
    const tail = new Map<string, SyncRecord>();
    const alternate = async () => {
      for (let round = 0; round < 12; round++) {
        const target = shared[round % shared.length] as Mutation;
        const mutations = [
          ...Array.from({ length: 10 }, () => alternating.createContact()),
          alternating.mutation('contacts', target.recordId, { notes: `note ${round}` }),
        ];
        for (const mutation of mutations.slice(0, 10)) created.add(mutation.recordId);
        const pushed = await api(round).push({ clientId: alternating.clientId, mutations });
        expect(pushed.body).toEqual({ lastMutationId: alternating.mutationId, rejected: [] });
        // Read your writes through the other process: what one answered as applied, the other serves.
        const pulled = await api(round + 1).pullAll(alternating.clientId, cursor, 7);
        for (const record of pulled.records) tail.set(record.id, record);
        cursor = pulled.cursor;
        for (const mutation of mutations) expect(tail.get(mutation.recordId)).toBeDefined();
        expect(pulled.pages.at(-1)?.lastMutationId).toBe(alternating.mutationId);
      }
    };
    const steadily = async () => {
      for (let round = 0; round < 12; round++) {
        const target = shared[round % shared.length] as Mutation;
        const mutations = [
          ...Array.from({ length: 10 }, () => steady.createContact()),
          steady.mutation('contacts', target.recordId, { stage: round % 2 ? 'qualified' : 'contacted' }),
        ];
        for (const mutation of mutations.slice(0, 10)) created.add(mutation.recordId);
        const pushed = await api(round + 1).push({ clientId: steady.clientId, mutations });
        expect(pushed.status).toBe(200);
      }
    };
    await Promise.all([alternate(), steadily()]);

    const [one, two] = await Promise.all(apis.map((client) => client.pullAll(randomUUID().replaceAll('-', ''))));
    expect(one?.records).toEqual(two?.records);
    const records = one?.records ?? [];
    expect(new Set(records.map((record) => record.id))).toEqual(created);
    const rest = await api(0).pullAll(alternating.clientId, cursor);
    for (const record of rest.records) tail.set(record.id, record);
    expect(recordsById([...tail.values()])).toEqual(recordsById(records));
    // 5 + 12×11 + 12×11 changes, each with its own version, every version committed once.
    expect(one?.head).toBe(5 + 12 * 11 * 2);
    for (const target of shared) {
      const contact = records.find((record) => record.id === target.recordId);
      expect(contact?.data.notes).toMatch(/^(|note \d+)$/);
    }
  });

  it.each(['postgres', 'pglite'] as const)(
    'loses and doubles nothing when the server is killed (SIGKILL) in the middle of pushes, on %s',
    async (kind) => {
      const { env } = await freshDatabase(kind);
      // The first start makes the team and prints its token (cheaper than opening the database twice).
      let server = await start({ ...env, RAPPORT_BOOTSTRAP: '1' });
      const token = (await server.waitForOutput(/Token: +(rpt_[A-Za-z0-9_-]+)/))[1] as string;
      const replica = new TestReplica();
      const expected = new Map<string, Record<string, unknown>>();
      let changes = 0;
      const batches: Mutation[][] = [];
      for (let b = 0; b < 9; b++) {
        const creates = Array.from({ length: 120 }, (_, i) => replica.createContact({ name: `Contact ${b}-${i}` }));
        const edits = [...expected.keys()]
          .slice(0, 30)
          .map((id) => replica.mutation('contacts', id, { notes: `b${b}` }));
        for (const mutation of creates) expected.set(mutation.recordId, contactFields({ name: mutation.patch.name }));
        for (const mutation of edits) (expected.get(mutation.recordId) as Record<string, unknown>).notes = `b${b}`;
        changes += creates.length + edits.length;
        batches.push([...creates, ...edits]);
      }

      let kills = 0;
      let interrupted = 0;
      for (const [index, batch] of batches.entries()) {
        for (;;) {
          const pushing = apiClient(server.url, token)
            .push({ clientId: replica.clientId, mutations: batch })
            .catch(() => undefined);
          if (index % 3 === 1 && kills < index) {
            // Kill at a moment within the push: before, during or after its transaction commits.
            await sleep(5 + ((index * 7) % 30));
            server.child.kill('SIGKILL');
            await server.exited;
            kills = index;
            server = await start(env);
          }
          const answer = await pushing;
          if (answer?.status === 200) {
            expect(answer.body).toEqual({ lastMutationId: (batch.at(-1) as Mutation).id, rejected: [] });
            break;
          }
          interrupted++;
        }
      }
      expect(kills).toBeGreaterThanOrEqual(3);
      expect(interrupted).toBeGreaterThan(0);

      const { records, head, pages } = await apiClient(server.url, token).pullAll(replica.clientId, 0, 5000);
      expect(pages.at(-1)?.lastMutationId).toBe(replica.mutationId);
      expect(records).toHaveLength(expected.size);
      // Each change took exactly one version: none lost, none applied twice.
      expect(head).toBe(changes);
      expect(new Set(records.map((record) => record.version)).size).toBe(records.length);
      for (const record of records) {
        const { createdAt: _c, updatedAt: _u, ...fields } = expected.get(record.id) ?? {};
        expect(record.data).toMatchObject(fields);
      }
    },
  );

  it('on SIGTERM stops accepting, finishes the request in flight, then exits', async () => {
    const { env } = await freshDatabase('pglite');
    // A first start with bootstrapping on: it prints a token once, and its JSON logs never hold it.
    const server = await start({ ...env, RAPPORT_BOOTSTRAP: '1' });
    const token = (await server.waitForOutput(/Token: +(rpt_[A-Za-z0-9_-]+)/))[1] as string;
    expect(server.output()).toContain(`Server URL: ${server.url}`);

    const replica = new TestReplica();
    const contact = replica.createContact({ name: 'Sent while stopping' });
    const body = Buffer.from(JSON.stringify({ clientId: replica.clientId, mutations: [contact] }));
    const { port } = new URL(server.url);
    const inFlight = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/v1/push',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': body.length },
    });
    const answered = new Promise<{ status: number; text: string }>((resolve, reject) => {
      inFlight.on('response', (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => {
          text += chunk.toString();
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
      });
      inFlight.on('error', reject);
    });
    inFlight.write(body.subarray(0, 100));
    await sleep(300);

    server.child.kill('SIGTERM');
    await sleep(300);
    // No new connections, while the process waits for the request it is reading.
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
    expect(server.child.exitCode).toBeNull();

    inFlight.end(body.subarray(100));
    const answer = await answered;
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({ lastMutationId: 1, rejected: [] });
    expect(await server.exited).toEqual({ code: 0, signal: null });

    const logLines = server
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'));
    expect(logLines.some((line) => line.includes('"msg":"shutting down"'))).toBe(true);
    expect(logLines.some((line) => line.includes('"path":"/v1/push","status":200'))).toBe(true);
    for (const line of logLines) expect(line).not.toContain('rpt_');

    // The answered push was committed: a restarted server has it, and made no second first team.
    const restarted = await start({ ...env, RAPPORT_BOOTSTRAP: '1' });
    expect(restarted.output()).not.toContain('Token:');
    const { records } = await apiClient(restarted.url, token).pullAll(replica.clientId);
    expect(records.map((record) => record.data.name)).toEqual(['Sent while stopping']);
  });
});
