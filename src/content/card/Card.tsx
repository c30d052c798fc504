import { useState } from 'preact/hooks';
import type { AccountClaim } from '../../lib/account-claim';
import type {
  AccountContext,
  ContactContext,
  LookupResult,
  NewInteraction,
  PossibleDuplicates,
  SaveMode,
} from '../../lib/messages';
import type { ProfileRef } from '../../lib/profile-ref';
import { ErrorText } from '../../ui/ErrorText';
import { followUpsLine, label, networkLabel, relationshipColour, relativeTime } from '../../ui/format';
import { Lookalikes } from '../../ui/Lookalikes';
import { useAction } from '../../ui/use-async';

/** The account of a name the profile claims (see lib/account-claim.ts), when there is one. */
export type ClaimedAccount = AccountClaim & { context: AccountContext };

export type CardState =
  | { status: 'loading' }
  | { status: 'ready'; result: LookupResult; claimedAccount?: ClaimedAccount; duplicates?: PossibleDuplicates }
  | { status: 'error'; message: string };

export interface CardProps {
  profile: ProfileRef;
  state: CardState;
  onSave(mode: SaveMode): Promise<void>;
  /** Saves the profile as the company's own: it joins the account of its name. */
  onSaveAsAccount(): Promise<void>;
  onLog(interaction: Omit<NewInteraction, 'contactId' | 'channel'>, contactId: string): Promise<void>;
  onClose(): void;
}

/** All text here comes from the page or the store and is rendered as text nodes by preact, never as HTML. */
export function Card({ profile, state, onSave, onSaveAsAccount, onLog, onClose }: CardProps) {
  return (
    <aside class="card" aria-label="Rapport">
      <div class="head">
        <span class="brand">Rapport · {networkLabel(profile.network)}</span>
        <button type="button" class="close" aria-label="Close Rapport card" onClick={onClose}>
          ×
        </button>
      </div>
      {state.status === 'loading' && <p class="status">Looking up {profile.name}…</p>}
      {state.status === 'error' && <ErrorText message={state.message} />}
      {state.status === 'ready' && !state.result && (
        <NotKnown
          profile={profile}
          claimedAccount={state.claimedAccount}
          duplicates={state.duplicates}
          onSave={onSave}
          onSaveAsAccount={onSaveAsAccount}
        />
      )}
      {state.status === 'ready' && state.result?.kind === 'contact' && <Known context={state.result} onLog={onLog} />}
      {state.status === 'ready' && state.result?.kind === 'account' && <AccountView context={state.result} />}
    </aside>
  );
}

function Relationship({ value }: { value: string }) {
  return (
    <span class="pill" style={{ background: relationshipColour(value) }}>
      {label(value)}
    </span>
  );
}

function AccountView({ context }: { context: AccountContext }) {
  const { account, contactCount, openTasks } = context;
  return (
    <>
      <p class="name">{account.name}</p>
      <Relationship value={account.relationship} />
      <dl>
        <dt>Stage</dt>
        <dd>{label(account.stage)}</dd>
        <dt>Owner</dt>
        <dd>{account.owner ?? '—'}</dd>
        <dt>Contacts</dt>
        <dd>{contactCount}</dd>
        <dt>Follow-ups</dt>
        <dd>{followUpsLine(openTasks)}</dd>
      </dl>
      {account.notes && <p class="notes">{account.notes}</p>}
    </>
  );
}

/**
 * Someone the team does not know, or a company's page or profile no account is linked to: one whose name is an
 * account's shows that account and offers the link; a person shows their company's account, if it is one.
 */
function NotKnown({
  profile,
  claimedAccount,
  duplicates,
  onSave,
  onSaveAsAccount,
}: {
  profile: ProfileRef;
  claimedAccount?: ClaimedAccount;
  duplicates?: PossibleDuplicates;
  onSave(mode: SaveMode): Promise<void>;
  onSaveAsAccount(): Promise<void>;
}) {
  // Once "Save as a person" found lookalikes, choosing among them comes first.
  if (claimedAccount?.as === 'own' && !duplicates?.candidates.length) {
    return (
      <UnlinkedAccount
        profile={profile}
        context={claimedAccount.context}
        onSave={onSave}
        onSaveAsAccount={onSaveAsAccount}
      />
    );
  }
  return (
    <>
      <Unknown profile={profile} duplicates={duplicates} onSave={onSave} />
      {claimedAccount?.as === 'employer' && <AccountLine context={claimedAccount.context} prefix="Works at" />}
    </>
  );
}

/**
 * A company page, or a profile that may be the company's own (X shows companies as people), not yet linked to the
 * account of its name (made when a lead there was saved): the account is shown, and linking is one click. Not done
 * silently: two companies can share a name, and a person can be named like one.
 */
function UnlinkedAccount({
  profile,
  context,
  onSave,
  onSaveAsAccount,
}: {
  profile: ProfileRef;
  context: AccountContext;
  onSave(mode: SaveMode): Promise<void>;
  onSaveAsAccount(): Promise<void>;
}) {
  const link = useAction(onSaveAsAccount);
  const asPerson = useAction(onSave);
  const busy = link.busy || asPerson.busy;
  const page = profile.kind === 'company';
  return (
    <>
      <AccountView context={context} />
      <p class="status">
        {page
          ? 'This page is not linked to the account yet.'
          : `If this is ${context.account.name}’s own profile, link it to the account.`}
      </p>
      <div class="actions choice">
        <button type="button" class="primary" disabled={busy} onClick={() => void link.run()}>
          {link.busy ? 'Linking…' : page ? 'Link page to account' : 'Link to account'}
        </button>
        {!page && (
          <button type="button" class="secondary" disabled={busy} onClick={() => void asPerson.run('auto')}>
            Save as a person
          </button>
        )}
      </div>
      <ErrorText message={link.error ?? asPerson.error} />
    </>
  );
}

