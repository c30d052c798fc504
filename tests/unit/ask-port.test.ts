import { describe, expect, it, vi } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import { answerPort } from '../../src/background/ask-port';
import type { Handlers, Sender } from '../../src/background/router';
import { portAsker } from '../../src/lib/port-client';

/**
 * Both ends of the port a content script sends its lookups over: the page's asker (lib/port-client.ts) and the
 * background's answerer (background/ask-port.ts), joined by an in-memory pair of ports that behaves as the browser's:
 * messages arrive in a later task, and closing one end tells only the other.
 */

const policy = { extensionId: 'rapport-id', extensionOrigin: 'chrome-extension://rapport-id/' };
const xTab: Sender = { id: 'rapport-id', url: 'https://x.com/home', tab: { id: 4 } as Sender['tab'] };

type Listener = (message: unknown) => void;

interface End {
  port: Runtime.Port;
  disconnected: boolean;
}

/** Two joined ports: the page's and the background's. */
function portPair(sender: Sender) {
  const make = (): End & { messages: Listener[]; gone: Array<() => void> } => {
    const end = {
      messages: [] as Listener[],
      gone: [] as Array<() => void>,
      disconnected: false,
      port: undefined as unknown as Runtime.Port,
    };
    return end;
  };
  const page = make();
  const worker = make();
  const wire = (self: typeof page, other: typeof page, portSender?: Sender) => {
    self.port = {
      name: 'rapport:ask',
      sender: portSender,
      onMessage: { addListener: (listener: Listener) => self.messages.push(listener) },
      onDisconnect: { addListener: (listener: () => void) => self.gone.push(listener) },
      postMessage(message: unknown) {
        if (self.disconnected) throw new Error('Attempting to use a disconnected port object');
        // Structured clone, as the browser does: nothing is shared between the two ends.
        const copy = structuredClone(message);
        setTimeout(() => {
          if (!other.disconnected) for (const listener of other.messages) listener(copy);
        });
      },
      disconnect() {
        if (self.disconnected) return;
        self.disconnected = true;
        other.disconnected = true;
        for (const listener of other.gone) listener();
      },
    } as unknown as Runtime.Port;
  };
  wire(page, worker);
  wire(worker, page, sender);
  return { page, worker };
}

function fakeHandlers(
  lookup = vi.fn(async ({ keys }: { keys: string[] }) => ({ results: { [keys[0] ?? '']: null } })),
): Handlers {
  return { lookup } as unknown as Handlers;
}

/** An asker whose every connection reaches a background answering with `handlers`; the pairs it made, newest last. */
function connected(handlers: Handlers, sender: Sender = xTab) {
  const pairs: Array<ReturnType<typeof portPair>> = [];
  const asker = portAsker(() => {
    const pair = portPair(sender);
    answerPort(pair.worker.port, handlers, policy);
    pairs.push(pair);
    return pair.page.port;
  });
  return { asker, pairs };
}

