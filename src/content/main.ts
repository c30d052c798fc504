import type { Runtime } from 'webextension-polyfill';
import { ask } from '../lib/messaging-client';
import { nativeApi as browser } from '../lib/native-api';
import { DATA_CHANGED, SETTINGS_CHANGED } from '../lib/ports';
import type { ProfileRef } from '../lib/profile-ref';
import { Badges } from './badges/badges';
import { keepBadgeRoom } from './badges/styles';
import { ProfileCard } from './card/profile-card';
import { watchPage } from './page-watch';
import { adapterFor } from './sites';
import { isAboutOne, type PageKind, type SelectorMiss, type SiteAdapter } from './sites/types';

/**
 * Rapport's content script: finds who the page is about through the site's adapter and shows the card.
 * It does nothing at all on sites no adapter handles or that the person switched off, and on pages it cannot
 * annotate it only compares URLs.
 */
async function siteEnabled(adapter: SiteAdapter): Promise<boolean> {
  // Asked of the worker, which keeps the settings in memory: quicker than a storage read on a busy page.
  return (await ask<'siteStatus'>({ type: 'siteStatus', network: adapter.network })).enabled;
}

/**
 * Whether the site is on, and the answer for the profile the URL names, in one message sent at document_start:
 * the card then has both by the time the page is parsed.
 */
function pageStart(adapter: SiteAdapter, key: string | null | undefined) {
  const answer = ask<'pageStart'>({ type: 'pageStart', network: adapter.network, keys: key ? [key] : [] });
  // Failures reach whoever uses the answer (the card, the badges), each in its own way.
  answer.catch(() => {});
  return {
    enabled: answer.then(
      (start) => start.enabled,
      () => false,
    ),
    lookup: answer.then(({ results }) => ({ results, accounts: {} })),
  };
}

/** The script starts at document_start: what needs only the URL starts now, what needs the page waits for it. */
function parsed(): Promise<void> {
  if (document.readyState !== 'loading') return Promise.resolve();
  return new Promise((resolve) => document.addEventListener('DOMContentLoaded', () => resolve(), { once: true }));
}

async function start(): Promise<void> {
  const startUrl = new URL(location.href);
  const adapter = adapterFor(startUrl);
  if (!adapter) return;
  const early = adapter.profileKeyFromUrl?.(startUrl);
  const started = pageStart(adapter, early);
  const { enabled } = started;
  const card = new ProfileCard(enabled);
  if (early) card.prefetched([early], started.lookup);
  // As soon as the site is known to be on, while the page is still being parsed: a sheet adopted into a full page
  // restyles all of it.
  void enabled.then((on) => {
    if (on && adapter.pageKind(startUrl, document) !== 'other') keepBadgeRoom(document);
  });
  await parsed();
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

  /** Who the page is about, and the card for them (or none). */
  const readPage = (): PageKind => {
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

  // The card's lookup goes now, not after the site's switch is known (a round trip later): it paints only if the
  // site is on. Nothing else happens on a site switched off.
  const firstKind = readPage();
  if (!(await enabled)) return;
  if (firstKind !== 'other') badges.scan([document]);
  const stop = watchPage((added) => (added.length ? changed(added) : check()));
  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
    if (sender.id !== browser.runtime.id) return;
    const type = (message as { type?: unknown })?.type;
    if (type === DATA_CHANGED) {
      void card.refresh();
      void badges.refresh();
    }
    if (type === SETTINGS_CHANGED) {
      void siteEnabled(adapter).then((on) => {
        if (on) return;
        stop();
        card.hide();
        badges.stop();
      });
    }
  });
}

void start();
