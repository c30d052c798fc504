import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { HTTPRequest } from 'puppeteer';
import { build } from 'vite';
import { freePort } from '../server/tests/helpers/free-port';
import type { BenchBrowser } from './browser';
import { type BenchStore, makeRecords } from './sync-data';

/**
 * The peer figure: the same records replicated by PouchDB (its IndexedDB adapter, in Chromium) from pouchdb-server
 * (in-memory, in its own Node process) on loopback, with PouchDB's own replication protocol (changes feed,
 * _bulk_get, checkpoints).
 */
const ROOT = resolve(import.meta.dirname, '..');
const DB = 'rapport-bench';

export interface PouchServer {
  url: string;
  stop(): Promise<void>;
}

/** pouchdb-server with its in-memory backend (memdown: no native LevelDB needed), in a child process. */
export async function startPouchServer(): Promise<PouchServer> {
  const dir = mkdtempSync(join(tmpdir(), 'rapport-pouch-'));
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      // Hundreds of thousands of documents, kept in memory with their revision trees and change log.
      '--max-old-space-size=8192',
      join(ROOT, 'node_modules/pouchdb-server/bin/pouchdb-server'),
      '--in-memory',
      '--no-stdout-logs',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--dir',
      dir,
      '--config',
      join(dir, 'config.json'),
    ],
    { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((ok) => child.once('exit', ok));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  for (let attempt = 0; ; attempt++) {
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      if (attempt > 200 || child.exitCode !== null) {
        await stop();
        throw new Error('pouchdb-server did not start');
      }
    }
    await new Promise((ok) => setTimeout(ok, 100));
  }
  return { url, stop };
}

/** Puts the records into a fresh database through `_bulk_docs`, 5,000 at a time (not timed). */
export async function seedPouch(
  server: PouchServer,
  counts: { contacts: number; interactions: number },
  now: number,
): Promise<void> {
  const db = `${server.url}/${DB}`;
  const created = await fetch(db, { method: 'PUT' });
  if (!created.ok) throw new Error(`pouchdb-server: cannot create ${DB}: ${created.status}`);
  for (const store of ['contacts', 'interactions'] as BenchStore[]) {
    for (let from = 0; from < counts[store]; from += 5000) {
      const docs = makeRecords(store, from, Math.min(counts[store], from + 5000), counts.contacts, now).map(
        ({ id, ...fields }) => ({ _id: id, store, ...fields }),
      );
      const answer = await fetch(`${db}/_bulk_docs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ docs }),
      });
      if (!answer.ok) throw new Error(`pouchdb-server: _bulk_docs answered ${answer.status}`);
    }
  }
}

let bundle: Promise<string> | undefined;

/** pouchdb-browser (the IndexedDB edition) bundled as one classic script that defines `window.PouchDB`. */
export function pouchBundle(): Promise<string> {
  bundle ??= (async () => {
    const output = await build({
      configFile: false,
      logLevel: 'silent',
      root: ROOT,
      build: {
        write: false,
        minify: true,
        lib: { entry: join(ROOT, 'node_modules/pouchdb-browser/lib/index.es.js'), formats: ['iife'], name: 'PouchDB' },
      },
    });
    const results = Array.isArray(output) ? output : [output];
    for (const result of results) {
      if ('output' in result) {
        const chunk = result.output.find((item) => item.type === 'chunk');
        if (chunk && chunk.type === 'chunk') return chunk.code;
      }
    }
    throw new Error('vite built no PouchDB bundle');
  })();
  return bundle;
}

export interface PouchReplication {
  elapsedMs: number;
  docs: number;
}

/**
 * Replicates the server's database into a fresh PouchDB in a page of `bench.browser`. The page is served at the
 * server's own origin (so PouchDB makes no CORS preflights), with PouchDB inlined; every other request goes to
 * pouchdb-server. Timed in the page, from `PouchDB.replicate()` to its completion.
 */
export async function replicatePouch(
  bench: BenchBrowser,
  server: PouchServer,
  options: { batchSize: number; batchesLimit: number },
): Promise<PouchReplication> {
  const code = await pouchBundle();
  const page = await bench.browser.newPage();
  try {
    const home = `${server.url}/_rapport_bench`;
    await page.setRequestInterception(true);
    page.on('request', (request: HTTPRequest) => {
      if (request.url() === home) {
        void request.respond({
          status: 200,
          contentType: 'text/html; charset=utf-8',
          body: `<!doctype html><title>PouchDB</title><script>${code.replaceAll('</script', '<\\/script')}</script>`,
        });
      } else void request.continue();
    });
    await page.goto(home);
    // Replication outlasts one CDP call's time limit: the page keeps the outcome, Node looks every second.
    await page.evaluate(
      (remote, batchSize, batchesLimit) => {
        const w = window as unknown as {
          pouchOutcome?: { elapsedMs?: number; docs?: number; failed?: string };
          PouchDB: {
            new (name: string): { info(): Promise<{ doc_count: number }> };
            replicate(source: string, target: unknown, options: object): Promise<{ ok: boolean }>;
          };
        };
        const local = new w.PouchDB(`replica-${Date.now()}-${Math.random().toString(36).slice(2)}`);
        const start = performance.now();
        w.PouchDB.replicate(remote, local, { batch_size: batchSize, batches_limit: batchesLimit }).then(
          async (result) => {
            const elapsedMs = performance.now() - start;
            w.pouchOutcome = result.ok
              ? { elapsedMs, docs: (await local.info()).doc_count }
              : { failed: 'PouchDB replication failed' };
          },
          (error) => {
            w.pouchOutcome = { failed: String(error) };
          },
        );
      },
      `${server.url}/${DB}`,
      options.batchSize,
      options.batchesLimit,
    );
    type Outcome = { elapsedMs?: number; docs?: number; failed?: string };
    let outcome: Outcome | undefined;
    while (!outcome) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      outcome = await page.evaluate(() => (window as unknown as { pouchOutcome?: Outcome }).pouchOutcome);
    }
    if (outcome.failed || outcome.elapsedMs === undefined) throw new Error(outcome.failed ?? 'no outcome');
    return { elapsedMs: outcome.elapsedMs, docs: outcome.docs ?? 0 };
  } finally {
    await page.close();
  }
}
