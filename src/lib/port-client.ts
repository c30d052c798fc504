import type { Runtime } from 'webextension-polyfill';
import type { MessageType, RequestOf, ResponseOf } from './messages';
import { RapportError, unwrap } from './messaging-client';
import { nativeApi } from './native-api';
import { ASK_PORT } from './ports';

/** What goes over the port each way: a request or an answer, paired by `id`. The background parses it with zod. */
export interface AskFrame {
  id: number;
  request: unknown;
}

export interface AnswerFrame {
  id: number;
  envelope: unknown;
}

interface Waiting {
  request: unknown;
  retried: boolean;
  resolve(envelope: unknown): void;
  reject(error: Error): void;
}

export interface PortAsker {
  ask<T extends MessageType>(request: RequestOf<T>): Promise<ResponseOf<T>>;
  /** Lets go of the port (the page is going into the back/forward cache); the next request opens a new one. */
  close(): void;
}

/**
 * Requests to the background over one long-lived port, for the requests a page sends many of (a timeline's author
 * lookups). A `runtime.sendMessage` opens a channel per request; a port is opened once, and each request then costs
 * the page's main thread about half as much (measured: a 300-post timeline's Rapport script time down by ~8%).
 *
 * The background may stop while the page stays (MV3 stops an idle service worker, which closes its ports): the port
 * is opened again on the next request, and requests that were on their way when it closed are sent once more over
 * the new one (lookups are safe to repeat). Zod-free, like all the content script loads; the background validates.
 */
export function portAsker(
  connect: () => Runtime.Port = () => nativeApi.runtime.connect({ name: ASK_PORT }),
): PortAsker {
  let port: Runtime.Port | undefined;
  let nextId = 0;
  const waiting = new Map<number, Waiting>();

  const unreachable = (error?: unknown) =>
    new RapportError('unreachable', `Rapport's background is not reachable${error ? `: ${String(error)}` : ''}`);

  const open = (): Runtime.Port => {
    if (port) return port;
    const opened = connect();
    opened.onMessage.addListener((frame: unknown) => {
      const { id, envelope } = (frame ?? {}) as Partial<AnswerFrame>;
      const waiter = typeof id === 'number' ? waiting.get(id) : undefined;
      if (!waiter) return;
      waiting.delete(id as number);
      waiter.resolve(envelope);
    });
    opened.onDisconnect.addListener(() => {
      // Read, or Chrome logs why the port closed as an unchecked error; the next request reconnects either way.
      void (nativeApi as Partial<typeof nativeApi> | undefined)?.runtime?.lastError;
      if (port !== opened) return;
      port = undefined;
      const lost = [...waiting.entries()];
      for (const [id, waiter] of lost) {
        waiting.delete(id);
        if (waiter.retried) waiter.reject(unreachable('it stopped before it answered'));
        else send({ ...waiter, retried: true });
      }
    });
    port = opened;
    return opened;
  };

  const send = (waiter: Waiting) => {
    const id = nextId++;
    waiting.set(id, waiter);
    try {
      open().postMessage({ id, request: waiter.request } satisfies AskFrame);
    } catch (error) {
      // The extension was reloaded or removed under the page: there is nobody to ask.
      waiting.delete(id);
      port = undefined;
      waiter.reject(unreachable(error));
    }
  };

  return {
    async ask<T extends MessageType>(request: RequestOf<T>): Promise<ResponseOf<T>> {
      const envelope = await new Promise<unknown>((resolve, reject) =>
        send({ request, retried: false, resolve, reject }),
      );
      return unwrap<ResponseOf<T>>(envelope);
    },
    close() {
      const closing = port;
      port = undefined;
      // Closing our own end fires no onDisconnect here: whoever waits is told now.
      for (const waiter of waiting.values()) waiter.reject(unreachable('the page let go of it'));
      waiting.clear();
      closing?.disconnect();
    },
  };
}
