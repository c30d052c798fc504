import { asCompany } from '../../lib/account-claim';
import { accountFilterReader } from '../../lib/account-filter';
import { MAX_LOOKUP_KEYS } from '../../lib/lookup-limits';
import type { AccountContext } from '../../lib/messages';
import { ask } from '../../lib/messaging-client';
import { COMPANIES_LOOK_LIKE_PEOPLE } from '../../lib/networks';
import { portAsker } from '../../lib/port-client';
import { type AuthorNode, SEEN_ATTRIBUTE, type SiteAdapter } from '../sites/types';
import { type BadgeAction, type BadgeState, BadgeView } from './badge-view';
import { keepBadgeRoom } from './styles';

/**
 * Authors go to the background in one request once none were found for this long: a page scrolled a post at a
 * time sends a few...
 */
const LOOKUP_DELAY_MS = 100;
/**
 * ...and one that keeps finding authors (a timeline read quickly, whose posts arrive a screen or two before they
 * are seen) sends one request this often, not one per pause: each request costs the page's main thread too. Once
 * authors came twice during a wait, the wait runs to this deadline instead of to the next pause.
 */
const LOOKUP_MAX_WAIT_MS = 400;

interface PendingLookup {
  firstAt: number;
  lastAt: number;
  /** The wait was put off once already for more authors: they keep coming, and the lookup waits for its deadline. */
  extended: boolean;
}

/** Known people (and possible duplicates or accounts) get a badge; unknown ones get their "+" only when pointed at. */
const isKnown = (state: BadgeState | undefined) =>
  state !== undefined && (state.kind !== 'result' || state.result !== null);

/** A name as the worker names its answers: trimmed, and no longer than a company name may be. */
const asAccountName = (name: string | undefined) => name?.trim().slice(0, 300) || undefined;

/**
 * Badges next to authors in feeds, lists and search results. Each batch of new nodes costs one adapter pass and
 * one lookup message for all authors not seen before on this page; answers are cached per profile key, and an
 * author element is marked so it is never annotated twice.
 *
 * Every author's badge goes in, empty, in the same task that finds them: the page lays its new posts out once with
 * the badges' room already kept (a badge has a fixed size and contains its own layout), and an answer arriving later
 * only paints inside it. Known people's badges then show; an unknown author's save button appears when the pointer
 * (or the keyboard focus) reaches their name, through one listener for the whole page, so a feed of strangers
 * stays as it was.
 *
 * A timeline adds a post or two per scroll: authors go in one lookup after a 100 ms pause (at least every 400 ms
 * while they keep coming), and a lookup's answers are painted together in the next frame. What a person does
 * (pointing at a name, saving) is answered at once.
 */
export class Badges {
  /** Every author's badge, by profile key and by author element; a badge is in the page from the moment its author is found. */
  private readonly byKey = new Map<string, Set<BadgeView>>();
  private readonly byElement = new WeakMap<Element, BadgeView>();
  /** By badge element too: events from inside a badge's closed root reach the page as its host's. */
  private readonly byHost = new WeakMap<Element, BadgeView>();
  private readonly known = new Map<string, BadgeState>();
  /** Company authors' names by profile key: a company's account is asked for by its name too (see AuthorNode). */
  private readonly companyNames = new Map<string, string>();
  private listening = false;
  private readonly toLookUp = new Set<string>();
  /** While authors wait for their lookup: when the first and the latest of them were found. */
  private pending?: PendingLookup;
  private toPaint = new Map<BadgeView, BadgeState>();
  private paintScheduled = false;
  private stopped = false;
  private unlisten?: () => void;
  /** Lookups, the message a feed sends most, go over one port (see port-client.ts); saving does not. */
  private readonly port = portAsker();
  /**
   * Where a company's profile looks like a person's (X, Facebook), a stranger named like an account may be its own
   * profile: their badge offers the link, as their card does. The filter of account names (lib/account-filter) comes
   * with the first lookup, so only names it may hold are asked about.
   */
  private readonly strangersMayBeAccounts: boolean;
  /** The filter, read once; unset until an answer brought it, and again after a refresh. */
  private mayBeAccount?: (name: string) => boolean;
  /** Strangers whose name was read and checked since the last refresh. */
  private readonly namesRead = new Set<string>();

