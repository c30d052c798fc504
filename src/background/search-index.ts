import type { SearchHit } from '../lib/messages';

/**
 * Type-ahead over contacts: every word of a contact's name, company, handles, tags and notes is a token; a query
 * matches a contact when each of its words is a prefix of one of the contact's tokens. Tokens are kept sorted, so
 * a prefix is a binary search and a short scan, whatever the number of contacts.
 */
export interface Searchable {
  contactId: string;
  name: string;
  company?: string;
  relationship: SearchHit['relationship'];
  stage: SearchHit['stage'];
  handles: string[];
  tags: string[];
  notes: string;
}

const NOTES_WORDS = 200;

/** Lower case, accents folded ("Müller" is found by "muller"), split on anything but letters and digits. */
export function tokenize(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLocaleLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

function tokensOf(entry: Searchable): Set<string> {
  const notes = tokenize(entry.notes).slice(0, NOTES_WORDS);
  return new Set([
    ...tokenize(entry.name),
    ...tokenize(entry.company ?? ''),
    ...entry.handles.flatMap(tokenize),
    ...entry.tags.flatMap(tokenize),
    ...notes,
  ]);
}

function lowerBound(sorted: string[], value: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as string) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class SearchIndex {
  private readonly entries = new Map<string, { entry: Searchable; tokens: Set<string> }>();
  private readonly postings = new Map<string, Set<string>>();
  private sortedTokens: string[] = [];

  get size(): number {
    return this.entries.size;
  }

  upsert(entry: Searchable): void {
    this.remove(entry.contactId);
    const tokens = tokensOf(entry);
    this.entries.set(entry.contactId, { entry, tokens });
    for (const token of tokens) {
      let ids = this.postings.get(token);
      if (!ids) {
        ids = new Set();
        this.postings.set(token, ids);
        this.sortedTokens.splice(lowerBound(this.sortedTokens, token), 0, token);
      }
      ids.add(entry.contactId);
    }
  }

  /** Bulk load: one sort instead of one insertion per token. */
  load(entries: Iterable<Searchable>): void {
    for (const entry of entries) {
      const tokens = tokensOf(entry);
      this.entries.set(entry.contactId, { entry, tokens });
      for (const token of tokens) {
        const ids = this.postings.get(token);
        if (ids) ids.add(entry.contactId);
        else this.postings.set(token, new Set([entry.contactId]));
      }
    }
    // Assigned, not spliced in: spreading 200,000 tokens as arguments overflows the call stack.
    this.sortedTokens = [...this.postings.keys()].sort();
  }

  remove(contactId: string): void {
    const existing = this.entries.get(contactId);
    if (!existing) return;
    this.entries.delete(contactId);
    for (const token of existing.tokens) {
      const ids = this.postings.get(token);
      ids?.delete(contactId);
      if (ids && ids.size === 0) {
        this.postings.delete(token);
        const at = lowerBound(this.sortedTokens, token);
        if (this.sortedTokens[at] === token) this.sortedTokens.splice(at, 1);
      }
    }
  }

  /** Contacts whose tokens a prefix matches, stopping once `cap` are found (type-ahead needs the first screenful). */
  private matching(prefix: string, cap: number): Set<string> {
    const ids = new Set<string>();
    for (let i = lowerBound(this.sortedTokens, prefix); i < this.sortedTokens.length; i++) {
      const token = this.sortedTokens[i] as string;
      if (!token.startsWith(prefix)) break;
      for (const id of this.postings.get(token) ?? []) {
        ids.add(id);
        if (ids.size >= cap) return ids;
      }
    }
    return ids;
  }

  search(query: string, limit: number): SearchHit[] {
    const terms = [...new Set(tokenize(query))].sort((a, b) => b.length - a.length);
    const [first, ...rest] = terms;
    if (!first) return [];
    // The longest term is usually the most selective: start from it, then check the others per candidate.
    const cap = rest.length ? 50_000 : limit * 20;
    const hits: Array<{ entry: Searchable; rank: number }> = [];
    for (const id of this.matching(first, cap)) {
      const found = this.entries.get(id);
      if (!found) continue;
      const tokens = [...found.tokens];
      if (!rest.every((term) => tokens.some((token) => token.startsWith(term)))) continue;
      const nameTokens = tokenize(found.entry.name);
      const rank = terms.every((term) => nameTokens.some((token) => token.startsWith(term))) ? 0 : 1;
      hits.push({ entry: found.entry, rank });
    }
    hits.sort((a, b) => a.rank - b.rank || a.entry.name.localeCompare(b.entry.name));
    return hits.slice(0, limit).map(({ entry }) => ({
      contactId: entry.contactId,
      name: entry.name,
      company: entry.company,
      relationship: entry.relationship,
      stage: entry.stage,
      handles: entry.handles,
    }));
  }
}
