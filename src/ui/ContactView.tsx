import { useState } from 'preact/hooks';
import type {
  AccountInput,
  ContactDetail,
  ContactPatch,
  NewInteraction,
  SearchHit,
  TimelineEntry,
} from '../lib/messages';
import { ask } from '../lib/messaging-client';
import type { Channel } from '../lib/records';
import { RELATIONSHIPS, STAGES } from '../lib/records';
import { ErrorText } from './ErrorText';
import { channelLabel, counted, label, networkLabel, relationshipColour, relativeTime } from './format';
import { InlineField } from './InlineField';
import { LogInteractionForm } from './LogInteractionForm';
import { type Async, errorMessage } from './use-async';

const options = (values: readonly string[]) => values.map((value) => ({ value, label: label(value) }));
const list = (value: string) =>
  value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);

/** A website as people type it ("northwind.example/jane") made a web address; '' clears it. */
function webAddress(typed: string): string {
  const value = typed.trim();
  if (!value) return '';
  return /^https?:\/\//i.test(value) ? value : `https://${value}`;
}

/** One contact: their relationship and account, every field editable in place, their identities and timeline. */
export function ContactView({
  detail,
  channel,
  focusLog = false,
  onChanged,
}: {
  detail: Async<ContactDetail>;
  channel: Channel;
  focusLog?: boolean;
  onChanged(): Promise<void>;
}) {
  const [error, setError] = useState<string>();
  if (detail.status === 'loading') return <p class="muted">Loading…</p>;
  if (detail.status === 'error') return <ErrorText message={detail.message} />;
  const { contact, account, identities, timeline, openTasks } = detail.value;
  const relationship = account?.relationship ?? contact.relationship;

  const update = async (patch: ContactPatch) => {
    await ask<'updateContact'>({ type: 'updateContact', contactId: contact.id, patch });
    await onChanged();
  };
  const log = async (draft: Omit<NewInteraction, 'contactId'>) => {
    await ask<'logInteraction'>({ type: 'logInteraction', interaction: { ...draft, contactId: contact.id } });
    await onChanged();
  };
  const act = async (work: () => Promise<unknown>) => {
    try {
      await work();
      await onChanged();
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const toggleTask = async (taskId: string, done: boolean) => {
    try {
      await ask<'setTaskDone'>({ type: 'setTaskDone', taskId, done });
      await onChanged();
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <article class="contact" aria-label={`Contact ${contact.name}`}>
      <header>
        <h2 class="name">
          <InlineField label="Name" value={contact.name} onSave={(name) => update({ name })} />
        </h2>
        <span class="pill" style={{ background: relationshipColour(relationship) }}>
          {label(relationship)}
        </span>
      </header>
      <dl class="fields">
        <dt>Relationship</dt>
        <dd>
          <InlineField
            label="Relationship"
            value={contact.relationship}
            options={options(RELATIONSHIPS)}
            onSave={(value) => update({ relationship: value as ContactPatch['relationship'] })}
          />
        </dd>
        <dt>Stage</dt>
        <dd>
          <InlineField
            label="Stage"
            value={contact.stage}
            options={options(STAGES)}
            onSave={(value) => update({ stage: value as ContactPatch['stage'] })}
          />
        </dd>
        <dt>Account</dt>
        <dd>
          <InlineField
            label="Account"
            value={account?.name ?? ''}
            onSave={(name) =>
              act(() =>
                ask<'setContactAccount'>({ type: 'setContactAccount', contactId: contact.id, accountName: name }),
              )
            }
          />
        </dd>
        <dt>Title</dt>
        <dd>
          <InlineField
            label="Title"
            value={contact.title ?? contact.headline ?? ''}
            onSave={(title) => update({ title })}
          />
        </dd>
        <dt>Owner</dt>
        <dd>
          <InlineField label="Owner" value={contact.owner ?? ''} onSave={(owner) => update({ owner })} />
        </dd>
        <dt>Tags</dt>
        <dd>
          <InlineField label="Tags" value={contact.tags.join(', ')} onSave={(tags) => update({ tags: list(tags) })} />
        </dd>
        <dt>Email</dt>
        <dd>
          <InlineField
            label="Email"
            value={contact.emails.join(', ')}
            onSave={(emails) => update({ emails: list(emails) })}
          />
        </dd>
        <dt>Phone</dt>
        <dd>
          <InlineField
            label="Phone"
            value={contact.phones.join(', ')}
            onSave={(phones) => update({ phones: list(phones) })}
          />
        </dd>
        <dt>Website</dt>
        <dd>
          <InlineField
            label="Website"
            value={contact.website ?? ''}
            onSave={(website) => update({ website: webAddress(website) })}
          />
        </dd>
        <dt>Notes</dt>
        <dd>
          <InlineField label="Notes" value={contact.notes} multiline onSave={(notes) => update({ notes })} />
        </dd>
        <dt>Profiles</dt>
        <dd>
          {identities.length === 0 ? (
            '—'
          ) : (
            <ul class="identities" aria-label="Linked profiles">
              {identities.map((identity) => (
                <li key={identity.id}>
                  <a href={identity.url} target="_blank" rel="noreferrer noopener" class="identity">
                    {networkLabel(identity.network)}
                    {identity.handle ? ` @${identity.handle}` : ` ${identity.displayName ?? ''}`}
                  </a>
                  {identities.length > 1 && (
                    <button
                      type="button"
                      class="link"
                      aria-label={`Unlink ${networkLabel(identity.network)} profile`}
                      onClick={() =>
                        void act(() => ask<'unlinkIdentity'>({ type: 'unlinkIdentity', identityId: identity.id }))
                      }
                    >
                      Unlink
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>
      {account && <AccountPanel account={account} onChanged={onChanged} />}
      <MergeWith
        contactId={contact.id}
        onMerge={(mergeId) => act(() => ask<'mergeContacts'>({ type: 'mergeContacts', keepId: contact.id, mergeId }))}
      />
      <h3>Log an interaction</h3>
      <LogInteractionForm defaultChannel={channel} onSave={log} autoFocus={focusLog} />
      <ErrorText message={error} />
      <h3>Timeline</h3>
      {openTasks.length > 0 && <p class="muted">{counted(openTasks.length, 'open follow-up')}</p>}
      <Timeline entries={timeline} onToggleTask={toggleTask} />
    </article>
  );
}

function Timeline({
  entries,
  onToggleTask,
}: {
  entries: TimelineEntry[];
  onToggleTask(id: string, done: boolean): void;
}) {
  if (entries.length === 0) return <p class="empty">Nothing logged yet. Log the first interaction above.</p>;
  return (
    <ol class="timeline" aria-label="Timeline">
      {entries.map((entry) =>
        entry.kind === 'interaction' ? (
          <li key={entry.interaction.id}>
            <strong>{label(entry.interaction.type)}</strong> · {channelLabel(entry.interaction.channel)} ·{' '}
            <time dateTime={new Date(entry.at).toISOString()}>{relativeTime(entry.at)}</time>
            <div>{entry.interaction.summary}</div>
            {entry.interaction.outcome && <div class="muted">Outcome: {entry.interaction.outcome}</div>}
            {entry.interaction.notes && <div class="notes">{entry.interaction.notes}</div>}
          </li>
        ) : (
          <li key={entry.task.id} class={entry.task.done ? 'task done' : 'task'}>
            <label>
              <input
                type="checkbox"
                checked={entry.task.done}
                onChange={(e) => onToggleTask(entry.task.id, e.currentTarget.checked)}
              />{' '}
              Follow-up: {entry.task.title}
            </label>{' '}
            <span class="muted">due {relativeTime(entry.at)}</span>
          </li>
        ),
      )}
    </ol>
  );
}

/** Finds another contact by name and merges it into this one: its profiles, interactions and follow-ups move here. */
function MergeWith({ contactId, onMerge }: { contactId: string; onMerge(mergeId: string): Promise<void> }) {
  const [open, setOpen] = useState(false);
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [chosen, setChosen] = useState<SearchHit>();
  if (!open) {
    return (
      <button type="button" class="link" onClick={() => setOpen(true)}>
        Merge with another contact…
      </button>
    );
  }
  return (
    <fieldset class="merge" aria-label="Merge contacts">
      {chosen ? (
        <p>
          Merge <strong>{chosen.name}</strong> into this contact? Their profiles, interactions and follow-ups move here.{' '}
          <button
            type="button"
            class="danger"
            onClick={async () => {
              await onMerge(chosen.contactId);
              setOpen(false);
              setChosen(undefined);
            }}
          >
            Merge
          </button>{' '}
          <button type="button" class="secondary" onClick={() => setChosen(undefined)}>
            Back
          </button>
        </p>
      ) : (
        <>
          <input
            type="search"
            aria-label="Find the contact to merge"
            placeholder="Name of the duplicate"
            onInput={async (e) => {
              const query = e.currentTarget.value;
              const { hits: found } = query.trim()
                ? await ask<'search'>({ type: 'search', query, limit: 10 })
                : { hits: [] as SearchHit[] };
              setHits(found.filter((hit) => hit.contactId !== contactId));
            }}
          />
          <ul class="contacts">
            {hits.map((hit) => (
              <li key={hit.contactId}>
                <button type="button" class="link" onClick={() => setChosen(hit)}>
                  {hit.name}
                </button>{' '}
                <span class="muted">{hit.company}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </fieldset>
  );
}

/** The contact's company as an account: its relationship, stage, owner and notes, shared by all its contacts. */
function AccountPanel({
  account,
  onChanged,
}: {
  account: NonNullable<ContactDetail['account']>;
  onChanged(): Promise<void>;
}) {
  const save = async (patch: Partial<AccountInput>) => {
    await ask<'saveAccount'>({
      type: 'saveAccount',
      account: {
        id: account.id,
        name: account.name,
        domain: account.domain,
        relationship: account.relationship,
        stage: account.stage,
        owner: account.owner,
        notes: account.notes,
        ...patch,
      },
    });
    await onChanged();
  };
  return (
    <section class="account" aria-label={`Account ${account.name}`}>
      <h3>Account: {account.name}</h3>
      <dl class="fields">
        <dt>Relationship</dt>
        <dd>
          <InlineField
            label="Account relationship"
            value={account.relationship}
            options={options(RELATIONSHIPS)}
            onSave={(value) => save({ relationship: value as AccountInput['relationship'] })}
          />
        </dd>
        <dt>Stage</dt>
        <dd>
          <InlineField
            label="Account stage"
            value={account.stage}
            options={options(STAGES)}
            onSave={(value) => save({ stage: value as AccountInput['stage'] })}
          />
        </dd>
        <dt>Owner</dt>
        <dd>
          <InlineField
            label="Account owner"
            value={account.owner ?? ''}
            onSave={(owner) => save({ owner: owner || undefined })}
          />
        </dd>
        <dt>Notes</dt>
        <dd>
          <InlineField label="Account notes" value={account.notes} multiline onSave={(notes) => save({ notes })} />
        </dd>
      </dl>
    </section>
  );
}
