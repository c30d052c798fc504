import { useState } from 'preact/hooks';
import type { ContactContext, LookupResult, NewInteraction } from '../../lib/messages';
import type { ProfileRef } from '../../lib/profile-ref';
import { label, networkLabel, RELATIONSHIP_COLOURS, relativeTime } from '../../ui/format';

export type CardState =
  | { status: 'loading' }
  | { status: 'ready'; result: LookupResult }
  | { status: 'error'; message: string };

export interface CardProps {
  profile: ProfileRef;
  state: CardState;
  onSave(): Promise<void>;
  onLog(interaction: Omit<NewInteraction, 'contactId' | 'channel'>, contactId: string): Promise<void>;
  onClose(): void;
}

/** All text here comes from the page or the store and is rendered as text nodes by preact, never as HTML. */
export function Card({ profile, state, onSave, onLog, onClose }: CardProps) {
  return (
    <aside class="card" aria-label="Rapport">
      <div class="head">
        <span class="brand">Rapport · {networkLabel(profile.network)}</span>
        <button type="button" class="close" aria-label="Close Rapport card" onClick={onClose}>
          ×
        </button>
      </div>
      {state.status === 'loading' && <p class="status">Looking up {profile.name}…</p>}
      {state.status === 'error' && (
        <p class="error" role="alert">
          {state.message}
        </p>
      )}
      {state.status === 'ready' && !state.result && <Unknown profile={profile} onSave={onSave} />}
      {state.status === 'ready' && state.result?.kind === 'contact' && <Known context={state.result} onLog={onLog} />}
      {state.status === 'ready' && state.result?.kind === 'account' && (
        <>
          <p class="name">{state.result.account.name}</p>
          <Relationship value={state.result.account.relationship} />
          <dl>
            <dt>Stage</dt>
            <dd>{label(state.result.account.stage)}</dd>
            <dt>Contacts</dt>
            <dd>{state.result.contactCount}</dd>
          </dl>
        </>
      )}
    </aside>
  );
}

function Relationship({ value }: { value: string }) {
  return (
    <span class="pill" style={{ background: RELATIONSHIP_COLOURS[value] ?? '#57606a' }}>
      {label(value)}
    </span>
  );
}

function Unknown({ profile, onSave }: { profile: ProfileRef; onSave(): Promise<void> }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const save = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await onSave();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setBusy(false);
    }
  };
  return (
    <>
      <p class="name">{profile.name}</p>
      <p class="status">Not in Rapport yet.</p>
      <button type="button" class="primary" disabled={busy} onClick={save}>
        {busy ? 'Saving…' : 'Save lead'}
      </button>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
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
        <dt>Last interaction</dt>
        <dd>
          {lastInteraction
            ? `${label(lastInteraction.type)}, ${relativeTime(lastInteraction.occurredAt)}${lastInteraction.summary ? ` — ${lastInteraction.summary}` : ''}`
            : 'None yet'}
        </dd>
        <dt>Follow-ups</dt>
        <dd>
          {openTasks.length === 0
            ? 'None open'
            : `${openTasks.length} open · next: ${openTasks[0]?.title} (${relativeTime(openTasks[0]?.dueAt ?? 0)})`}
        </dd>
      </dl>
      {contact.notes && <p class="notes">{contact.notes}</p>}
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
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
