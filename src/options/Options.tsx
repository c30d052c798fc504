import { useState } from 'preact/hooks';
import { ask } from '../lib/messaging-client';
import { NETWORKS } from '../lib/networks';
import type { Settings } from '../lib/settings';
import { ErrorText } from '../ui/ErrorText';
import { counted, networkLabel } from '../ui/format';
import { SyncSection } from '../ui/SyncSection';
import { errorMessage, useAsync } from '../ui/use-async';
import { ExportSection } from './ExportSection';
import { ImportSection } from './ImportSection';
import { RestoreSection } from './RestoreSection';

/** Options: which sites Rapport annotates, who you are, and your data. */
export function Options() {
  return (
    <main class="options">
      <h1>Rapport options</h1>
      <SettingsSection />
      <SyncSection />
      <SiteHealthSection />
      <DataSection />
    </main>
  );
}

function SettingsSection() {
  const [state, reload] = useAsync(() => ask<'getSettings'>({ type: 'getSettings' }), []);
  const [saved, setSaved] = useState<string>();
  if (state.status !== 'ready') {
    return state.status === 'error' ? <ErrorText message={state.message} /> : <p class="muted">Loading…</p>;
  }
  const save = async (settings: Settings) => {
    try {
      await ask<'saveSettings'>({ type: 'saveSettings', settings });
      setSaved('Saved.');
      await reload();
    } catch (e) {
      setSaved(errorMessage(e));
    }
  };
  const settings = state.value;
  return (
    <>
      <section aria-labelledby="sites-heading">
        <h2 id="sites-heading">Sites</h2>
        <p class="muted">Rapport reads and annotates only the sites switched on here.</p>
        {NETWORKS.map((network) => (
          <label key={network} class="switch">
            <input
              type="checkbox"
              checked={settings.sites[network]}
              onChange={(e) => save({ ...settings, sites: { ...settings.sites, [network]: e.currentTarget.checked } })}
            />{' '}
            {networkLabel(network)}
          </label>
        ))}
      </section>
      <section aria-labelledby="you-heading">
        <h2 id="you-heading">You</h2>
        <form
          class="owner-form"
          onSubmit={(e) => {
            e.preventDefault();
            const name = new FormData(e.currentTarget).get('ownerName');
            void save({ ...settings, ownerName: String(name ?? '') });
          }}
        >
          <label>
            Your name (shown as the owner of the leads you save)
            <input name="ownerName" defaultValue={settings.ownerName} maxLength={200} />
          </label>{' '}
          <button type="submit" class="primary">
            Save
          </button>
        </form>
      </section>
      {saved && <p role="status">{saved}</p>}
    </>
  );
}

/** Each store's records as the page counts them: one, and more than one. */
const STORE_LABELS: Record<string, [string, string]> = {
  contacts: ['contact', 'contacts'],
  accounts: ['account', 'accounts'],
  identities: ['social profile', 'social profiles'],
  interactions: ['interaction', 'interactions'],
  tasks: ['follow-up', 'follow-ups'],
  outbox: ['change waiting to sync', 'changes waiting to sync'],
};

function DataSection() {
  const [counts, reload] = useAsync(() => ask<'storeCounts'>({ type: 'storeCounts' }), []);
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState('');
  const [message, setMessage] = useState<string>();
  return (
    <section aria-labelledby="data-heading">
      <h2 id="data-heading">Your data</h2>
      {counts.status === 'ready' ? (
        <p>
          Stored in this browser:{' '}
          {Object.entries(STORE_LABELS)
            .map(([store, [one, many]]) => counted(counts.value[store] ?? 0, one, many))
            .join(', ')}
          .
        </p>
      ) : (
        <p class="muted">{counts.status === 'error' ? counts.message : 'Counting…'}</p>
      )}
      <ImportSection />
      <ExportSection />
      <RestoreSection onRestored={() => void reload()} />
      <h3>Delete everything</h3>
      {!confirming ? (
        <button type="button" class="danger" onClick={() => setConfirming(true)}>
          Delete everything…
        </button>
      ) : (
        <form
          class="confirm"
          onSubmit={async (e) => {
            e.preventDefault();
            try {
              await ask<'deleteEverything'>({ type: 'deleteEverything', confirm: 'delete everything' });
              setMessage('Everything was deleted.');
              setConfirming(false);
              setTyped('');
              await reload();
            } catch (error) {
              setMessage(errorMessage(error));
            }
          }}
        >
          <p>
            This deletes every contact, account, interaction and follow-up stored in this browser, and changes not yet
            synced. Export a backup first if you may want them back. Type <strong>delete everything</strong> to confirm.
          </p>
          <input
            aria-label="Type delete everything to confirm"
            value={typed}
            onInput={(e) => setTyped(e.currentTarget.value)}
          />{' '}
          <button type="submit" class="danger" disabled={typed !== 'delete everything'}>
            Delete everything
          </button>{' '}
          <button type="button" class="secondary" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </form>
      )}
      {message && <p role="status">{message}</p>}
    </section>
  );
}

/** Which of a site's selectors stopped matching today: the first sign that a site changed its markup. */
function SiteHealthSection() {
  const [health] = useAsync(() => ask<'siteHealth'>({ type: 'siteHealth' }), []);
  if (health.status !== 'ready') return null;
  return (
    <section aria-labelledby="health-heading">
      <h2 id="health-heading">Site health</h2>
      <ul class="health">
        {NETWORKS.map((network) => {
          const misses = Object.entries(health.value.misses[network] ?? {});
          return (
            <li key={network}>
              {networkLabel(network)}:{' '}
              {misses.length === 0
                ? 'all selectors matched today'
                : misses
                    .map(([field, count]) => `${field} selector failed ${count} time${count === 1 ? '' : 's'} today`)
                    .join('; ')}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
