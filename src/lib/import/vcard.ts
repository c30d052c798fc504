import type { Network } from '../networks';
import { type CandidateDraft, type CandidateIdentity, finalizeCandidate, type RowResult } from './candidate';
import { normalizeLineBreaks } from './csv-stream';
import { decodeImportSource, type ImportSource } from './decode';
import { ImportError } from './errors';
import { CHUNK_CHARS, MAX_CELL_CHARS, MAX_ROWS } from './limits';
import { type ImportBatch, type ImportOptions, type ImportRun, yieldToEventLoop } from './run';
import { addIdentity, addProfileOrWebsite, identityFor, identityFromUrl } from './social';
import { cleanText, formatCount, formatSize, isEmail, quote } from './text';
import {
  IGNORED_PROPERTIES,
  isQuotedPrintable,
  paramValues,
  parseProperty,
  splitValue,
  unescapeText,
  type VCardProperty,
} from './vcard-lines';

/**
 * vCard files (.vcf) from Apple Contacts, Google Contacts, Outlook and phones: versions 2.1, 3.0 and 4.0, many cards
 * per file. Each card becomes a candidate or a skip; a card cut off by a truncated file is reported and the
 * complete cards around it are kept.
 */

interface Card {
  line: number;
  properties: VCardProperty[];
}

const SOCIAL_TYPES: Record<string, Network> = {
  linkedin: 'linkedin',
  twitter: 'x',
  x: 'x',
  facebook: 'facebook',
};

/** Google Contacts writes its own system groups into CATEGORIES; they are not the user's tags. */
const GOOGLE_GROUPS = new Set(['mycontacts', 'starred']);

const SOCIAL_PROPERTIES: Record<string, Network> = {
  'X-LINKEDIN': 'linkedin',
  'X-TWITTER': 'x',
  'X-FACEBOOK': 'facebook',
};

/** Apple's X-SOCIALPROFILE, RFC 9554's SOCIALPROFILE: a URL, or a user name with the network in a parameter. */
function socialIdentity(property: VCardProperty): CandidateIdentity | null {
  const value = unescapeText(property.value)
    .trim()
    .replace(/^x-apple:/i, '');
  const hints = [...paramValues(property, 'TYPE'), ...paramValues(property, 'SERVICE-TYPE')];
  const network = SOCIAL_PROPERTIES[property.name] ?? hints.map((hint) => SOCIAL_TYPES[hint]).find(Boolean);
  const fromUrl = identityFromUrl(value);
  if (fromUrl || !network) return fromUrl;
  const user = property.params.get('X-USER')?.[0] ?? value;
  return identityFor(network, user);
}

function textOf(property: VCardProperty | undefined): string {
  return property ? cleanText(unescapeText(property.value)) : '';
}

function cardName(all: (name: string) => VCardProperty[]): string {
  const formatted = textOf(all('FN')[0]);
  if (formatted) return formatted;
  const structured = all('N')[0];
  if (!structured) return '';
  const [family = '', given = '', additional = ''] = splitValue(structured.value, ';').map(cleanText);
  return [given, additional, family].filter(Boolean).join(' ');
}

function cardToResult(card: Card, row: number): RowResult {
  const line = card.line;
  const skip = (reason: string): RowResult => ({ kind: 'skip', row, line, reason });
  for (const property of card.properties) {
    if (property.value.length > MAX_CELL_CHARS) {
      return skip(
        `the ${property.name} value (${formatSize(property.value.length)}) exceeds the ${formatCount(MAX_CELL_CHARS)}-character limit`,
      );
    }
  }
  const all = (name: string) => card.properties.filter((property) => property.name === name);
  const org = all('ORG')[0];
  const company = org ? cleanText(splitValue(org.value, ';')[0] ?? '') : '';
  // Apple marks a company's card with X-ABShowAs, vCard 4.0 with KIND: contacts are people, accounts are companies.
  const isCompany =
    textOf(all('X-ABSHOWAS')[0]).toUpperCase() === 'COMPANY' || textOf(all('KIND')[0]).toLowerCase() === 'org';
  if (isCompany) return skip(`a card for the company ${quote(company || textOf(all('FN')[0]))}, not a person`);
  const name = cardName(all);
  if (!name) return skip(company ? `no name (a card for the company ${quote(company)})` : 'no name');

  const warnings: string[] = [];
  const emails: string[] = [];
  for (const property of all('EMAIL')) {
    const email = textOf(property).replace(/^mailto:/i, '');
    if (!email) continue;
    if (!isEmail(email)) warnings.push(`${quote(email)} is not an email address, so it was left out`);
    else if (!emails.some((known) => known.toLowerCase() === email.toLowerCase())) emails.push(email);
  }
  const phones = [...new Set(all('TEL').map((property) => textOf(property).replace(/^tel:/i, '')))].filter(Boolean);

  const identities: CandidateIdentity[] = [];
  let website: string | undefined;
  for (const property of card.properties) {
    if (property.name === 'URL') {
      // A link that is no social profile is the person's website: the first one is kept.
      const other = addProfileOrWebsite(identities, unescapeText(property.value));
      website ??= other;
    } else if (property.name.endsWith('SOCIALPROFILE') || property.name in SOCIAL_PROPERTIES) {
      addIdentity(identities, socialIdentity(property));
    }
  }

  const tags = [...new Set(all('CATEGORIES').flatMap((p) => splitValue(p.value, ',').map(cleanText)))].filter(
    (tag) => tag && !GOOGLE_GROUPS.has(tag.toLowerCase()),
  );
  const location = all('ADR')
    .map((property) => cleanText(splitValue(property.value, ';')[3] ?? ''))
    .find(Boolean);
  const title = textOf(all('TITLE')[0]) || textOf(all('ROLE')[0]);
  const draft: CandidateDraft = {
    name,
    company: company || undefined,
    title: title || undefined,
    location,
    website,
    accountName: company || undefined,
    identities,
    emails,
    phones,
    tags,
    notes: all('NOTE').map(textOf).filter(Boolean).join('\n\n'),
  };
  const result = finalizeCandidate(draft);
  if ('reason' in result) return skip(result.reason);
  return warnings.length
    ? { kind: 'candidate', row, line, candidate: result.candidate, warnings }
    : { kind: 'candidate', row, line, candidate: result.candidate };
}

