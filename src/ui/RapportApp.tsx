import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { asCompany } from '../lib/account-claim';
import type { AccountContext, PossibleDuplicates, SaveMode } from '../lib/messages';
import { ask } from '../lib/messaging-client';
import type { ProfileRef } from '../lib/profile-ref';
import type { Channel } from '../lib/records';
import { ContactView } from './ContactView';
import { ErrorText } from './ErrorText';
import { FollowUps } from './FollowUps';
import { counted, followUpsLine, label, networkLabel, relationshipColour } from './format';
import { Lookalikes } from './Lookalikes';
import { SearchPanel } from './SearchPanel';
import { SuggestedLeads } from './SuggestedLeads';
import { SyncStatusLine, useSyncStatus } from './SyncSection';
import { useAction, useAsync } from './use-async';

type View = { name: 'tab' } | { name: 'followups' } | { name: 'search' } | { name: 'contact'; contactId: string };

const VIEWS = [
  { key: '1', view: { name: 'tab' }, title: 'This tab' },
  { key: '2', view: { name: 'followups' }, title: 'Follow-ups' },
  { key: '3', view: { name: 'search' }, title: 'Search' },
] as const;

const typing = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));

/**
 * The popup and the side panel: the profile in the current tab, follow-ups due, search, and contact views.
 * Keys: 1/2/3 switch views, / searches, Escape goes back.
 */
export function RapportApp({ tabId, initialContactId }: { tabId: number | undefined; initialContactId?: string }) {
  const [view, setView] = useState<View>(
    initialContactId ? { name: 'contact', contactId: initialContactId } : { name: 'tab' },
  );
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && view.name === 'contact') setView({ name: 'tab' });
      if (typing(event.target) || event.altKey || event.ctrlKey || event.metaKey) return;
      const choice = VIEWS.find((v) => v.key === event.key);
      if (choice) setView(choice.view);
      if (event.key === '/') {
        event.preventDefault();
        setView({ name: 'search' });
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [view]);
  const open = (contactId: string) => setView({ name: 'contact', contactId });

  return (
    <main>
      <nav class="tabs" aria-label="Rapport views">
        {VIEWS.map(({ key, view: target, title }) => (
          <button
            key={key}
            type="button"
            aria-current={view.name === target.name ? 'page' : undefined}
            title={`${title} (${key})`}
            onClick={() => setView(target)}
          >
            {title}
          </button>
        ))}
      </nav>
      {view.name === 'tab' && <CurrentTab tabId={tabId} onOpenContact={open} />}
      {view.name === 'followups' && <FollowUps onOpenContact={open} />}
      {view.name === 'search' && <SearchPanel onOpenContact={open} autoFocus />}
      {view.name === 'contact' && <ContactById contactId={view.contactId} channel="linkedin" />}
      <SyncFooter />
    </main>
  );
}

function ContactById({ contactId, channel, focusLog }: { contactId: string; channel: Channel; focusLog?: boolean }) {
  const [detail, reload] = useAsync(() => ask<'contactDetail'>({ type: 'contactDetail', contactId }), [contactId]);
  return <ContactView detail={detail} channel={channel} focusLog={focusLog} onChanged={reload} />;
}

function CurrentTab({ tabId, onOpenContact }: { tabId: number | undefined; onOpenContact(id: string): void }) {
  const [state, reload] = useAsync(
    () =>
      tabId === undefined
        ? Promise.resolve({ profile: null, result: null })
        : ask<'tabProfile'>({ type: 'tabProfile', tabId }),
    [tabId],
  );
  if (state.status === 'loading') return <p class="muted">Loading…</p>;
  if (state.status === 'error') return <ErrorText message={state.message} />;
  const { profile, result, unlinkedAccount } = state.value;
  if (!profile) {
    return (
      <>
        <p class="empty">Open a LinkedIn, X or Facebook profile to see who it is and save them as a lead.</p>
        <SuggestedLeads />
        <RecentContacts onOpenContact={onOpenContact} />
      </>
    );
  }
  if (result?.kind === 'contact') {
    return <ContactById contactId={result.contact.id} channel={profile.network} focusLog />;
  }
  if (result?.kind === 'account') {
    return (
      <AccountInTab
        context={result}
        onOpenContact={onOpenContact}
        footer={<UnlinkFromAccount profile={profile} onUnlinked={reload} />}
      />
    );
  }
  if (unlinkedAccount) {
    return (
      <>
        <AccountInTab context={unlinkedAccount} onOpenContact={onOpenContact}>
          <LinkPage profile={profile} onLinked={reload} />
        </AccountInTab>
        {/* A profile that looks like a person's may be one, named like the company. */}
        {profile.kind === 'person' && <UnknownProfile profile={profile} onSaved={reload} autoFocus={false} />}
      </>
    );
  }
  return <UnknownProfile profile={profile} onSaved={reload} />;
}

function AccountInTab({
  context,
  onOpenContact,
  children,
  footer,
}: {
  context: AccountContext;
  onOpenContact(id: string): void;
  /** What to do first (link the page), under the account's line. */
  children?: ComponentChildren;
  /** Seldom needed (unlink), under the people. */
  footer?: ComponentChildren;
}) {
  const { account, contactCount, openTasks } = context;
  return (
    <section class="current" aria-label="Profile in this tab">
      <div class="name">{account.name}</div>
      <span class="pill" style={{ background: relationshipColour(account.relationship) }}>
        {label(account.relationship)}
      </span>{' '}
      · {label(account.stage)} · {counted(contactCount, 'contact')}
      <div class="muted">
        {[account.owner && `Owned by ${account.owner}`, followUpsLine(openTasks)].filter(Boolean).join(' · ')}
      </div>
      {children}
      {contactCount > 0 && <AccountPeopleList accountId={account.id} onOpenContact={onOpenContact} />}
      {footer}
    </section>
  );
}

