import type { LookupResult } from '../../lib/messages';
import { ask } from '../../lib/messaging-client';
import { type AuthorNode, SEEN_ATTRIBUTE, type SiteAdapter } from '../sites/types';
import { type BadgeState, BadgeView } from './badge-view';

const LOOKUP_BATCH = 500;

/**
 * Badges next to authors in feeds, lists and search results. Each batch of new nodes costs one adapter pass and
 * one lookup message for all authors not seen before on this page; answers are cached per profile key, and an
 * author element is marked so it is never annotated twice.
 */
export class Badges {
  private readonly views = new Map<string, Set<BadgeView>>();
  private readonly known = new Map<string, BadgeState>();

  constructor(
    private readonly adapter: SiteAdapter,
    private readonly enabled: Promise<boolean>,
  ) {}

  /** Finds new authors under the given roots, badges the ones already looked up, and looks up the rest at once. */
  async scan(roots: readonly ParentNode[]): Promise<void> {
    if (!(await this.enabled)) return;
    const authors: AuthorNode[] = [];
    for (const root of roots) {
      // Marked as found, so a root nested in another root of the same batch cannot yield the same author twice.
      for (const author of this.adapter.authorNodes(root)) {
        if (author.element.hasAttribute(SEEN_ATTRIBUTE)) continue;
        author.element.setAttribute(SEEN_ATTRIBUTE, '');
        authors.push(author);
      }
    }
    if (authors.length === 0) return;
    const unknownKeys = new Set<string>();
    const created: BadgeView[] = [];
    for (const author of authors) {
      const view = new BadgeView(author.profile, this.adapter.anchorFor(author), (v) => void this.save(v));
      created.push(view);
      const key = author.profile.profileKey;
      const set = this.views.get(key) ?? new Set<BadgeView>();
      set.add(view);
      this.views.set(key, set);
      const state = this.known.get(key);
      if (state) view.render(state);
      else unknownKeys.add(key);
    }
    await this.lookup([...unknownKeys]);
    // Every badge of the batch goes in during one frame: the page lays out once for all of them, not per badge.
    await new Promise<void>((resolve) =>
      requestAnimationFrame(() => {
        for (const view of created) view.mount();
        resolve();
      }),
    );
  }

  /** Data changed elsewhere: look every author on the page up again. */
  refresh(): Promise<void> {
    for (const [key, set] of this.views) {
      for (const view of set) if (!view.connected) set.delete(view);
      if (set.size === 0) this.views.delete(key);
    }
    return this.lookup([...this.views.keys()]);
  }

  private async lookup(keys: string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += LOOKUP_BATCH) {
      const chunk = keys.slice(i, i + LOOKUP_BATCH);
      try {
        const { results } = await ask<'lookup'>({ type: 'lookup', keys: chunk });
        for (const key of chunk) this.show(key, { kind: 'result', result: results[key] ?? null });
      } catch {
        // Without an answer there is nothing true to show; the next change or scroll tries again.
        for (const key of chunk) this.known.delete(key);
      }
    }
  }

  private show(key: string, state: BadgeState): void {
    this.known.set(key, state);
    for (const view of this.views.get(key) ?? []) view.render(state);
  }

  private async save(view: BadgeView): Promise<void> {
    view.busy();
    const key = view.profile.profileKey;
    try {
      const saved = await ask<'saveLead'>({ type: 'saveLead', profile: view.profile, mode: 'auto' });
      this.show(
        key,
        saved.kind === 'possibleDuplicates'
          ? { kind: 'duplicates', duplicates: saved }
          : { kind: 'result', result: saved as LookupResult },
      );
    } catch {
      this.show(key, { kind: 'result', result: null });
    }
  }
}
