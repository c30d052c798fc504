import { RapportError } from './errors';
import type { Envelope, MessageType, RequestOf, ResponseOf } from './messages';
import { nativeApi } from './native-api';

export { RapportError };

/**
 * Sends one typed request to the background. Zod-free on purpose: the content script imports this, and the
 * background validates every request it receives.
 */
export async function ask<T extends MessageType>(request: RequestOf<T>): Promise<ResponseOf<T>> {
  let envelope: Envelope<ResponseOf<T>> | undefined;
  try {
    envelope = (await nativeApi.runtime.sendMessage(request)) as Envelope<ResponseOf<T>> | undefined;
  } catch (error) {
    throw new RapportError('unreachable', `Rapport's background is not reachable: ${String(error)}`);
  }
  if (!envelope || typeof envelope !== 'object' || !('ok' in envelope)) {
    throw new RapportError('unreachable', 'Rapport answered with nothing');
  }
  if (!envelope.ok) throw new RapportError(envelope.error.code, envelope.error.message);
  return envelope.data;
}
