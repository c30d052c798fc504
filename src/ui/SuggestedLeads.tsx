import { useState } from 'preact/hooks';
import { ask } from '../lib/messaging-client';
import { xKeyFromHandle } from '../lib/profile-keys';
import type { ProfileRef } from '../lib/profile-ref';
import type { XSuggestion } from '../lib/x-connector';
import { ErrorText } from './ErrorText';
import { relativeTime } from './format';
import { errorMessage, useAsync } from './use-async';

/** A suggestion becomes a lead the same way a profile page does: one ProfileRef, one save. */
function profileOf(suggestion: XSuggestion): ProfileRef | undefined {
  const key = xKeyFromHandle(suggestion.handle);
  if (!key) return undefined;
  return {
    network: 'x',
    kind: 'person',
    profileKey: key.key,
    url: key.url,
    name: suggestion.name,
    handle: suggestion.handle,
    headline: suggestion.bio?.slice(0, 1000),
    avatarUrl: suggestion.avatarUrl,
    networkUserId: suggestion.userId,
  };
}

/**
 * People who mentioned the company on X and are not contacts yet (from the team server's X connector): one click
 * saves them as leads, and their mentions join their timeline with the next sync.
 */
export function SuggestedLeads() {
  const [state, reload] = useAsync(async () => (await ask<'xSuggestions'>({ type: 'xSuggestions' })).suggestions, []);
  const [saved, setSaved] = useState<string[]>([]);
  const [error, setError] = useState<string>();
  if (state.status !== 'ready') return null;
  const shown = state.value.filter((suggestion) => !saved.includes(suggestion.userId));
  if (shown.length === 0) return null;
  const act = async (work: () => Promise<unknown>, userId: string) => {
    try {
      await work();
      setSaved((ids) => [...ids, userId]);
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <section aria-label="Suggested leads">
      <h2>Suggested leads from X</h2>
      <ul class="contacts">
        {shown.map((suggestion) => {
          const profile = profileOf(suggestion);
          return (
            <li key={suggestion.userId}>
              <div class="name">
                {suggestion.name} <span class="muted">@{suggestion.handle}</span>
              </div>
              <div class="muted">
                Mentioned you {suggestion.mentionCount > 1 ? `${suggestion.mentionCount} times, last ` : ''}
                {relativeTime(suggestion.lastMention.at)}: “{suggestion.lastMention.text.slice(0, 140)}”
              </div>
              <div class="actions">
                {profile && (
                  <button
                    type="button"
                    class="primary"
                    aria-label={`Save ${suggestion.name} as a lead`}
                    onClick={() =>
                      act(() => ask<'saveLead'>({ type: 'saveLead', profile, mode: 'new' }), suggestion.userId)
                    }
                  >
                    Save lead
                  </button>
                )}
                <button
                  type="button"
                  class="secondary"
                  aria-label={`Dismiss ${suggestion.name}`}
                  onClick={() =>
                    act(
                      () => ask<'xDismissSuggestion'>({ type: 'xDismissSuggestion', userId: suggestion.userId }),
                      suggestion.userId,
                    )
                  }
                >
                  Dismiss
                </button>
              </div>
            </li>
          );
        })}
      </ul>
      <ErrorText message={error} />
      <button type="button" class="link" onClick={() => void reload()}>
        Refresh
      </button>
    </section>
  );
}
