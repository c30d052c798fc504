/**
 * The vCard line grammar (RFC 2425/6350, and vCard 2.1 as old phones write it): property lines with groups and
 * parameters, backslash escapes, structured values, quoted-printable text. No meaning here: `vcard.ts` decides
 * what a property says about a person.
 */

export interface VCardProperty {
  /** Apple groups related lines: `item1.URL` with `item1.X-ABLabel`. */
  group?: string;
  /** Upper case: `EMAIL`, `X-SOCIALPROFILE`. */
  name: string;
  /** Upper-case keys; bare 2.1 parameters (`TEL;WORK;VOICE:`) are TYPE values. */
  params: Map<string, string[]>;
  /** The value as written: still escaped (see `unescapeText`), already decoded from quoted-printable. */
  value: string;
}

/** Splits at a separator outside double quotes (parameter values may quote `;`, `:` and `,`). */
function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') quoted = !quoted;
    else if (char === separator && !quoted) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function indexOutsideQuotes(text: string, char: string): number {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') quoted = !quoted;
    else if (text[i] === char && !quoted) return i;
  }
  return -1;
}

/** Whether a logical line's parameters say its value is quoted-printable (its lines may end in a soft break "="). */
export function isQuotedPrintable(line: string): boolean {
  const colon = indexOutsideQuotes(line, ':');
  return colon !== -1 && /;(ENCODING=)?QUOTED-PRINTABLE\b/i.test(line.slice(0, colon));
}

/** Properties whose values are binary or otherwise never about the person's contact details. */
export const IGNORED_PROPERTIES = /^(?:[\w-]+\.)?(?:PHOTO|LOGO|SOUND|KEY)[;:]/i;

export function parseProperty(line: string): VCardProperty | null {
  const colon = indexOutsideQuotes(line, ':');
  if (colon <= 0) return null;
  const [head = '', ...rawParams] = splitOutsideQuotes(line.slice(0, colon), ';');
  const dot = head.lastIndexOf('.');
  const name = head
    .slice(dot + 1)
    .trim()
    .toUpperCase();
  if (!name) return null;
  const params = new Map<string, string[]>();
  for (const raw of rawParams) {
    const equals = raw.indexOf('=');
    const key = (equals === -1 ? 'TYPE' : raw.slice(0, equals)).trim().toUpperCase();
    const values = (equals === -1 ? raw : raw.slice(equals + 1))
      .split(',')
      .map((value) => value.trim().replace(/^"|"$/g, ''))
      .filter(Boolean);
    params.set(key, [...(params.get(key) ?? []), ...values]);
  }
  let value = line.slice(colon + 1);
  const encoding = params.get('ENCODING')?.[0]?.toUpperCase();
  if (encoding === 'QUOTED-PRINTABLE' || params.get('TYPE')?.some((t) => t.toUpperCase() === 'QUOTED-PRINTABLE')) {
    value = decodeQuotedPrintable(value, params.get('CHARSET')?.[0]);
  }
  const property: VCardProperty = { name, params, value };
  if (dot > 0) property.group = head.slice(0, dot);
  return property;
}

/** `=C3=A9` to "é": the bytes are decoded in the card's CHARSET, UTF-8 when it names none or one we do not know. */
export function decodeQuotedPrintable(value: string, charset = 'utf-8'): string {
  const joined = value.replace(/=\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined[i] === '=' ? joined.slice(i + 1, i + 3) : '';
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      // Anything else is ASCII written as itself (or a stray character, kept rather than lost).
      const code = joined.charCodeAt(i);
      if (code < 0x80) bytes.push(code);
      else for (const byte of new TextEncoder().encode(joined[i])) bytes.push(byte);
    }
  }
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset);
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  return decoder.decode(new Uint8Array(bytes));
}

const ESCAPES: Record<string, string> = { n: '\n', N: '\n', ',': ',', ';': ';', ':': ':', '\\': '\\' };

/** `\,` `\;` `\\` and `\n` as the characters they stand for; any other backslash is kept as written. */
export function unescapeText(value: string): string {
  if (!value.includes('\\')) return value;
  return value.replace(/\\([nN,;:\\])/g, (_, char: string) => ESCAPES[char] ?? char);
}

/** A structured value (N, ADR, ORG) or a list (CATEGORIES) split at unescaped separators, then unescaped. */
export function splitValue(value: string, separator: ';' | ','): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const char = value[i];
    if (char === '\\' && i + 1 < value.length) {
      current += char + value[i + 1];
      i++;
    } else if (char === separator) {
      parts.push(unescapeText(current));
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(unescapeText(current));
  return parts;
}

/** A parameter's values in lower case, for comparisons: `TYPE=WORK,voice` → ["work", "voice"]. */
export function paramValues(property: VCardProperty, key: string): string[] {
  return (property.params.get(key) ?? []).map((value) => value.toLowerCase());
}
