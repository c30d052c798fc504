/**
 * A full name split into first and last, for importers (HubSpot, Salesforce, vCard N) that want them apart.
 * Rapport stores one name as the person writes it, so this is a guess, kept simple and predictable:
 *
 * - "Jane Doe" → Jane / Doe; "Mary Ann Smith" → Mary Ann / Smith (the last word is the last name);
 * - a lower-case particle starts the last name: "Ludwig van Beethoven" → Ludwig / van Beethoven,
 *   "Ana María de la Cruz" → Ana María / de la Cruz (also "Van" after the first word);
 * - a generational suffix stays with the last name: "Martin Luther King Jr." → Martin Luther / King Jr.;
 * - after a comma: credentials are dropped ("Jane Doe, PhD" → Jane / Doe), and "Doe, Jane" (one word before the
 *   comma) is read as last, first;
 * - a single word is a first name with an empty last name ("Cher" → Cher / "");
 * - words without a letter are left out: "Seán O'Connor 🚀" → Seán / O'Connor.
 */

export interface SplitName {
  first: string;
  last: string;
}

const PARTICLES = new Set('van von der den de del della di da dos das do du la le ten ter bin ibn al el'.split(' '));
const SUFFIXES = /^(jr|sr|ii|iii|iv|v)\.?$/i;
// After a comma: degrees and certifications, as capitals ("MBA", "P.ENG.") or a known word ("PhD", "MSc").
const CAPITALS = /^(?:[A-Z]{1,5}\.?)+$/;
const KNOWN = /^(phd|mba|msc|bsc|ma|ba|cpa|pmp|cfa|md|esq|jr|sr|dr|llm|mpa|mphil|dphil|peng)\.?$/i;
const isCredential = (word: string) => CAPITALS.test(word) || KNOWN.test(word);

// Most names are two words that start with letters; none of the rules below changes how those split.
const TWO_WORDS = /^\s*(\p{L}[^\s,]*) +(\p{L}[^\s,]*)\s*$/u;

export function splitName(full: string): SplitName {
  const simple = TWO_WORDS.exec(full);
  if (simple) return { first: simple[1] ?? '', last: simple[2] ?? '' };
  let name = full.replace(/\s+/g, ' ').trim();
  const comma = name.indexOf(',');
  if (comma !== -1) {
    const before = name.slice(0, comma).trim();
    const after = name.slice(comma + 1).trim();
    const credential = after.split(/[\s,]+/).every(isCredential);
    if (!credential && before && !before.includes(' ') && after) return { first: after, last: before };
    name = before || after;
  }
  // Words without a letter (an emoji, a "|" before a tagline) are decoration, not part of either name.
  const all = name.split(' ').filter(Boolean);
  const lettered = all.filter((word) => /\p{L}/u.test(word));
  const words = lettered.length ? lettered : all;
  if (words.length <= 1) return { first: words[0] ?? '', last: '' };
  const particle = words.findIndex((word, index) => index > 0 && PARTICLES.has(word.toLowerCase()));
  if (particle > 0 && particle < words.length - 1) {
    return { first: words.slice(0, particle).join(' '), last: words.slice(particle).join(' ') };
  }
  const lastWord = words.length - 1;
  const start = SUFFIXES.test(words[lastWord] ?? '') && words.length > 2 ? lastWord - 1 : lastWord;
  return { first: words.slice(0, start).join(' '), last: words.slice(start).join(' ') };
}
