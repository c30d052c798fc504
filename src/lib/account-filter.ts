/**
 * Which company names may be accounts, in 2–4 bytes per account: a bit per hash of each account's name (a Bloom
 * filter with one hash). The worker sends it with a profile page's first answer, so the card for a stranger whose
 * company is no account needs no second question. A name that was added always reads "maybe"; one that was not
 * reads "no" at least 15 times in 16 (up to ~16,000 accounts), and a wrong "maybe" only costs the lookup the card
 * would have asked anyway.
 *
 * Names are compared as saving a lead compares them: trimmed, ignoring case (`accountNameKey`).
 */

/** The form in which company names are compared with accounts' names. */
export const accountNameKey = (name: string) => name.trim().toLocaleLowerCase();

const BITS_PER_NAME = 16;
const MIN_BITS = 256;
/** 32 KiB of bits: past ~16,000 accounts a "maybe" comes more often, which is slower, never wrong. */
export const MAX_FILTER_BITS = 2 ** 18;
/** Base64 of the largest filter. */
export const MAX_FILTER_LENGTH = Math.ceil(MAX_FILTER_BITS / 8 / 3) * 4;

/**
 * FNV-1a over the name's UTF-16 code units, then MurmurHash3's finaliser: names that differ only in their last
 * character (Acme 1, Acme 2) would otherwise share most low bits, the ones the filter uses.
 */
function hash(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function sizeFor(count: number): number {
  let bits = MIN_BITS;
  while (bits < count * BITS_PER_NAME && bits < MAX_FILTER_BITS) bits *= 2;
  return bits;
}

/** The filter of these account names, base64: extension messages are JSON. */
export function accountFilterOf(names: readonly string[]): string {
  const bytes = new Uint8Array(sizeFor(names.length) / 8);
  const mask = bytes.length * 8 - 1;
  for (const name of names) {
    const bit = hash(accountNameKey(name)) & mask;
    bytes[bit >> 3] = (bytes[bit >> 3] ?? 0) | (1 << (bit & 7));
  }
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * The filter read once, for asking about many names (a timeline's strangers): each question then costs a hash.
 * It answers false only when no account has the name; a filter that cannot be read says "maybe" to every name.
 */
export function accountFilterReader(filter: string): (company: string) => boolean {
  let bytes: string;
  try {
    bytes = atob(filter);
  } catch {
    return () => true;
  }
  const bits = bytes.length * 8;
  // Filters are a power of two bits long; anything else was not made by accountFilterOf.
  if (bits < MIN_BITS || (bits & (bits - 1)) !== 0) return () => true;
  return (company) => {
    const bit = hash(accountNameKey(company)) & (bits - 1);
    return (bytes.charCodeAt(bit >> 3) & (1 << (bit & 7))) !== 0;
  };
}

/** False only when no account has this name; a filter that cannot be read says "maybe". */
export const mayBeAccount = (filter: string, company: string): boolean => accountFilterReader(filter)(company);
