import { nativeApi as browser } from '../../lib/native-api';
import { SYNC_CONFIG_KEY, SYNC_STATUS_KEY, SyncConfig, type SyncStatus } from '../../lib/sync-status';
import type { RapportDb } from '../db';
import { pendingMutations } from '../outbox';
import { onCommitted } from '../write';
import { SyncEngine, type SyncProgress } from './engine';
import { adoptServer, serverIdentity } from './server-switch';
import { HttpTransport, SyncError } from './transport';

/**
 * When sync runs: soon after a local change (debounced), on a periodic alarm, and after failures with exponential
 * backoff and jitter. Alarms outlive the service worker, so a sync interrupted by the worker being stopped is
 * picked up by the next alarm; everything else it needs is in IndexedDB.
 */
const PERIODIC = 'sync:periodic';
const RETRY = 'sync:retry';
const DEBOUNCE_MS = 2_000;
const BACKOFF_BASE_MS = 5_000;
const BACKOFF_MAX_MS = 15 * 60_000;

let running: Promise<void> | undefined;
let again = false;
let debounce: ReturnType<typeof setTimeout> | undefined;
let failures = 0;

export async function syncConfig(): Promise<SyncConfig | undefined> {
  const parsed = SyncConfig.safeParse((await browser.storage.local.get(SYNC_CONFIG_KEY))[SYNC_CONFIG_KEY]);
  return parsed.success ? parsed.data : undefined;
}

export async function readStatus(db: RapportDb): Promise<SyncStatus> {
  const stored = (await browser.storage.local.get(SYNC_STATUS_KEY))[SYNC_STATUS_KEY] as Partial<SyncStatus> | undefined;
  const config = await syncConfig();
  return {
    state: 'idle',
    ...stored,
    connected: Boolean(config),
    serverUrl: config?.serverUrl,
    pending: await pendingMutations(db),
  };
}

let statusWrites: Promise<void> = Promise.resolve();

/** Status updates are read-modify-write: one at a time, so a progress tick cannot undo a newer change. */
function writeStatus(db: RapportDb, patch: Partial<SyncStatus>): Promise<void> {
  statusWrites = statusWrites.then(async () => {
    const next = { ...(await readStatus(db)), ...patch };
    await browser.storage.local.set({ [SYNC_STATUS_KEY]: next });
  });
  return statusWrites;
}

/** Exponential backoff with full jitter: retries spread out instead of arriving together after an outage. */
export function backoffDelay(failureCount: number, random = Math.random): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failureCount - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

async function runOnce(db: RapportDb): Promise<void> {
  const config = await syncConfig();
  if (!config) return;
  await writeStatus(db, { state: 'syncing', progress: undefined });
  let lastProgress = 0;
  const onProgress = (progress: SyncProgress) => {
    // Written at most every 250 ms: the options page's progress bar reads it from storage.
    if (Date.now() - lastProgress < 250 && progress.done < progress.total) return;
    lastProgress = Date.now();
    void writeStatus(db, { progress });
  };
  try {
    const result = await new SyncEngine(db, new HttpTransport(config), { onProgress }).sync();
    failures = 0;
    await browser.alarms.clear(RETRY);
    await writeStatus(db, {
      state: 'idle',
      lastSyncAt: Date.now(),
      lastError: result.rejected.length
        ? `The server refused ${result.rejected.length === 1 ? 'a change' : `${result.rejected.length} changes`}: ${result.rejected[0]?.reason ?? ''}`
        : undefined,
      progress: undefined,
      nextAttemptAt: undefined,
    });
  } catch (error) {
    failures++;
    const message = error instanceof Error ? error.message : String(error);
    const retryable = !(error instanceof SyncError) || error.retryable;
    const nextAttemptAt = retryable ? Date.now() + backoffDelay(failures) : undefined;
    if (nextAttemptAt) await browser.alarms.create(RETRY, { when: nextAttemptAt });
    await writeStatus(db, {
      state: error instanceof SyncError && error.kind === 'network' ? 'offline' : 'error',
      lastError: message,
      progress: undefined,
      nextAttemptAt,
    });
  }
}

/** Runs a sync now, or once more right after the one under way. */
export function syncNow(db: RapportDb): Promise<void> {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    do {
      again = false;
      await runOnce(db);
    } while (again);
  })().finally(() => {
    running = undefined;
  });
  return running;
}

export function startSyncScheduler(db: () => Promise<RapportDb>): void {
  void browser.alarms.create(PERIODIC, { periodInMinutes: 5 });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === PERIODIC || alarm.name === RETRY) void db().then(syncNow);
  });
  onCommitted((_changes, _db, wiped) => {
    // Nothing is left to send after a wipe; the periodic sync brings the team's records back, as before.
    if (wiped) return;
    if (debounce) clearTimeout(debounce);
    debounce = setTimeout(() => {
      void db().then(async (database) => {
        if (await syncConfig()) await syncNow(database);
      });
    }, DEBOUNCE_MS);
  });
}

/** Checks the server and token, then keeps them; the first sync starts at once. */
export async function connect(db: RapportDb, config: SyncConfig): Promise<SyncStatus> {
  const me = await new HttpTransport(config).whoami();
  await adoptServer(db, serverIdentity(config.serverUrl, me.team.id, me.user.id));
  await browser.storage.local.set({ [SYNC_CONFIG_KEY]: config });
  failures = 0;
  await writeStatus(db, { team: me.team.name, user: me.user.name, lastError: undefined, state: 'idle' });
  void syncNow(db);
  return readStatus(db);
}

export async function disconnect(db: RapportDb): Promise<SyncStatus> {
  await browser.storage.local.remove([SYNC_CONFIG_KEY]);
  await browser.alarms.clear(RETRY);
  await writeStatus(db, { team: undefined, user: undefined, lastError: undefined, state: 'idle', progress: undefined });
  return readStatus(db);
}
