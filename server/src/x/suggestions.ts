import { MAX_X_SUGGESTIONS, XSuggestion } from '../../../src/lib/x-connector';
import type { Queryable } from '../db/database';
import { ConversationItem } from './conversation-items';
import { suggestionRows } from './pending-store';
import { loadXBook } from './x-book';

/**
 * The team's suggested leads: people who mentioned the company and are not contacts. Someone a browser saved since
 * the last poll is left out at once (the next poll turns their mentions into interactions).
 */
export async function readSuggestions(db: Queryable, teamId: string): Promise<XSuggestion[]> {
  const [rows, book] = [await suggestionRows(db, teamId, MAX_X_SUGGESTIONS * 2), await loadXBook(db, teamId)];
  const suggestions: XSuggestion[] = [];
  for (const row of rows) {
    if (book.contactIdentity(row.userId, row.handle)) continue;
    const item = ConversationItem.safeParse(row.item);
    if (!item.success || !item.data.url) continue;
    const suggestion = XSuggestion.safeParse({
      userId: row.userId,
      handle: row.handle,
      name: row.name ?? row.handle,
      ...(row.avatarUrl ? { avatarUrl: row.avatarUrl } : {}),
      ...(row.bio ? { bio: row.bio } : {}),
      ...(row.followers !== null ? { followers: row.followers } : {}),
      mentionCount: row.mentionCount,
      lastMention: { text: item.data.text, url: item.data.url, at: item.data.occurredAt },
    });
    if (suggestion.success) suggestions.push(suggestion.data);
    if (suggestions.length === MAX_X_SUGGESTIONS) break;
  }
  return suggestions;
}