  /** One per page session; it is asked to scan only once the site is known to be on (see page-session.ts). */
  constructor(private readonly adapter: SiteAdapter) {
    this.strangersMayBeAccounts = COMPANIES_LOOK_LIKE_PEOPLE[adapter.network];
  }

  /** Finds new authors under the given roots, badges the ones already looked up, and looks up the rest soon. */
  scan(roots: readonly ParentNode[]): void {
    if (this.stopped) return;
    const found: AuthorNode[] = [];
    for (const root of roots) {
      // Marked as found, so a root nested in another root of the same batch cannot yield the same author twice.
      for (const author of this.adapter.authorNodes(root)) {
        if (author.element.hasAttribute(SEEN_ATTRIBUTE)) continue;
        author.element.setAttribute(SEEN_ATTRIBUTE, '');
        found.push(author);
      }
    }
    if (found.length === 0) return;
    // Usually done while the page was parsed (see main.ts); here for a feed reached by in-page navigation.
    keepBadgeRoom(document);
    this.listen();
    const unknownKeys = new Set<string>();
    const views: BadgeView[] = [];
    for (const node of found) {
      const key = node.profileKey;
      const company = asAccountName(node.companyName);
      if (company) this.companyNames.set(key, company);
      const view = new BadgeView(node, this.adapter.anchorFor(node), (v, action) => void this.save(v, action));
      const set = this.byKey.get(key) ?? new Set<BadgeView>();
      set.add(view);
      this.byKey.set(key, set);
      this.byElement.set(node.element, view);
      this.byHost.set(view.host, view);
      const state = this.known.get(key);
      // A stranger whose name was never read (their post left the page before the answer came) is asked about again.
      if (!state || (this.strangersMayBeAccounts && !isKnown(state) && !this.namesRead.has(key))) unknownKeys.add(key);
      else if (isKnown(state)) view.render(state);
      views.push(view);
    }
    // All in one go, before the page's next layout: the posts and their badges' room are laid out together.
    for (const view of views) view.mount();
    this.lookUpSoon(unknownKeys);
  }

  /** The site was switched off: every badge leaves the page, and nothing more is found, looked up or painted. */
  stop(): void {
    this.stopped = true;
    this.unlisten?.();
    this.port.close();
    this.toLookUp.clear();
    this.toPaint.clear();
    for (const set of this.byKey.values()) for (const view of set) view.host.remove();
    this.byKey.clear();
    // Unmarked, so that the site switched on again finds its authors again.
    for (const element of document.querySelectorAll(`[${SEEN_ATTRIBUTE}]`)) element.removeAttribute(SEEN_ATTRIBUTE);
  }

  /** Data changed elsewhere: look every author on the page up again. */
  refresh(): Promise<void> {
    // Accounts may have been added or renamed: the next lookup brings the filter again.
    this.mayBeAccount = undefined;
    this.namesRead.clear();
    for (const [key, set] of this.byKey) {
      for (const view of set) if (!view.anchorConnected) set.delete(view);
      if (set.size === 0) this.byKey.delete(key);
    }
    return this.lookup([...this.byKey.keys()]);
  }

  private lookUpSoon(keys: Iterable<string>): void {
    const before = this.toLookUp.size;
    for (const key of keys) this.toLookUp.add(key);
    if (this.toLookUp.size === before) return;
    const now = performance.now();
    if (this.pending) {
      this.pending.lastAt = now;
      return;
    }
    // One timer for the whole wait, not one re-armed per batch of new posts: a fast timeline finds authors in
    // dozens of tasks per second, and each clearTimeout/setTimeout pair showed in its profile.
    this.pending = { firstAt: now, lastAt: now, extended: false };
    this.lookUpAfter(LOOKUP_DELAY_MS, this.pending);
  }