/** Who the team knows at the account, each a click away from their contact view. */
function AccountPeopleList({ accountId, onOpenContact }: { accountId: string; onOpenContact(id: string): void }) {
  const [state] = useAsync(() => ask<'accountPeople'>({ type: 'accountPeople', accountId }), [accountId]);
  if (state.status !== 'ready') return state.status === 'error' ? <ErrorText message={state.message} /> : null;
  const { people, total } = state.value;
  return (
    <>
      <h2>People you know there</h2>
      <ul class="contacts" aria-label="People at this account">
        {people.map((person) => (
          <li key={person.contactId}>
            <button type="button" class="link name" onClick={() => onOpenContact(person.contactId)}>
              {person.name}
            </button>
            <div class="muted">{[person.headline, label(person.stage)].filter(Boolean).join(' · ')}</div>
          </li>
        ))}
      </ul>
      {total > people.length && <p class="muted">and {(total - people.length).toLocaleString()} more</p>}
    </>
  );
}

/**
 * Saving the tab's profile as a lead or an account, or linking a company page to the account of its name (the same
 * save): someone who looks like a known contact comes back as candidates to choose from.
 */
function useSaveProfile(profile: ProfileRef, onSaved: () => Promise<void>) {
  const [duplicates, setDuplicates] = useState<PossibleDuplicates>();
  const { busy, error, run } = useAction(async (mode: SaveMode) => {
    const saved = await ask<'saveLead'>({ type: 'saveLead', profile, mode });
    if (saved.kind === 'possibleDuplicates') setDuplicates(saved);
    else await onSaved();
  });
  return { busy, error, duplicates, save: run };
}

/**
 * A company page, or a profile that may be the company's own (X shows companies as people), not linked to the account
 * of its name: linking is one click, never silent (names clash).
 */
function LinkPage({ profile, onLinked }: { profile: ProfileRef; onLinked(): Promise<void> }) {
  const { busy, error, save } = useSaveProfile(asCompany(profile), onLinked);
  const page = profile.kind === 'company';
  return (
    <>
      <p class="muted">
        {page
          ? 'This page is not linked to the account yet.'
          : 'If this is the company’s own profile, link it to the account.'}
      </p>
      <button type="button" class="primary" disabled={busy} onClick={() => void save('auto')}>
        {page ? 'Link page to account' : 'Link to account'}
      </button>
      <ErrorText message={error} />
    </>
  );
}

/** Undoes a link to an account (a person named like the company, linked as its own): the profile is nobody's again. */
function UnlinkFromAccount({ profile, onUnlinked }: { profile: ProfileRef; onUnlinked(): Promise<void> }) {
  const { busy, error, run } = useAction(async () => {
    await ask<'unlinkProfileFromAccount'>({ type: 'unlinkProfileFromAccount', profileKey: profile.profileKey });
    await onUnlinked();
  });
  return (
    <>
      <p>
        <button type="button" class="secondary small" disabled={busy} onClick={() => void run()}>
          {profile.kind === 'company' ? 'Unlink this page from the account' : 'Unlink this profile from the account'}
        </button>
      </p>
      <ErrorText message={error} />
    </>
  );
}

function UnknownProfile({
  profile,
  onSaved,
  autoFocus = true,
}: {
  profile: ProfileRef;
  onSaved(): Promise<void>;
  autoFocus?: boolean;
}) {
  const { busy, error, duplicates, save } = useSaveProfile(profile, onSaved);
  return (
    <section class="current" aria-label="Profile in this tab">
      <div class="name">{profile.name}</div>
      <div class="muted">
        {networkLabel(profile.network)}
        {profile.headline ? ` · ${profile.headline}` : ''}
      </div>
      {duplicates ? (
        <Lookalikes duplicates={duplicates} busy={busy} onSave={(mode) => void save(mode)} />
      ) : (
        <>
          <p class="muted">Not in Rapport yet.</p>
          <button
            type="button"
            class="primary"
            disabled={busy}
            // biome-ignore lint/a11y/noAutofocus: the shortcut that opens the popup is for exactly this action.
            autoFocus={autoFocus}
            onClick={() => save('auto')}
          >
            {profile.kind === 'company' ? 'Save account' : 'Save lead'}
          </button>
        </>
      )}
      <ErrorText message={error} />
    </section>
  );
}

function RecentContacts({ onOpenContact }: { onOpenContact(id: string): void }) {
  const [state] = useAsync(
    async () => (await ask<'recentContacts'>({ type: 'recentContacts', limit: 20 })).contacts,
    [],
  );
  if (state.status !== 'ready') return state.status === 'error' ? <p class="error">{state.message}</p> : null;
  return (
    <>
      <h2>Recently saved</h2>
      {state.value.length === 0 ? (
        <p class="empty">No contacts yet. Open a LinkedIn profile and click “Save lead” on the Rapport card.</p>
      ) : (
        <ul class="contacts" aria-label="Recently saved contacts">
          {state.value.map((contact) => (
            <li key={contact.id}>
              <button type="button" class="link name" onClick={() => onOpenContact(contact.id)}>
                {contact.name}
              </button>
              <div class="muted">
                {[contact.company, label(contact.relationship), label(contact.stage)].filter(Boolean).join(' · ')}
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function SyncFooter() {
  const status = useSyncStatus();
  if (!status?.connected) return null;
  return (
    <footer class="sync-footer">
      <SyncStatusLine status={status} />
    </footer>
  );
}
