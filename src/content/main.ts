import { ask } from '../lib/messaging-client';
import type { ProfileRef } from '../lib/profile-ref';
import { ProfileCard } from './card/profile-card';
import { watchPage } from './page-watch';
import { adapterFor } from './sites';

/**
 * Rapport's content script: finds who the page is about through the site's adapter and shows the card.
 * It does nothing at all on sites no adapter handles, and only compares URLs on pages it cannot annotate.
 */
function start(): void {
  const adapter = adapterFor(new URL(location.href));
  if (!adapter) return;
  const card = new ProfileCard();
  let lastSignature = '';

  const check = () => {
    const url = new URL(location.href);
    const kind = adapter.pageKind(url, document);
    const profile: ProfileRef | null =
      kind === 'profile' || kind === 'company' ? adapter.extractProfile(document, url) : null;
    // Name and headline are part of the signature: after an in-page navigation they arrive after the URL.
    const signature = profile ? `${profile.profileKey}\n${profile.name}\n${profile.headline}` : `none\n${url.pathname}`;
    if (signature === lastSignature) return;
    lastSignature = signature;
    if (profile) void card.show(profile);
    else card.hide();
    ask<'pageProfile'>({ type: 'pageProfile', profile }).catch(() => {
      // The popup then shows "no profile"; the card above is unaffected.
    });
  };

  check();
  watchPage(check);
}

start();
