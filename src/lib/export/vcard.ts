import { NETWORK_LABELS } from '../networks';
import { companyOf, type ExportContact, liveIdentities } from './export-contact';
import { splitName } from './names';

/**
 * Contacts as vCard 4.0 (RFC 6350), which Rapport's own vCard import reads back field for field. Each profile is
 * written twice: as SOCIALPROFILE (RFC 9554, what 4.0 readers look for) and as URL (what every address book
 * shows). vCard has no place for a headline, relationship, stage or owner: the JSON backup keeps those.
 */

/** Text values escape backslash, comma, semicolon and line breaks (RFC 6350 §3.4). */
export function escapeText(value: string): string {
  return value.replace(/[\\,;]/g, (char) => `\\${char}`).replace(/\r\n|\r|\n/g, '\\n');
}

/** A URI value is not escaped like text, but a control character (a line break) in one would end the property. */
function uriValue(value: string): string {
  return value.replace(/\p{Cc}/gu, '');
}

/** UTF-8 length of one UTF-16 code unit: a surrogate pair is 4 octets, 2 for each half. */
function octets(code: number): number {
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  return code >= 0xd800 && code <= 0xdfff ? 2 : 3;
}

/**
 * Lines longer than 75 octets are folded: a line break and a space, never inside a UTF-8 sequence or a surrogate
 * pair (RFC 6350 §3.2). Continuation lines carry the space, so they hold 74 octets of content.
 */
export function foldLine(line: string): string {
  // Under 25 characters a line cannot exceed 75 octets (3 per UTF-16 unit at most).
  if (line.length <= 25) return line;
  let total = 0;
  for (let i = 0; i < line.length; i++) total += octets(line.charCodeAt(i));
  if (total <= 75) return line;
  const parts: string[] = [];
  let start = 0;
  let used = 0;
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i);
    // A surrogate pair moves as one character of 4 octets.
    const pair = code >= 0xd800 && code <= 0xdbff && i + 1 < line.length;
    const size = pair ? 4 : octets(code);
    if (used + size > (parts.length === 0 ? 75 : 74)) {
      parts.push(line.slice(start, i));
      start = i;
      used = 0;
    }
    used += size;
    if (pair) i++;
  }
  parts.push(line.slice(start));
  return parts.join('\r\n ');
}

function timestamp(epochMs: number): string {
  return new Date(epochMs)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

export function contactToVCard(row: ExportContact): string {
  const { contact } = row;
  const name = splitName(contact.name);
  const lines = [
    'BEGIN:VCARD',
    'VERSION:4.0',
    `UID:urn:uuid:${contact.id}`,
    `FN:${escapeText(contact.name)}`,
    `N:${escapeText(name.last)};${escapeText(name.first)};;;`,
  ];
  const company = companyOf(row);
  if (company) lines.push(`ORG:${escapeText(company)}`);
  if (contact.title) lines.push(`TITLE:${escapeText(contact.title)}`);
  contact.emails.forEach((email, index) => {
    lines.push(`EMAIL${index === 0 ? ';PREF=1' : ''}:${escapeText(email)}`);
  });
  contact.phones.forEach((phone, index) => {
    lines.push(`TEL;VALUE=text${index === 0 ? ';PREF=1' : ''}:${escapeText(phone)}`);
  });
  // ADR: post office box; extended; street; locality; region; postal code; country.
  if (contact.location) lines.push(`ADR:;;;${escapeText(contact.location)};;;`);
  if (contact.website) lines.push(`URL;TYPE=work:${uriValue(contact.website)}`);
  for (const identity of liveIdentities(row)) {
    lines.push(`SOCIALPROFILE;SERVICE-TYPE=${NETWORK_LABELS[identity.network]}:${uriValue(identity.url)}`);
    lines.push(`URL:${uriValue(identity.url)}`);
  }
  if (contact.tags.length) lines.push(`CATEGORIES:${contact.tags.map(escapeText).join(',')}`);
  if (contact.notes) lines.push(`NOTE:${escapeText(contact.notes)}`);
  lines.push(`REV:${timestamp(contact.updatedAt)}`, 'END:VCARD');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}

/** Cards in chunks, for progress between them; deleted contacts are left out. */
export function* vcardChunks(
  rows: Iterable<ExportContact>,
  options: { cardsPerChunk?: number } = {},
): Generator<string> {
  const perChunk = Math.max(1, options.cardsPerChunk ?? 1000);
  let cards: string[] = [];
  for (const row of rows) {
    if (row.contact.deleted) continue;
    cards.push(contactToVCard(row));
    if (cards.length >= perChunk) {
      yield cards.join('');
      cards = [];
    }
  }
  if (cards.length) yield cards.join('');
}

export function toVCardFile(rows: Iterable<ExportContact>): string {
  return [...vcardChunks(rows)].join('');
}
