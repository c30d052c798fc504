import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * The X tokens at rest. With RAPPORT_SECRET_KEY set they are encrypted with AES-256-GCM under a key derived from it,
 * bound to their team and field (a sealed value copied to another row does not open); without it they are stored
 * as they are, marked so, and x-connect says so. Either way no route returns them and nothing logs them.
 */

const SEALED = 'enc:v1:';
const PLAIN = 'plain:';

/** What a sealed value belongs to; it must be the same to open it. */
export interface SecretSlot {
  teamId: string;
  field: 'bearer_token' | 'user_token' | 'refresh_token' | 'client_secret';
}

const keyFrom = (secretKey: string) =>
  Buffer.from(hkdfSync('sha256', secretKey, 'rapport-x-connector', 'token encryption v1', 32));
const slotName = (slot: SecretSlot) => Buffer.from(`${slot.teamId}/${slot.field}`);

export function sealSecret(value: string, slot: SecretSlot, secretKey: string | undefined): string {
  if (!secretKey) return `${PLAIN}${value}`;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFrom(secretKey), iv);
  cipher.setAAD(slotName(slot));
  const sealed = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return `${SEALED}${[iv, cipher.getAuthTag(), sealed].map((part) => part.toString('base64url')).join('.')}`;
}

export class SecretUnavailable extends Error {
  override name = 'SecretUnavailable';
}

export function openSecret(stored: string, slot: SecretSlot, secretKey: string | undefined): string {
  if (stored.startsWith(PLAIN)) return stored.slice(PLAIN.length);
  if (!stored.startsWith(SEALED))
    throw new SecretUnavailable('The stored X token has an unknown format: run x-connect again');
  if (!secretKey) {
    throw new SecretUnavailable(
      'The X tokens are stored encrypted: start the server with the RAPPORT_SECRET_KEY used when x-connect ran',
    );
  }
  const [iv, tag, sealed] = stored
    .slice(SEALED.length)
    .split('.')
    .map((part) => Buffer.from(part, 'base64url'));
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFrom(secretKey), iv as Buffer);
    decipher.setAAD(slotName(slot));
    decipher.setAuthTag(tag as Buffer);
    return Buffer.concat([decipher.update(sealed as Buffer), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretUnavailable(
      'The X tokens do not open with this RAPPORT_SECRET_KEY: use the key x-connect ran with, or run x-connect again',
    );
  }
}

export const isSealed = (stored: string) => stored.startsWith(SEALED);
