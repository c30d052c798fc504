import { loadavg } from 'node:os';
import { ensureDatabase, launch, ms, percentile } from './browser';
import { firstSync } from './sync-browser';
import { replicatePouch, seedPouch, startPouchServer } from './sync-pouch';
import { pushThroughput } from './sync-push';
import { barePut, recordsInWorker } from './sync-put';
import { type BenchDatabase, type BenchServer, seedServer, startBenchServer } from './sync-server';

/**
 * Team sync figures (issue 5), all in one run on this machine:
 *  1. the bare IndexedDB put of the team's records in the extension's service worker (the baseline);
 *  2. the first sync of the same records, server to a fresh browser, through the real scheduler, engine and HTTP
 *     transport in the extension's service worker, on PGlite and on PostgreSQL (target: ≤ 1.5 × the bare put);
 *  3. push throughput of new records in mutations per second, on both databases (Node: fake-indexeddb and the
 *     real engine and transport over HTTP);
 *  4. the peer: PouchDB replicating the same records from pouchdb-server into IndexedDB in Chromium (target: the
 *     first sync is faster).
 * Sizes and run counts come from the environment; the defaults are the sizes.
 */
const env = process.env;
const CONTACTS = Number(env.BENCH_SYNC_CONTACTS ?? 100_000);
const INTERACTIONS = Number(env.BENCH_SYNC_INTERACTIONS ?? 300_000);
const RUNS = Number(env.BENCH_SYNC_RUNS ?? 3);
const PUSH = Number(env.BENCH_SYNC_PUSH ?? 50_000);
const PUSH_RUNS = Number(env.BENCH_SYNC_PUSH_RUNS ?? 3);
const POUCH_RUNS = Number(env.BENCH_SYNC_POUCH_RUNS ?? 1);
const POUCH_BATCH = Number(env.BENCH_SYNC_POUCH_BATCH ?? 1000);
const DATABASES = (env.BENCH_SYNC_DATABASES ?? 'pglite,postgres')
  .split(',')
  .map((name) => name.trim())
  .filter(Boolean) as BenchDatabase[];
const TOTAL = CONTACTS + INTERACTIONS;

const perSecond = (count: number, elapsedMs: number) => Math.round((count / elapsedMs) * 1000);
const rate = (count: number, elapsedMs: number, unit = 'records') =>
  `${perSecond(count, elapsedMs).toLocaleString('en')} ${unit}/s`;
const load = () => loadavg()[0]?.toFixed(1) ?? '?';
const median = (values: number[]) => percentile(values, 50);
const list = (values: number[]) => values.map((value) => (value / 1000).toFixed(1)).join(', ');

async function bareRun(now: number): Promise<number> {
  const bench = await launch(true);
  try {
    if (!bench.worker) throw new Error('no worker');
    await ensureDatabase(bench);
    const contacts = await recordsInWorker(bench.worker, 'contacts', 0, CONTACTS, CONTACTS, now);
    const interactions = await recordsInWorker(bench.worker, 'interactions', 0, INTERACTIONS, CONTACTS, now);
    return await barePut(bench.worker, contacts, interactions);
  } finally {
    await bench.close();
  }
}

async function syncRun(server: BenchServer): Promise<number> {
  const bench = await launch(true);
  try {
    await ensureDatabase(bench);
    const { url, first } = server.server;
    const result = await firstSync(bench, url, first.token);
    const { contacts, interactions } = result.counts;
    if (result.lastError || contacts !== CONTACTS || interactions !== INTERACTIONS) {
      throw new Error(
        `first sync on ${server.kind} ended with ${contacts} contacts and ${interactions} interactions` +
          (result.lastError ? `: ${result.lastError}` : ''),
      );
    }
    return result.elapsedMs;
  } finally {
    await bench.close();
  }
}

