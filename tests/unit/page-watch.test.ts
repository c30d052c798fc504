import { JSDOM } from 'jsdom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** The page watcher hands over what the page added, once per batch, and not Rapport's own insertions. */
let dom: JSDOM;
let watchPage: typeof import('../../src/content/page-watch').watchPage;
/** Times the observer's callback ran: each is a call into the content script's world. */
let callbacks = 0;

beforeAll(async () => {
  dom = new JSDOM('<!doctype html><body><main></main></body>', { url: 'https://x.com/home' });
  const { window } = dom;
  Object.assign(globalThis, {
    window,
    document: window.document,
    Node: window.Node,
    MutationObserver: class extends window.MutationObserver {
      constructor(callback: MutationCallback) {
        super((records, observer) => {
          callbacks++;
          callback(records, observer);
        });
      }
    },
  });
  ({ watchPage } = await import('../../src/content/page-watch'));
});
afterAll(() => dom.window.close());

const delivered = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('page watcher', () => {
  it("passes what the page added, and what the page added during the call, without a callback for Rapport's own", async () => {
    const main = document.querySelector('main') as Element;
    const calls: string[][] = [];
    const stop = watchPage((added) => {
      calls.push(added.map((element) => element.id));
      // What the badge feature does: a badge after each new post...
      for (const element of added) element.after(document.createElement('rapport-badge'));
      // ...and, once, something else appearing meanwhile (a hostile page's element reaction, say).
      if (calls.length === 1) main.append(Object.assign(document.createElement('article'), { id: 'meanwhile' }));
    });
    main.append(Object.assign(document.createElement('article'), { id: 'a' }));
    main.append(Object.assign(document.createElement('article'), { id: 'b' }));
    await delivered();
    expect(calls).toEqual([['a', 'b'], ['meanwhile']]);
    await delivered();
    // All in the one callback: the badges inserted by the calls brought no callback of their own.
    expect(callbacks).toBe(1);
    expect(calls).toHaveLength(2);
    main.append(Object.assign(document.createElement('article'), { id: 'c' }));
    await delivered();
    expect(calls).toEqual([['a', 'b'], ['meanwhile'], ['c']]);
    stop();
    main.append(Object.assign(document.createElement('article'), { id: 'd' }));
    await delivered();
    expect(calls).toHaveLength(3);
  });
});