const CUT_BEFORE_NEXT =
  'this card is incomplete: it has no END:VCARD before the next card begins (the file may have been edited or cut)';
const CUT_AT_END = 'this card is cut off: the file ends before its END:VCARD (is the file complete?)';

function countCards(text: string): number {
  let cards = 0;
  for (const _ of text.matchAll(/^BEGIN:VCARD\s*$/gim)) if (++cards > MAX_ROWS) break;
  return cards;
}

/**
 * Opens a vCard file: decodes it and checks that it holds cards (throwing an ImportError before any card), then
 * reads the cards in batches as the run is iterated.
 */
export async function openVCard(source: ImportSource, options: ImportOptions = {}): Promise<ImportRun> {
  const decoded = await decodeImportSource(source);
  const text = normalizeLineBreaks(decoded.text);
  const cards = countCards(text);
  if (cards === 0) {
    throw new ImportError('not_vcard', 'This file has no contact cards (no BEGIN:VCARD line): is it a .vcf file?');
  }
  if (cards > MAX_ROWS) {
    throw new ImportError(
      'too_many_rows',
      `This file has more than ${formatCount(MAX_ROWS)} cards; Rapport imports up to ${formatCount(MAX_ROWS)} at a time. Split it into smaller files and import them one by one.`,
    );
  }
  const chunkChars = Math.max(1, options.chunkChars ?? CHUNK_CHARS);

  async function* batches(): AsyncGenerator<ImportBatch> {
    let results: RowResult[] = [];
    let row = 0;
    let card: Card | null = null;
    let pending: { text: string; line: number } | null = null;
    let nextYield = chunkChars;

    const finishCard = (reason?: string) => {
      if (!card) return;
      row++;
      results.push(reason ? { kind: 'skip', row, line: card.line, reason } : cardToResult(card, row));
      card = null;
    };
    const handle = (logical: string, line: number) => {
      const trimmed = logical.trim();
      if (/^BEGIN:VCARD$/i.test(trimmed)) {
        finishCard(CUT_BEFORE_NEXT);
        card = { line, properties: [] };
      } else if (/^END:VCARD$/i.test(trimmed)) {
        finishCard();
      } else if (card && !IGNORED_PROPERTIES.test(logical)) {
        const property = parseProperty(logical);
        if (property) card.properties.push(property);
      }
    };

    let position = 0;
    let lineNumber = 0;
    while (position < text.length) {
      const end = text.indexOf('\n', position);
      const physical = text.slice(position, end === -1 ? text.length : end);
      position = end === -1 ? text.length : end + 1;
      lineNumber++;
      const first = physical[0];
      if (pending?.text.endsWith('=') && isQuotedPrintable(pending.text)) {
        // Quoted-printable's soft line break ("=" at the end): the value goes on on the next line, indented or not.
        pending.text += `\n${physical}`;
      } else if (pending && (first === ' ' || first === '\t')) {
        // A folded line: the break and one space are not part of the value. Photos are dropped, not unfolded.
        if (!IGNORED_PROPERTIES.test(pending.text)) pending.text += physical.slice(1);
      } else {
        if (pending) handle(pending.text, pending.line);
        pending = { text: physical, line: lineNumber };
      }
      if (position >= nextYield) {
        nextYield = position + chunkChars;
        yield { results, progress: { done: position, total: text.length, rows: row } };
        results = [];
        await yieldToEventLoop();
      }
    }
    if (pending) handle(pending.text, pending.line);
    finishCard(CUT_AT_END);
    yield { results, progress: { done: text.length, total: text.length, rows: row } };
  }

  return {
    format: 'vcard',
    encoding: decoded.encoding,
    warnings: decoded.warnings,
    total: text.length,
    [Symbol.asyncIterator]: batches,
  };
}
