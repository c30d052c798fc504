import type { Runtime } from 'webextension-polyfill';
import type { z } from 'zod';
import {
  type Envelope,
  type ErrorCode,
  type MessageType,
  type ParsedRequestOf,
  protocol,
  type Request,
  type ResponseOf,
} from '../lib/messages';
import { networkOfSite } from '../lib/profile-keys';

export type Sender = Runtime.MessageSender;
export type Handlers = {
  [T in MessageType]: (request: ParsedRequestOf<T>, sender: Sender) => Promise<ResponseOf<T>>;
};

export interface SenderPolicy {
  extensionId: string;
  extensionOrigin: string;
}

type Origin = 'extension' | 'content' | null;

/** Which of this extension's contexts sent the message, or null for anything else. */
export function classifySender(sender: Sender, policy: SenderPolicy): Origin {
  if (sender.id !== policy.extensionId) return null;
  const url = sender.url ?? '';
  if (url.startsWith(policy.extensionOrigin)) return 'extension';
  // Where Rapport's content scripts run: a message from a tab anywhere else is refused.
  if (sender.tab && networkOfSite(url)) return 'content';
  return null;
}

const fail = (code: ErrorCode, message: string): Envelope<never> => ({ ok: false, error: { code, message } });

/**
 * Validates and dispatches one message. Never throws: every malformed, unknown or refused message gets an error
 * envelope saying why, and handler failures are reported rather than dropped.
 */
export async function route(
  handlers: Handlers,
  raw: unknown,
  sender: Sender,
  policy: SenderPolicy,
): Promise<Envelope<unknown>> {
  const origin = classifySender(sender, policy);
  if (!origin) return fail('forbidden', 'Rapport only answers its own pages and content scripts');
  const type = typeof raw === 'object' && raw && 'type' in raw ? String((raw as { type: unknown }).type) : '?';
  if (!Object.hasOwn(protocol, type)) return fail('bad_request', `Unknown message type "${type}"`);
  // Parsed by its own type's schema, not a union of all: a worker that just started builds only the schemas of the
  // messages it gets (see lazySchema).
  const parsed = (protocol[type as MessageType].request as z.ZodType<Request>).safeParse(raw);
  if (!parsed.success) {
    return fail(
      'bad_request',
      `Malformed "${type}" message: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
    );
  }
  const request = parsed.data;
  if (protocol[request.type].from === 'extension' && origin !== 'extension') {
    return fail('forbidden', `"${request.type}" may only be sent from Rapport's own pages`);
  }
  try {
    const handler = handlers[request.type] as (r: Request, s: Sender) => Promise<unknown>;
    return { ok: true, data: await handler(request, sender) };
  } catch (error) {
    const code = (error as { code?: ErrorCode }).code;
    console.error(`Rapport: "${request.type}" failed`, error);
    return fail(code ?? 'internal', error instanceof Error ? error.message : String(error));
  }
}
