import { useEffect, useRef, useState } from 'preact/hooks';
import type { NewInteraction } from '../lib/messages';
import { CHANNELS, INTERACTION_TYPES } from '../lib/records';
import { ErrorText } from './ErrorText';
import { channelLabel, label } from './format';
import { errorMessage } from './use-async';

type Draft = Omit<NewInteraction, 'contactId'>;

/** "2026-11-25T14:05" in local time, as datetime-local inputs want it. */
export function toLocalInput(at: number): string {
  const date = new Date(at - new Date(at).getTimezoneOffset() * 60_000);
  return date.toISOString().slice(0, 16);
}

export const fromLocalInput = (value: string) => new Date(value).getTime();

/**
 * Keyboard-first: the summary has focus when the form opens and Enter saves. Date defaults to now; a follow-up
 * is optional and becomes a task with a reminder.
 */
export function LogInteractionForm({
  defaultChannel,
  onSave,
  onCancel,
  autoFocus = true,
}: {
  defaultChannel: Draft['channel'];
  onSave(draft: Draft): Promise<void>;
  onCancel?(): void;
  autoFocus?: boolean;
}) {
  const [type, setType] = useState<Draft['type']>('message');
  const [channel, setChannel] = useState<Draft['channel']>(defaultChannel);
  const [when, setWhen] = useState(() => toLocalInput(Date.now()));
  const [summary, setSummary] = useState('');
  const [notes, setNotes] = useState('');
  const [outcome, setOutcome] = useState('');
  const [followUp, setFollowUp] = useState('');
  const [followUpAt, setFollowUpAt] = useState(() => toLocalInput(Date.now() + 3 * 86_400_000));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const summaryRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (autoFocus) summaryRef.current?.focus();
  }, [autoFocus]);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!summary.trim()) {
      setError('Write a short summary of what happened.');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await onSave({
        type,
        channel,
        occurredAt: fromLocalInput(when),
        summary,
        notes: notes || undefined,
        outcome: outcome || undefined,
        followUp: followUp.trim() ? { title: followUp, dueAt: fromLocalInput(followUpAt) } : undefined,
      });
      setSummary('');
      setNotes('');
      setOutcome('');
      setFollowUp('');
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      class="log-form"
      aria-label="Log interaction"
      onSubmit={submit}
      onKeyDown={(e) => e.key === 'Escape' && onCancel?.()}
    >
      <div class="row">
        <label>
          Type
          <select value={type} onChange={(e) => setType(e.currentTarget.value as Draft['type'])}>
            {INTERACTION_TYPES.map((t) => (
              <option key={t} value={t}>
                {label(t)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Channel
          <select value={channel} onChange={(e) => setChannel(e.currentTarget.value as Draft['channel'])}>
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {channelLabel(c)}
              </option>
            ))}
          </select>
        </label>
        <label>
          When
          <input type="datetime-local" value={when} onInput={(e) => setWhen(e.currentTarget.value)} />
        </label>
      </div>
      <label>
        Summary
        <input
          ref={summaryRef}
          value={summary}
          placeholder="What happened?"
          maxLength={500}
          onInput={(e) => setSummary(e.currentTarget.value)}
        />
      </label>
      <details>
        <summary>Notes, outcome, follow-up</summary>
        <label>
          Notes
          <textarea value={notes} rows={3} onInput={(e) => setNotes(e.currentTarget.value)} />
        </label>
        <label>
          Outcome
          <input value={outcome} maxLength={500} onInput={(e) => setOutcome(e.currentTarget.value)} />
        </label>
        <div class="row">
          <label>
            Follow-up
            <input
              value={followUp}
              placeholder="e.g. Send the proposal"
              onInput={(e) => setFollowUp(e.currentTarget.value)}
            />
          </label>
          <label>
            Due
            <input type="datetime-local" value={followUpAt} onInput={(e) => setFollowUpAt(e.currentTarget.value)} />
          </label>
        </div>
      </details>
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save interaction'}
        </button>
        {onCancel && (
          <button type="button" class="secondary" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
      <ErrorText message={error} />
    </form>
  );
}