export async function benchSync(): Promise<Record<string, number>> {
  const figures: Record<string, number> = {};
  const now = Date.now();
  console.log(
    `${CONTACTS.toLocaleString('en')} contacts + ${INTERACTIONS.toLocaleString('en')} interactions ` +
      `(${TOTAL.toLocaleString('en')} records); ${RUNS} run(s) of the bare put and of each first sync, interleaved; ` +
      `load average at start ${load()} on 2 cores`,
  );

  // Servers first: seeded once each, through the server's own push path (not timed).
  const servers: BenchServer[] = [];
  try {
    for (const kind of DATABASES) {
      const started = performance.now();
      const server = await startBenchServer(kind);
      servers.push(server);
      await seedServer(server.server, server.server.first, { contacts: CONTACTS, interactions: INTERACTIONS }, now);
      console.log(`seeded ${kind} in ${ms(performance.now() - started)} (applyPush, 2,000 mutations a transaction)`);
    }

    const bare: number[] = [];
    const synced = new Map<BenchDatabase, number[]>(DATABASES.map((kind) => [kind, []]));
    for (let run = 1; run <= RUNS; run++) {
      const elapsed = await bareRun(now);
      bare.push(elapsed);
      console.log(`  run ${run}: bare put ${ms(elapsed)} (${rate(TOTAL, elapsed)}), load ${load()}`);
      for (const server of servers) {
        const took = await syncRun(server);
        synced.get(server.kind)?.push(took);
        console.log(`  run ${run}: first sync ${server.kind} ${ms(took)} (${rate(TOTAL, took)}), load ${load()}`);
      }
    }
    if (RUNS > 0) {
      const bareMedian = median(bare);
      figures['bare put ms'] = bareMedian;
      figures['bare put records/s'] = perSecond(TOTAL, bareMedian);
      console.log(
        `bare IndexedDB put, one transaction, in the extension's worker: median ${ms(bareMedian)} → ` +
          `${rate(TOTAL, bareMedian)}  (runs: ${list(bare)} s)  [issue: about 18,000 records/s]`,
      );
      for (const [kind, times] of synced) {
        const elapsed = median(times);
        const ratio = elapsed / bareMedian;
        figures[`first sync ${kind} ms`] = elapsed;
        figures[`first sync ${kind} records/s`] = perSecond(TOTAL, elapsed);
        figures[`first sync ${kind} / bare put`] = ratio;
        console.log(
          `first sync, ${kind} → browser: median ${ms(elapsed)} → ${rate(TOTAL, elapsed)}  ` +
            `(runs: ${list(times)} s); ${ratio.toFixed(2)}× the bare put  [target ≤ 1.50×: ${ratio <= 1.5 ? 'met' : 'MISSED'}]`,
        );
      }
    }

    // Push: new records of a new team, from a client in Node (fake-indexeddb, real engine and HTTP transport).
    for (const server of PUSH_RUNS > 0 ? servers : []) {
      const runs: Array<{ elapsedMs: number; transportMs: number }> = [];
      for (let run = 0; run < PUSH_RUNS; run++) runs.push(await pushThroughput(server.server, PUSH, now));
      const elapsed = median(runs.map((r) => r.elapsedMs));
      const transport = median(runs.map((r) => r.transportMs));
      figures[`push ${server.kind} mutations/s`] = perSecond(PUSH, elapsed);
      console.log(
        `push, client → ${server.kind}: ${PUSH.toLocaleString('en')} new records in batches of 500: median ` +
          `${ms(elapsed)} → ${rate(PUSH, elapsed, 'mutations')} (${PUSH_RUNS} runs: ${list(runs.map((r) => r.elapsedMs))} s; ` +
          `HTTP + server ${ms(transport)} of it, ${rate(PUSH, transport, 'mutations')}), load ${load()}`,
      );
    }
  } finally {
    for (const server of servers) await server.stop();
  }

  // The peer: PouchDB from pouchdb-server, into IndexedDB in Chromium.
  if (POUCH_RUNS > 0) {
    const pouch = await startPouchServer();
    try {
      const started = performance.now();
      await seedPouch(pouch, { contacts: CONTACTS, interactions: INTERACTIONS }, now);
      console.log(`seeded pouchdb-server (in-memory) in ${ms(performance.now() - started)} (_bulk_docs of 5,000)`);
      const times: number[] = [];
      for (let run = 1; run <= POUCH_RUNS; run++) {
        const bench = await launch(false);
        try {
          const result = await replicatePouch(bench, pouch, { batchSize: POUCH_BATCH, batchesLimit: 10 });
          if (result.docs !== TOTAL) throw new Error(`PouchDB replicated ${result.docs} of ${TOTAL} documents`);
          times.push(result.elapsedMs);
          console.log(`  run ${run}: PouchDB replication ${ms(result.elapsedMs)}, load ${load()}`);
        } finally {
          await bench.close();
        }
      }
      const elapsed = median(times);
      figures['pouchdb ms'] = elapsed;
      figures['pouchdb docs/s'] = perSecond(TOTAL, elapsed);
      console.log(
        `PouchDB replication, pouchdb-server → IndexedDB in Chromium, batch_size ${POUCH_BATCH}: median ` +
          `${ms(elapsed)} → ${rate(TOTAL, elapsed, 'docs')} (${POUCH_RUNS} run(s))`,
      );
      for (const kind of DATABASES) {
        const rapport = figures[`first sync ${kind} ms`];
        if (rapport === undefined) continue;
        const ratio = elapsed / rapport;
        figures[`pouchdb / first sync ${kind}`] = ratio;
        console.log(
          `first sync on ${kind} vs PouchDB: Rapport ${ratio.toFixed(2)}× as fast  ` +
            `[target > 1.00×: ${ratio > 1 ? 'met' : 'MISSED'}]`,
        );
      }
    } finally {
      await pouch.stop();
    }
  }
  return figures;
}
