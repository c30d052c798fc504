import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { ask } from '../lib/messaging-client';
import { SYNC_STATUS_KEY, SyncConfig, type SyncStatus } from '../lib/sync-status';
import { counted, relativeTime } from './format';
import { errorMessage, useAsync } from './use-async';

/** Live sync status: the background writes it to storage; pages re-read it when it changes. */
export function useSyncStatus(): SyncStatus | undefined {
  const [status, setStatus] = useState<SyncStatus>();
  useEffect(() => {
    const load = () => ask<'syncStatus'>({ type: 'syncStatus' }).then(setStatus, () => {});
    void load();
    const onChange = (changes: Record<string, unknown>, area: string) => {
      if (area === 'local' && SYNC_STATUS_KEY in changes) void load();
    };
    browser.storage.onChanged.addListener(onChange);
    return () => browser.storage.onChanged.removeListener(onChange);
  }, []);
  return status;
}

export function SyncStatusLine({ status }: { status: SyncStatus | undefined }) {
  if (!status?.connected) return <p class="muted">Not connected to a team server: everything stays in this browser.</p>;
  return (
    <div class="sync-status" role="status" aria-label="Sync status">
      {status.state === 'syncing'
        ? 'Syncing…'
        : status.lastSyncAt
          ? `Last sync ${relativeTime(status.lastSyncAt)}`
          : 'Not synced yet'}
      {' · '}
      {status.pending === 0 ? 'nothing pending' : `${counted(status.pending, 'change')} pending`}
      {status.team ? ` · team ${status.team}` : ''}
      {status.progress && (
        <div>
          <progress
            aria-label={status.progress.phase === 'pull' ? 'Downloading from the team' : 'Uploading changes'}
            max={Math.max(1, status.progress.total)}
            value={status.progress.done}
          />{' '}
          {status.progress.done.toLocaleString()} / {status.progress.total.toLocaleString()}
        </div>
      )}
      {status.lastError && (
        <p class="error" role="alert">
          {status.state === 'offline' ? 'Offline: ' : 'Sync problem: '}
          {status.lastError}
          {status.nextAttemptAt ? ` — retrying ${relativeTime(status.nextAttemptAt)}` : ''}
        </p>
      )}
    </div>
  );
}

/** Options: connect a team server (asking for that one origin only), see the status, sync or disconnect. */
export function SyncSection() {
  const status = useSyncStatus();
  const [message, setMessage] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const parsed = SyncConfig.safeParse({ serverUrl: form.get('serverUrl'), token: form.get('token') });
    if (!parsed.success) {
      setMessage(parsed.error.issues.map((issue) => issue.message).join('; '));
      return;
    }
    const origin = new URL(parsed.data.serverUrl);
    // Asked for at run time, for this server only, while the click still counts as the person's gesture.
    const granted = await browser.permissions
      .request({ origins: [`${origin.protocol}//${origin.hostname}/*`] })
      .catch(() => false);
    if (!granted) {
      setMessage(`Rapport needs your permission to reach ${origin.origin}. Nothing was changed.`);
      return;
    }
    setBusy(true);
    try {
      await ask<'syncConnect'>({ type: 'syncConnect', config: parsed.data });
      setMessage('Connected. The first sync has started.');
    } catch (e) {
      setMessage(`Could not connect: ${errorMessage(e)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="sync-heading">
      <h2 id="sync-heading">Team sync</h2>
      <SyncStatusLine status={status} />
      {status?.connected && <XConnectorLine />}
      {status?.connected ? (
        <div class="actions">
          <button
            type="button"
            class="primary"
            onClick={() => void ask<'syncNow'>({ type: 'syncNow' }).catch((e) => setMessage(errorMessage(e)))}
          >
            Sync now
          </button>
          <button
            type="button"
            class="secondary"
            onClick={() => void ask<'syncDisconnect'>({ type: 'syncDisconnect' })}
          >
            Disconnect
          </button>
        </div>
      ) : (
        <form class="sync-form" onSubmit={submit}>
          <label>
            Server address
            <input name="serverUrl" type="url" placeholder="https://rapport.example.com" required />
          </label>
          <label>
            Token
            <input name="token" type="password" autocomplete="off" required />
          </label>
          <button type="submit" class="primary" disabled={busy}>
            {busy ? 'Connecting…' : 'Connect'}
          </button>
        </form>
      )}
      {message && <p role="status">{message}</p>}
    </section>
  );
}

/** The team's X connector as the server reports it: connected account, last poll, and any trouble in words. */
function XConnectorLine() {
  const [x] = useAsync(() => ask<'xStatus'>({ type: 'xStatus' }), []);
  if (x.status !== 'ready') return null;
  const status = x.value;
  if (!status.connected) return <p class="muted">X conversations: the team server has no X account connected.</p>;
  return (
    <div role="status" aria-label="X connector status">
      X conversations: @{status.account?.handle}
      {status.lastPollAt ? ` · last checked ${relativeTime(status.lastPollAt)}` : ' · not checked yet'}
      {status.rateLimitedUntil && status.rateLimitedUntil > Date.now()
        ? ` · paused by X's rate limit until ${new Date(status.rateLimitedUntil).toLocaleTimeString()}`
        : ''}
      {status.lastError && (
        <p class="error" role="alert">
          X: {status.lastError}
        </p>
      )}
    </div>
  );
}
