import type { Runtime } from 'webextension-polyfill';
import { z } from 'zod';
import { lazySchema } from '../lib/lazy-schema';
import { ASK_PORT } from '../lib/ports';
import { type Handlers, route, type SenderPolicy } from './router';

/** A request frame from a content script's port (see lib/port-client.ts); the request inside is route()'s to parse. */
const AskFrame = lazySchema(() => z.object({ id: z.number().int().nonnegative(), request: z.unknown() }));

/**
 * Answers requests that come over a port, each exactly as `route` answers a message: same validation, same sender
 * checks (the port's sender is the page's), same envelope, paired with the request by its id. A frame without an
 * id cannot be answered: it is logged and dropped, and the port stays open for the well-formed ones.
 */
export function answerPort(port: Runtime.Port, handlers: Handlers, policy: SenderPolicy): void {
  let open = true;
  port.onDisconnect.addListener(() => {
    open = false;
  });
  port.onMessage.addListener((raw: unknown) => {
    const frame = AskFrame.safeParse(raw);
    if (!frame.success) {
      console.warn('Rapport: a malformed request frame on a port was dropped', frame.error.issues);
      return;
    }
    const sender = port.sender ?? {};
    void route(handlers, frame.data.request, sender, policy).then((envelope) => {
      if (!open) return;
      try {
        port.postMessage({ id: frame.data.id, envelope });
      } catch {
        // The page went while its request was answered: the answer has nowhere to go.
      }
    });
  });
}

/** Takes the runtime as an argument so the answering above is tested without a browser. */
export function acceptAskPorts(
  runtime: Pick<Runtime.Static, 'onConnect'>,
  handlers: Handlers,
  policy: SenderPolicy,
): void {
  runtime.onConnect.addListener((port) => {
    if (port.name === ASK_PORT) answerPort(port, handlers, policy);
  });
}
