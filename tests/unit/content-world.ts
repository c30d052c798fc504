import type { JSDOM } from 'jsdom';

/**
 * Makes a jsdom page the content script's world: the page globals its modules reach for, plus `extras` (the
 * extension API as a test fakes it, more of the window). Import the modules under test after this.
 */
export function enterContentWorld(dom: JSDOM, extras: Record<string, unknown> = {}): void {
  const { window } = dom;
  Object.assign(globalThis, {
    window,
    document: window.document,
    Node: window.Node,
    Element: window.Element,
    HTMLElement: window.HTMLElement,
    ...extras,
  });
}
