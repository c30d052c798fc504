import { CARD_CSS } from './styles';

/**
 * A host element with a closed shadow root: the page's scripts cannot reach in, its CSS cannot leak in, and no
 * extension URL ever appears in the page's own DOM. Hung on <html>, not <body>, so a single-page app that
 * rebuilds its body does not take the card with it.
 */
export function mountShadow(tag: string, css = CARD_CSS): { host: HTMLElement; root: ShadowRoot } {
  const host = document.createElement(tag);
  const root = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  style.textContent = css;
  root.append(style);
  document.documentElement.append(host);
  return { host, root };
}

/** Puts the host back if the page removed it. */
export function ensureAttached(host: HTMLElement): void {
  if (!host.isConnected) document.documentElement.append(host);
}