  private lookUpAfter(wait: number, pending: PendingLookup): void {
    setTimeout(() => {
      const deadline = pending.firstAt + LOOKUP_MAX_WAIT_MS;
      const due = Math.min(pending.lastAt + LOOKUP_DELAY_MS, deadline);
      const now = performance.now();
      if (due > now) {
        // Authors came twice during the wait: a timeline being read. Waiting for a pause again would wake this
        // timer every 100 ms until the deadline (it showed in the timeline's trace); the deadline comes soon enough.
        const next = pending.extended ? deadline : due;
        pending.extended = true;
        this.lookUpAfter(next - now, pending);
        return;
      }
      this.pending = undefined;
      const batch = [...this.toLookUp];
      this.toLookUp.clear();
      void this.lookup(batch);
    }, wait);
  }

  private async lookup(keys: string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += MAX_LOOKUP_KEYS) {
      const chunk = keys.slice(i, i + MAX_LOOKUP_KEYS);
      const companies = [...new Set(chunk.flatMap((key) => this.companyNames.get(key) ?? []))];
      const withFilter = this.strangersMayBeAccounts && this.mayBeAccount === undefined;
      const strangers: string[] = [];
      try {
        const answer = await this.port.ask<'lookup'>({
          type: 'lookup',
          keys: chunk,
          companies,
          accountNames: withFilter || undefined,
        });
        const { results, accounts } = answer;
        if (withFilter && answer.accountNames !== undefined) {
          this.mayBeAccount = accountFilterReader(answer.accountNames);
        }
        for (const key of chunk) {
          const name = this.companyNames.get(key);
          const result = results[key] ?? (name ? accounts[name] : undefined) ?? null;
          const offerable = !result && !name && this.strangersMayBeAccounts;
          if (offerable) strangers.push(key);
          // An account offered before stays offered until its name is asked about again: no "+" in between.
          if (!offerable || this.known.get(key)?.kind !== 'claimed') this.show(key, { kind: 'result', result });
        }
      } catch {
        // Without an answer there is nothing true to show; the next change or scroll tries again.
        for (const key of chunk) this.known.delete(key);
      }
      if (this.strangersMayBeAccounts && strangers.length) {
        // Without an answer they stay strangers, as the first answer said, until the next refresh.
        await this.offerAccounts(strangers).catch(() => {});
      }
    }
  }

  /**
   * Strangers named like an account get a badge offering it (see `strangersMayBeAccounts`). Only their names are
   * read from the page, and only while their post is still on it (a timeline read quickly has dropped many by the
   * time the answer comes: they are asked about again if they come back). Only the names the filter may hold are
   * asked about; without a filter (a worker that has not read its accounts yet), all are.
   */
  private async offerAccounts(keys: readonly string[]): Promise<void> {
    const mayBe = this.mayBeAccount ?? (() => true);
    const names = new Map<string, string>();
    for (const key of keys) {
      const view = [...(this.byKey.get(key) ?? [])].find((candidate) => candidate.anchorConnected);
      if (!view) continue;
      this.namesRead.add(key);
      const name = asAccountName(view.shownName);
      if (name && mayBe(name)) names.set(key, name);
    }
    const { accounts } = names.size
      ? await this.port.ask<'lookup'>({ type: 'lookup', keys: [], companies: [...new Set(names.values())] })
      : { accounts: {} as Record<string, AccountContext> };
    for (const key of keys) {
      const name = names.get(key);
      const account = name ? accounts[name] : undefined;
      const state = this.known.get(key);
      // Saved or linked meanwhile: what they are now was shown already.
      if (state?.kind === 'result' && state.result) continue;
      if (account) this.show(key, { kind: 'claimed', account });
      else if (state?.kind === 'claimed') this.show(key, { kind: 'result', result: null });
    }
  }

  /**
   * Records an answer and shows it in the badges of that profile (an unknown one's stays empty until pointed at):
   * at once when the person asked for it, else with the page's next frame.
   */
  private show(key: string, state: BadgeState, now = false): void {
    if (this.stopped) return;
    this.known.set(key, state);
    for (const view of this.byKey.get(key) ?? []) {
      // An empty badge stays empty for someone unknown: nothing to paint.
      if (!isKnown(state) && !view.revealed) continue;
      if (now) {
        this.toPaint.delete(view);
        view.render(state);
      } else {
        this.toPaint.set(view, state);
      }
    }
    if (this.toPaint.size) this.paintSoon();
  }

  private paintSoon(): void {
    if (this.paintScheduled) return;
    this.paintScheduled = true;
    // In the rendering steps of the next frame: while the page scrolls that is a frame it draws anyway, and a
    // lookup's answers are painted together, in one style and layout pass with the page's own changes.
    requestAnimationFrame(() => {
      this.paintScheduled = false;
      const batch = this.toPaint;
      this.toPaint = new Map();
      for (const [view, state] of batch) view.render(state);
    });
  }

  /** The badge of the author (or the badge) an event happened on. */
  private viewAt(node: EventTarget | null): BadgeView | undefined {
    if (!(node instanceof Element)) return undefined;
    const author = node.closest(`[${SEEN_ATTRIBUTE}]`);
    return (author && this.byElement.get(author)) || this.byHost.get(node);
  }

  /**
   * One set of listeners for the page: an unknown author pointed at or focused gets their save button, and loses it
   * again when the pointer or focus leaves both the name and the button, so a read timeline keeps no trail of them.
   */
  private listen(): void {
    if (this.listening) return;
    this.listening = true;
    const reveal = (event: Event) => {
      const view = this.viewAt(event.target);
      if (!view || view.revealed) return;
      view.mount();
      this.toPaint.delete(view);
      view.render(this.known.get(view.profileKey) ?? { kind: 'result', result: null });
    };
    const conceal = (event: MouseEvent | FocusEvent) => {
      const view = this.viewAt(event.target);
      if (view?.revealed && this.viewAt(event.relatedTarget) !== view) view.conceal();
    };
    document.addEventListener('mouseover', reveal, { passive: true });
    document.addEventListener('focusin', reveal, { passive: true });
    document.addEventListener('mouseout', conceal, { passive: true });
    document.addEventListener('focusout', conceal, { passive: true });
    // A page with an open port may not enter the back/forward cache (Chrome before 123): it lets go of it on leaving,
    // and the next lookup opens a new one.
    const release = () => this.port.close();
    window.addEventListener('pagehide', release);
    this.unlisten = () => {
      window.removeEventListener('pagehide', release);
      document.removeEventListener('mouseover', reveal);
      document.removeEventListener('focusin', reveal);
      document.removeEventListener('mouseout', conceal);
      document.removeEventListener('focusout', conceal);
    };
  }

  /**
   * Saves the author as a lead ("auto": unless they look like a known contact), links them to a contact, or links
   * their profile to the account of their name (saved as the company's own, as the card's "Link to account" does).
   */
  private async save(view: BadgeView, action: BadgeAction): Promise<void> {
    view.busy();
    const key = view.profileKey;
    const [profile, mode] =
      action === 'linkAccount' ? [asCompany(view.profile), 'auto' as const] : [view.profile, action];
    try {
      const saved = await ask<'saveLead'>({ type: 'saveLead', profile, mode });
      this.show(
        key,
        saved.kind === 'possibleDuplicates'
          ? { kind: 'duplicates', duplicates: saved }
          : { kind: 'result', result: saved },
        true,
      );
    } catch {
      this.show(key, { kind: 'result', result: null }, true);
    }
  }
}