/** An unknown person at a known company: the company's context is what the account manager needs. */
function AccountLine({ context, prefix }: { context: AccountContext; prefix: string }) {
  const { account, openTasks } = context;
  return (
    <p class="account-line">
      {prefix} <strong>{account.name}</strong> · <Relationship value={account.relationship} />
      {account.owner ? ` · Owned by ${account.owner}` : ''} · {followUpsLine(openTasks)}
    </p>
  );
}

function Unknown({
  profile,
  duplicates,
  onSave,
}: {
  profile: ProfileRef;
  duplicates?: PossibleDuplicates;
  onSave(mode: SaveMode): Promise<void>;
}) {
  const { busy, error, run: save } = useAction(onSave);
  if (duplicates?.candidates.length) {
    return (
      <>
        <p class="name">{profile.name}</p>
        <Lookalikes duplicates={duplicates} busy={busy} onSave={(mode) => void save(mode)} />
        <ErrorText message={error} />
      </>
    );
  }
  return (
    <>
      <p class="name">{profile.name}</p>
      <p class="status">Not in Rapport yet.</p>
      <button type="button" class="primary" disabled={busy} onClick={() => save('auto')}>
        {busy ? 'Saving…' : profile.kind === 'company' ? 'Save account' : 'Save lead'}
      </button>
      <ErrorText message={error} />
    </>
  );
}

function Known({ context, onLog }: { context: ContactContext; onLog: CardProps['onLog'] }) {
  const { contact, account, lastInteraction, openTasks } = context;
  const [logging, setLogging] = useState(false);
  return (
    <>
      <p class="name">{contact.name}</p>
      <Relationship value={account?.relationship ?? contact.relationship} />
      <dl>
        <dt>Account</dt>
        <dd>{account?.name ?? contact.company ?? '—'}</dd>
        <dt>Stage</dt>
        <dd>{label(contact.stage)}</dd>
        <dt>Owner</dt>
        <dd>{contact.owner ?? account?.owner ?? '—'}</dd>
        {contact.website && (
          <>
            <dt>Website</dt>
            <dd>
              <a href={contact.website} target="_blank" rel="noopener noreferrer">
                {contact.website.replace(/^https?:\/\//i, '')}
              </a>
            </dd>
          </>
        )}
        <dt>Last interaction</dt>
        <dd>
          {lastInteraction
            ? `${label(lastInteraction.type)}, ${relativeTime(lastInteraction.occurredAt)}${lastInteraction.summary ? ` — ${lastInteraction.summary}` : ''}`
            : 'None yet'}
        </dd>
        <dt>Follow-ups</dt>
        <dd>{followUpsLine(openTasks)}</dd>
      </dl>
      {contact.notes && <p class="notes">{contact.notes}</p>}
      <Conversation interactions={context.recentInteractions} />
      {logging ? (
        <LogForm
          onCancel={() => setLogging(false)}
          onSubmit={async (entry) => {
            await onLog(entry, contact.id);
            setLogging(false);
          }}
        />
      ) : (
        <div class="actions">
          <button type="button" class="secondary" onClick={() => setLogging(true)}>
            Log interaction
          </button>
        </div>
      )}
    </>
  );
}

const TYPES = ['message', 'call', 'meeting', 'email', 'note', 'post'] as const;

function LogForm({
  onSubmit,
  onCancel,
}: {
  onSubmit(entry: Omit<NewInteraction, 'contactId' | 'channel'>): Promise<void>;
  onCancel(): void;
}) {
  const [type, setType] = useState<(typeof TYPES)[number]>('message');
  const [summary, setSummary] = useState('');
  const [error, setError] = useState<string>();
  return (
    <form
      onSubmit={async (event) => {
        event.preventDefault();
        try {
          await onSubmit({ type, summary });
        } catch (e) {
          setError(e instanceof Error ? e.message : String(e));
        }
      }}
    >
      <select
        aria-label="Interaction type"
        value={type}
        onChange={(e) => setType(e.currentTarget.value as typeof type)}
      >
        {TYPES.map((t) => (
          <option key={t} value={t}>
            {label(t)}
          </option>
        ))}
      </select>
      <input
        aria-label="Summary"
        placeholder="What happened?"
        value={summary}
        onInput={(e) => setSummary(e.currentTarget.value)}
        required
      />
      <div class="actions">
        <button type="submit" class="primary">
          Save interaction
        </button>
        <button type="button" class="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
      <ErrorText message={error} />
    </form>
  );
}

/** The latest touches, with who spoke (inbound from them, outbound from us) and a link to the post or message. */
function Conversation({ interactions }: { interactions: ContactContext['recentInteractions'] }) {
  if (interactions.length < 2 && !interactions.some((i) => i.direction)) return null;
  return (
    <section aria-label="Recent conversation">
      <p class="status">Recent conversation</p>
      <ol class="conversation">
        {interactions.map((interaction) => (
          <li key={interaction.id} class={interaction.direction ?? 'note'}>
            <span class="who">
              {interaction.direction === 'inbound'
                ? 'They'
                : interaction.direction === 'outbound'
                  ? 'You'
                  : label(interaction.type)}
              {' · '}
              {relativeTime(interaction.occurredAt)}
            </span>
            {interaction.url ? (
              <a href={interaction.url} target="_blank" rel="noreferrer noopener">
                {interaction.summary || label(interaction.type)}
              </a>
            ) : (
              <span>{interaction.summary}</span>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
