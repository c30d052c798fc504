import { ask } from '../lib/messaging-client';
import type { ProfileRef } from '../lib/profile-ref';
import { Badges } from './badges/badges';
import type { ProfileCard } from './card/profile-card';
import { watchPage } from './page-watch';
import { isAboutOne, type PageKind, type SelectorMiss, type SiteAdapter } from './sites/types';

/** Rapport at work on one page while its site is switched on. */
export interface PageSession {
  /** Data changed elsewhere (popup, side panel, another tab): look the page's people up again. */
  refresh(): void;
  /** The site was switched off: the card and badges leave the page and nothing more is read. */
  stop(): void;
  /**
   * Back from the back/forward cache, which kept the page as it was left: the worker's idea of what this tab shows
   * and every answer on the page may be out of date.
   */
  restored(): void;
}

/**
 * Starts Rapport on a parsed page: the card for whom the page is about now, and, once `enabled` says the site is on,
 * the badges for every author on it and the watcher that follows the page as it changes.
 */
export function startSession(adapter: SiteAdapter, card: ProfileCard, enabled: Promise<boolean>): PageSession {
  const badges = new Badges(adapter);
  /**
   * Tells the worker about the page once the site is known to be on: on a site switched off, the popup hears of no
   * profile and site health of no miss.
   */
  const tell = (send: () => Promise<unknown>) =>
    void enabled
      .then((on) => (on ? send() : undefined))
      .catch(() => {
        // The popup then shows "no profile", site health misses a count; the card is unaffected.
      });
  let lastSignature = '';
  let reportedUrl = '';

  let readHref = '';
  let readScheduled = false;
  let stopped = false;

  /** Who the page is about, and the card for them (or none). */
  const readPage = (): PageKind => {
    // A read scheduled before the site was switched off finds nothing to do.
    if (stopped) return 'other';
    const url = new URL(location.href);
    readHref = url.href;
    const kind = adapter.pageKind(url, document);
    if (kind === 'other') {
      if (lastSignature !== `none\n${url.pathname}`) {
        lastSignature = `none\n${url.pathname}`;
        card.hide();
        tell(() => ask<'pageProfile'>({ type: 'pageProfile', profile: null }));
      }
      return kind;
    }
    const misses: SelectorMiss[] = [];
    const profile: ProfileRef | null = isAboutOne(kind)
      ? adapter.extractProfile(document, url, (miss) => misses.push(miss))
      : null;
    // Name and headline are part of the signature: after an in-page navigation they arrive after the URL.
    const signature = profile ? `${profile.profileKey}\n${profile.name}\n${profile.headline}` : `none\n${url.pathname}`;
    if (signature === lastSignature) return kind;
    lastSignature = signature;
    if (misses.length && reportedUrl !== url.href && profile) {
      // Once per page, and only once the page showed someone: a half-rendered page is not a broken selector.
      reportedUrl = url.href;
      const fields = [...new Set(misses.map((miss) => `${kind} ${miss.field}`))];
      tell(() => ask<'reportMisses'>({ type: 'reportMisses', network: adapter.network, fields }));
    }
    // The popup and side panel learn the tab's profile after the card has its answer, not in its way.
    const shown = profile ? card.show(profile) : Promise.resolve(card.hide());
    void shown.then(() => tell(() => ask<'pageProfile'>({ type: 'pageProfile', profile })));
    return kind;
  };

  let kindHref = '';
  let listKind: PageKind | undefined;
  /**
   * The page's kind as of now. A timeline changes in dozens of tasks a second without its address changing, and
   * lists' kinds follow from the address alone (the adapter contract), so those are kept per address; a profile or
   * company page is asked again, since its document can still change what it is.
   */
  const currentKind = (): PageKind => {
    const href = location.href;
    if (href === kindHref && listKind) return listKind;
    kindHref = href;
    const kind = adapter.pageKind(new URL(href), document);
    listKind = isAboutOne(kind) ? undefined : kind;
    return kind;
  };

  /** The whole page, now: when it is parsed, and after going back or forward. */
  const check = () => {
    if (readPage() !== 'other') badges.scan([document]);
  };

  /**
   * New nodes, in the task that added them: their authors are badged before the page renders them. The card is
   * read again when the address changed, and on profile and company pages, whose header arrives in pieces over
   * several tasks, once per frame.
   */
  const changed = (added: readonly Element[]) => {
    const kind = currentKind();
    if (kind !== 'other') badges.scan(added);
    if (!isAboutOne(kind)) {
      if (kindHref !== readHref) readPage();
      return;
    }
    if (readScheduled) return;
    readScheduled = true;
    requestAnimationFrame(() => {
      readScheduled = false;
      readPage();
    });
  };

  // The page is read now, not once the site's switch is known: the card has its profile when the first answer
  // (which carries the profile's lookup too) says the site is on. Nothing else happens on a site switched off.
  const firstKind = readPage();
  let unwatch: (() => void) | undefined;
  void enabled.then((on) => {
    if (!on || stopped) return;
    if (firstKind !== 'other') badges.scan([document]);
    unwatch = watchPage((added) => (added.length ? changed(added) : check()));
  });
  const refresh = () => {
    void card.refresh();
    void badges.refresh();
  };
  return {
    refresh,
    restored() {
      lastSignature = '';
      readPage();
      refresh();
    },
    stop() {
      stopped = true;
      unwatch?.();
      card.hide();
      badges.stop();
      tell(() => ask<'pageProfile'>({ type: 'pageProfile', profile: null }));
    },
  };
}
