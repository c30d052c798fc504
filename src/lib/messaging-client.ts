import { RapportError } from './errors';
import type { Envelope, MessageType, RequestOf, ResponseOf } from './messages';
import { nativeApi } from './native-api';

export { RapportError };

/** The data of the background's answer, or the error it carries. Zod-free, like everything the content script loads. */
export function unwrap<T>(envelope: unknown): T {
  if (!envelope || typeof envelope !== 'object' || !('ok' in envelope)) {
    throw new RapportError('unreachable', 'Rapport answered with nothing');
  }
  const answer = envelope as Envelope<T>;
  if (!answer.ok) throw new RapportError(answer.error.code, answer.error.message);
  return answer.data;
}

/**
 * Sends one typed request to the background. Zod-free on purpose: the content script imports this, and the
 * background validates every request it receives.
 */
export async function ask<T extends MessageType>(request: RequestOf<T>): Promise<ResponseOf<T>> {
  let envelope: unknown;
  try {
    envelope = await nativeApi.runtime.sendMessage(request);
  } catch (error) {
    throw new RapportError('unreachable', `Rapport's background is not reachable: ${String(error)}`);
  }
  return unwrap<ResponseOf<T>>(envelope);
}
