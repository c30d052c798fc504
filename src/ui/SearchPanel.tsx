import { useEffect, useRef, useState } from 'preact/hooks';
import type { SearchHit } from '../lib/messages';
import { ask } from '../lib/messaging-client';
import { ErrorText } from './ErrorText';
import { label } from './format';
import { errorMessage } from './use-async';

/** Type-ahead search over names, companies, handles, tags and notes; arrows move, Enter opens. */
export function SearchPanel({ onOpenContact, autoFocus }: { onOpenContact(id: string): void; autoFocus?: boolean }) {
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [active, setActive] = useState(0);
  const [error, setError] = useState<string>();
  const input = useRef<HTMLInputElement>(null);
  const latest = useRef(0);
  useEffect(() => {
    if (autoFocus) input.current?.focus();
    // Warms the worker's index while the person starts typing (building it reads every contact once).
    void ask<'search'>({ type: 'search', query: '', limit: 1 }).catch(() => {});
  }, [autoFocus]);

  const run = async (text: string) => {
    setQuery(text);
    const ticket = ++latest.current;
    if (!text.trim()) {
      setHits([]);
      return;
    }
    try {
      const { hits: found } = await ask<'search'>({ type: 'search', query: text, limit: 20 });
      // Answers can overtake each other while typing: only the latest query's answer is shown.
      if (ticket === latest.current) {
        setHits(found);
        setActive(0);
        setError(undefined);
      }
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <div class="search">
      <input
        ref={input}
        type="search"
        aria-label="Search contacts"
        placeholder="Search names, companies, handles, tags, notes"
        value={query}
        onInput={(e) => void run(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setActive((i) => Math.min(i + 1, hits.length - 1));
          if (e.key === 'ArrowUp') setActive((i) => Math.max(i - 1, 0));
          if (e.key === 'Enter' && hits[active]) onOpenContact(hits[active].contactId);
        }}
      />
      <ErrorText message={error} />
      {!query.trim() && (
        <p class="empty">Type a name, company, @handle, tag or a word from your notes. ↑ ↓ choose, Enter opens.</p>
      )}
      {query.trim() && hits.length === 0 && !error && <p class="empty">No contact matches “{query}”.</p>}
      {hits.length > 0 && (
        <ul class="contacts" aria-label="Search results">
          {hits.map((hit, i) => (
            <li key={hit.contactId} class={i === active ? 'active' : ''}>
              <button type="button" class="link" onClick={() => onOpenContact(hit.contactId)}>
                <span class="name">{hit.name}</span>
              </button>
              <div class="muted">
                {[hit.company, label(hit.relationship), label(hit.stage), ...hit.handles.map((h) => `@${h}`)]
                  .filter(Boolean)
                  .join(' · ')}
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
