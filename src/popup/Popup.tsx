import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import type { LookupResult } from '../lib/messages';
import { ask } from '../lib/messaging-client';
import type { ProfileRef } from '../lib/profile-ref';
import type { Contact } from '../lib/records';
import { label, networkLabel, RELATIONSHIP_COLOURS } from '../ui/format';

type Current = { profile: ProfileRef | null; result: LookupResult };

export function Popup() {
  const [current, setCurrent] = useState<Current | 'loading'>('loading');
  const [recent, setRecent] = useState<Contact[] | 'loading'>('loading');
  const [error, setError] = useState<string>();

  const refresh = async () => {
    try {
      const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
      const [here, { contacts }] = await Promise.all([
        tab?.id === undefined
          ? Promise.resolve<Current>({ profile: null, result: null })
          : ask<'tabProfile'>({ type: 'tabProfile', tabId: tab.id }),
        ask<'recentContacts'>({ type: 'recentContacts', limit: 20 }),
      ]);
      setCurrent(here);
      setRecent(contacts);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  useEffect(() => {
    void refresh();
  }, []);

  const save = async (profile: ProfileRef) => {
    try {
      await ask<'saveLead'>({ type: 'saveLead', profile });
      await refresh();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <main>
      <h1>Rapport</h1>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <h2>This tab</h2>
      <CurrentProfile current={current} onSave={save} />
      <h2>Recently saved</h2>
      <RecentContacts recent={recent} />
    </main>
  );
}

function CurrentProfile({ current, onSave }: { current: Current | 'loading'; onSave(p: ProfileRef): Promise<void> }) {
  const [busy, setBusy] = useState(false);
  if (current === 'loading') return <p class="muted">Loading…</p>;
  const { profile, result } = current;
  if (!profile) {
    return <p class="empty">Open a LinkedIn profile or company page to see who it is and save them as a lead.</p>;
  }
  return (
    <section class="current" aria-label="Profile in this tab">
      <div class="name">{result?.kind === 'contact' ? result.contact.name : profile.name}</div>
      <div class="muted">
        {networkLabel(profile.network)}
        {profile.headline ? ` · ${profile.headline}` : ''}
      </div>
      {result?.kind === 'contact' ? (
        <p>
          Saved ·{' '}
          <span
            class="pill"
            style={{ background: RELATIONSHIP_COLOURS[result.account?.relationship ?? result.contact.relationship] }}
          >
            {label(result.account?.relationship ?? result.contact.relationship)}
          </span>{' '}
          · {label(result.contact.stage)}
        </p>
      ) : result?.kind === 'account' ? (
        <p>Known account · {label(result.account.relationship)}</p>
      ) : (
        <p>
          <button
            type="button"
            class="primary"
            disabled={busy}
            onClick={async () => {
              setBusy(true);
              await onSave(profile);
              setBusy(false);
            }}
          >
            Save lead
          </button>
        </p>
      )}
    </section>
  );
}

function RecentContacts({ recent }: { recent: Contact[] | 'loading' }) {
  if (recent === 'loading') return <p class="muted">Loading…</p>;
  if (recent.length === 0) {
    return <p class="empty">No contacts yet. Open a LinkedIn profile and click “Save lead” on the Rapport card.</p>;
  }
  return (
    <ul class="contacts" aria-label="Recently saved contacts">
      {recent.map((contact) => (
        <li key={contact.id}>
          <div class="name">{contact.name}</div>
          <div class="muted">
            {[contact.company, label(contact.relationship), label(contact.stage)].filter(Boolean).join(' · ')}
          </div>
        </li>
      ))}
    </ul>
  );
}