describe('lookups over a port', () => {
  it('are answered as messages are, each paired with its own request, over one port', async () => {
    const lookup = vi.fn(async ({ keys }: { keys: string[] }) => {
      // The first request is answered last: answers are matched by id, not by order.
      if (keys[0] === 'x:first') await new Promise((resolve) => setTimeout(resolve, 20));
      return { results: { [keys[0] as string]: null } };
    });
    const { asker, pairs } = connected(fakeHandlers(lookup));
    const [first, second] = await Promise.all([
      asker.ask<'lookup'>({ type: 'lookup', keys: ['x:first'] }),
      asker.ask<'lookup'>({ type: 'lookup', keys: ['x:second'] }),
    ]);
    expect(Object.keys(first.results)).toEqual(['x:first']);
    expect(Object.keys(second.results)).toEqual(['x:second']);
    expect(pairs).toHaveLength(1);
    expect(lookup).toHaveBeenCalledTimes(2);
  });

  it('validate what comes over the port like any message, and say what was wrong', async () => {
    const { asker } = connected(fakeHandlers());
    await expect(asker.ask({ type: 'lookup', keys: 'x:not-a-list' } as never)).rejects.toMatchObject({
      code: 'bad_request',
      message: expect.stringMatching(/Malformed "lookup" message/),
    });
  });

  it('refuse a port opened from a page of no supported site, or for a message only Rapport’s pages may send', async () => {
    const lookup = vi.fn();
    const fromElsewhere = connected(fakeHandlers(lookup), { ...xTab, url: 'https://x.com.evil.example/home' });
    await expect(fromElsewhere.asker.ask<'lookup'>({ type: 'lookup', keys: ['x:jane'] })).rejects.toMatchObject({
      code: 'forbidden',
    });
    const fromSite = connected(fakeHandlers(lookup));
    await expect(fromSite.asker.ask<'recentContacts'>({ type: 'recentContacts', limit: 5 })).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect(lookup).not.toHaveBeenCalled();
  });

  it('drop a frame without an id and keep answering the well-formed ones', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { asker, pairs } = connected(fakeHandlers());
    await asker.ask<'lookup'>({ type: 'lookup', keys: ['x:jane'] });
    pairs[0]?.page.port.postMessage({ request: { type: 'lookup', keys: ['x:jane'] } });
    pairs[0]?.page.port.postMessage('garbage');
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(warn).toHaveBeenCalledTimes(2);
    const answer = await asker.ask<'lookup'>({ type: 'lookup', keys: ['x:joe'] });
    expect(Object.keys(answer.results)).toEqual(['x:joe']);
    warn.mockRestore();
  });

  it('survive the background stopping: a request on its way is sent again over a new port', async () => {
    let calls = 0;
    const lookup = vi.fn(async ({ keys }: { keys: string[] }) => {
      calls++;
      // The first background stops while it answers (MV3 stops idle workers, closing their ports).
      if (calls === 1) pairs[0]?.worker.port.disconnect();
      return { results: { [keys[0] as string]: null } };
    });
    const { asker, pairs } = connected(fakeHandlers(lookup));
    const answer = await asker.ask<'lookup'>({ type: 'lookup', keys: ['x:jane'] });
    expect(Object.keys(answer.results)).toEqual(['x:jane']);
    expect(pairs).toHaveLength(2);
    expect(lookup).toHaveBeenCalledTimes(2);
  });

  it('give up with a clear error when the background stops again before it answers', async () => {
    const lookup = vi.fn(async () => {
      pairs.at(-1)?.worker.port.disconnect();
      return { results: {} };
    });
    const { asker, pairs } = connected(fakeHandlers(lookup));
    await expect(asker.ask<'lookup'>({ type: 'lookup', keys: ['x:jane'] })).rejects.toMatchObject({
      code: 'unreachable',
      message: expect.stringMatching(/stopped before it answered/),
    });
    expect(pairs).toHaveLength(2);
  });

  it('say so when there is no background to connect to (the extension was reloaded under the page)', async () => {
    const asker = portAsker(() => {
      throw new Error('Extension context invalidated.');
    });
    await expect(asker.ask<'lookup'>({ type: 'lookup', keys: ['x:jane'] })).rejects.toMatchObject({
      code: 'unreachable',
      message: expect.stringMatching(/Extension context invalidated/),
    });
  });

  it('let go of the port when the page leaves, telling whoever waits, and open a new one for the next lookup', async () => {
    const { asker, pairs } = connected(fakeHandlers());
    const waiting = asker.ask<'lookup'>({ type: 'lookup', keys: ['x:jane'] });
    asker.close();
    await expect(waiting).rejects.toMatchObject({ code: 'unreachable' });
    expect(pairs[0]?.worker.disconnected).toBe(true);
    const answer = await asker.ask<'lookup'>({ type: 'lookup', keys: ['x:joe'] });
    expect(Object.keys(answer.results)).toEqual(['x:joe']);
    expect(pairs).toHaveLength(2);
  });
});
