import type { Runtime } from 'webextension-polyfill';
import { ask } from '../lib/messaging-client';
import { nativeApi as browser } from '../lib/native-api';
import { DATA_CHANGED, SETTINGS_CHANGED } from '../lib/ports';
import { keepBadgeRoom } from './badges/styles';
import { ProfileCard } from './card/profile-card';
import { type PageSession, startSession } from './page-session';
import { adapterFor } from './sites';

/**
 * Rapport's content script: asks whether the page's site is switched on and starts a page session (the card, the
 * badges, the watcher) if it is, or once it is. It does nothing on sites no adapter handles, nothing but wait on a
 * site switched off, and on pages it cannot annotate it only compares URLs.
 */
/**
 * Whether the site is on, and the answer for the profile the URL names, in one message sent at document_start:
 * the card then has both by the time the page is parsed. Asked of the worker, which keeps the settings in memory:
 * quicker than a storage read on a busy page.
 */
function pageStart(key?: string | null) {
  const answer = ask<'pageStart'>({ type: 'pageStart', keys: key ? [key] : [] });
  // Without an answer (the worker unreachable) the site counts as off: the page is left as it is.
  const enabled = answer.then(
    (start) => start.enabled,
    () => false,
  );
  const lookup = key ? answer : undefined;
  return { enabled, lookup };
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
  const started = pageStart(early);
  const { enabled } = started;
  const card = new ProfileCard(enabled);
  if (early && started.lookup) card.prefetched([early], started.lookup);
  // As soon as the site is known to be on, while the page is still being parsed: a sheet adopted into a full page
  // restyles all of it.
  void enabled.then((on) => {
    if (on && adapter.pageKind(startUrl, document) !== 'other') keepBadgeRoom(document);
  });
  await parsed();
  let session: PageSession | undefined = startSession(adapter, card, enabled);
  if (!(await enabled)) session = undefined;
  /** Asks again whether the site is on, and starts or stops Rapport on this page to match. */
  const followSwitch = (onStillOn?: (running: PageSession) => void) =>
    void pageStart().enabled.then((on) => {
      if (on && !session) {
        const now = Promise.resolve(true);
        session = startSession(adapter, new ProfileCard(now), now);
      } else if (!on && session) {
        session.stop();
        session = undefined;
      } else if (session) onStillOn?.(session);
    });
  // Listened for on a switched-off site too: switching it on in the options page starts Rapport on the open page.
  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
    if (sender.id !== browser.runtime.id) return;
    const type = (message as { type?: unknown })?.type;
    if (type === DATA_CHANGED) session?.refresh();
    if (type === SETTINGS_CHANGED) followSwitch();
  });
  // A page restored from the back/forward cache heard none of the messages sent while it was away.
  addEventListener('pageshow', (event) => {
    if (event.persisted) followSwitch((running) => running.restored());
  });
}

void start();
