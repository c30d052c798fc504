import { useState } from 'preact/hooks';
import { errorMessage } from './use-async';

/** Focus moves into the editor the person just opened. */
const focusOnMount = (element: HTMLElement | null) => element?.focus();

/**
 * A value shown as text that becomes an input on click (or Enter/Space when focused); Enter saves, Escape cancels.
 */
export function InlineField({
  label: name,
  value,
  multiline = false,
  options,
  onSave,
}: {
  label: string;
  value: string;
  multiline?: boolean;
  options?: ReadonlyArray<{ value: string; label: string }>;
  onSave(value: string): Promise<void>;
}) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(value);
  const [error, setError] = useState<string>();
  const save = async () => {
    try {
      await onSave(draft);
      setEditing(false);
      setError(undefined);
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const keys = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      setDraft(value);
      setEditing(false);
    }
    if (event.key === 'Enter' && (!multiline || event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void save();
    }
  };
  if (!editing) {
    return (
      <button
        type="button"
        class="inline-value"
        aria-label={`Edit ${name}: ${(options?.find((o) => o.value === value)?.label ?? value) || 'empty'}`}
        onClick={() => {
          setDraft(value);
          setEditing(true);
        }}
      >
        {(options?.find((o) => o.value === value)?.label ?? value) || (
          <span class="muted">Add {name.toLowerCase()}</span>
        )}
      </button>
    );
  }
  return (
    <span class="inline-edit">
      {options ? (
        <select
          aria-label={name}
          value={draft}
          onChange={(e) => setDraft(e.currentTarget.value)}
          onKeyDown={keys}
          ref={focusOnMount}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      ) : multiline ? (
        <textarea
          aria-label={name}
          value={draft}
          rows={4}
          onInput={(e) => setDraft(e.currentTarget.value)}
          onKeyDown={keys}
          ref={focusOnMount}
        />
      ) : (
        <input
          aria-label={name}
          value={draft}
          onInput={(e) => setDraft(e.currentTarget.value)}
          onKeyDown={keys}
          ref={focusOnMount}
        />
      )}
      <button type="button" class="secondary small" onClick={save}>
        Save
      </button>
      {error && (
        <span class="error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
