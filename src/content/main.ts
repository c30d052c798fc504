import browser from 'webextension-polyfill';
import { ask } from '../lib/messaging-client';
import { DATA_CHANGED } from '../lib/ports';
import type { ProfileRef } from '../lib/profile-ref';
import { SETTINGS_STORAGE_KEY } from '../lib/site-switches';
import { Badges } from './badges/badges';
import { ProfileCard } from './card/profile-card';
import { watchPage } from './page-watch';
import { adapterFor } from './sites';
import type { SelectorMiss, SiteAdapter } from './sites/types';

/**
 * Rapport's content script: finds who the page is about through the site's adapter and shows the card.
 * It does nothing at all on sites no adapter handles or that the person switched off, and on pages it cannot
 * annotate it only compares URLs.
 */
async function siteEnabled(adapter: SiteAdapter): Promise<boolean> {
  const stored = (await browser.storage.local.get(SETTINGS_STORAGE_KEY))[SETTINGS_STORAGE_KEY] as
    | { sites?: Record<string, boolean> }
    | undefined;
  return stored?.sites?.[adapter.network] !== false;
}

async function start(): Promise<void> {
  const adapter = adapterFor(new URL(location.href));
  if (!adapter || !(await siteEnabled(adapter))) return;
  const card = new ProfileCard();
  const badges = new Badges(adapter);
  let lastSignature = '';
  let reportedUrl = '';

  const check = (added: readonly Element[]) => {
    const url = new URL(location.href);
    const kind = adapter.pageKind(url, document);
    if (kind === 'other') {
      if (lastSignature !== `none\n${url.pathname}`) {
        lastSignature = `none\n${url.pathname}`;
        card.hide();
        void ask<'pageProfile'>({ type: 'pageProfile', profile: null }).catch(() => {});
      }
      return;
    }
    void badges.scan(added.length ? added : [document]);
    const misses: SelectorMiss[] = [];
    const profile: ProfileRef | null =
      kind === 'profile' || kind === 'company'
        ? adapter.extractProfile(document, url, (miss) => misses.push(miss))
        : null;
    // Name and headline are part of the signature: after an in-page navigation they arrive after the URL.
    const signature = profile ? `${profile.profileKey}\n${profile.name}\n${profile.headline}` : `none\n${url.pathname}`;
    if (signature === lastSignature) return;
    lastSignature = signature;
    if (misses.length && reportedUrl !== url.href && profile) {
      // Once per page, and only once the page showed someone: a half-rendered page is not a broken selector.
      reportedUrl = url.href;
      const fields = [...new Set(misses.map((miss) => `${kind} ${miss.field}`))];
      void ask<'reportMisses'>({ type: 'reportMisses', network: adapter.network, fields }).catch(() => {});
    }
    if (profile) void card.show(profile);
    else card.hide();
    ask<'pageProfile'>({ type: 'pageProfile', profile }).catch(() => {
      // The popup then shows "no profile"; the card above is unaffected.
    });
  };

  check([]);
  const stop = watchPage(check);
  browser.runtime.onMessage.addListener((message: unknown, sender: browser.Runtime.MessageSender) => {
    if (sender.id !== browser.runtime.id) return;
    if ((message as { type?: unknown })?.type === DATA_CHANGED) {
      void card.refresh();
      void badges.refresh();
    }
  });
  browser.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local' || !changes[SETTINGS_STORAGE_KEY]) return;
    const sites = (changes[SETTINGS_STORAGE_KEY].newValue as { sites?: Record<string, boolean> } | undefined)?.sites;
    if (sites?.[adapter.network] === false) {
      stop();
      card.hide();
    }
  });
}

void start();
