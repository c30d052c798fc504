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
/** Candidates a search looks at, at most: a keystroke must answer in milliseconds whatever the store's size. */
const SCAN_LIMIT = 20_000;

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

function hasPrefix(tokens: Iterable<string>, prefix: string): boolean {
  for (const token of tokens) if (token.startsWith(prefix)) return true;
  return false;
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
  private readonly entries = new Map<string, { entry: Searchable; tokens: Set<string>; nameTokens: string[] }>();
  private readonly postings = new Map<string, Set<string>>();
  private sortedTokens: string[] = [];

  get size(): number {
    return this.entries.size;
  }

  upsert(entry: Searchable): void {
    this.remove(entry.contactId);
    const tokens = tokensOf(entry);
    this.entries.set(entry.contactId, { entry, tokens, nameTokens: tokenize(entry.name) });
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
      this.entries.set(entry.contactId, { entry, tokens, nameTokens: tokenize(entry.name) });
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

  /** Contacts whose tokens a prefix matches, each once, in token order: a type-ahead stops after a screenful. */
  private *matching(prefix: string): Generator<string> {
    const seen = new Set<string>();
    for (let i = lowerBound(this.sortedTokens, prefix); i < this.sortedTokens.length; i++) {
      const token = this.sortedTokens[i] as string;
      if (!token.startsWith(prefix)) break;
      for (const id of this.postings.get(token) ?? []) {
        if (seen.has(id)) continue;
        seen.add(id);
        yield id;
      }
    }
  }

  /** How many contacts a prefix reaches, counting no further than `cap`: enough to pick the rarest term. */
  private reach(prefix: string, cap: number): number {
    let total = 0;
    for (let i = lowerBound(this.sortedTokens, prefix); i < this.sortedTokens.length; i++) {
      const token = this.sortedTokens[i] as string;
      if (!token.startsWith(prefix)) break;
      total += this.postings.get(token)?.size ?? 0;
      if (total >= cap) break;
    }
    return total;
  }

  search(query: string, limit: number): SearchHit[] {
    const words = [...new Set(tokenize(query))];
    if (words.length === 0) return [];
    // Start from the rarest word ("4242" rather than "person" among 100,000 people), then check the others.
    const reach = new Map(words.map((word) => [word, this.reach(word, 5_000)]));
    const terms = words.sort((a, b) => (reach.get(a) ?? 0) - (reach.get(b) ?? 0));
    const [first, ...rest] = terms as [string, ...string[]];
    // Enough hits to rank a screenful (name matches first), and a bound on the work when few candidates match.
    const wanted = limit * 5;
    let scanned = 0;
    const hits: Array<{ entry: Searchable; rank: number }> = [];
    for (const id of this.matching(first)) {
      if (hits.length >= wanted || ++scanned > SCAN_LIMIT) break;
      const found = this.entries.get(id);
      if (!found || !rest.every((term) => hasPrefix(found.tokens, term))) continue;
      const rank = terms.every((term) => found.nameTokens.some((token) => token.startsWith(term))) ? 0 : 1;
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
