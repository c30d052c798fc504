/** Small text helpers shared by the importers: one place decides how a cell is cleaned and how sizes are said. */

// Made on first use: the first Intl formatter a context makes loads its locale data, and the worker that imports
// this module starts at every page an account manager opens after a pause, but formats a count only while importing.
let numberFormat: Intl.NumberFormat | undefined;

/** "1,234": row numbers and counts the way a person reads them. */
export function formatCount(value: number): string {
  numberFormat ??= new Intl.NumberFormat('en-US');
  return numberFormat.format(value);
}

/** "1.2 MB", "34 KB", "812 characters": the size of a cell or a file, for a message. */
export function formatSize(chars: number): string {
  if (chars >= 1024 * 1024) return `${(chars / (1024 * 1024)).toFixed(1)} MB`;
  if (chars >= 10 * 1024) return `${Math.round(chars / 1024)} KB`;
  return `${formatCount(chars)} characters`;
}

/** Quotes a value in a message, shortened so a 1 MB cell does not become a 1 MB message. */
export function quote(value: string, max = 60): string {
  const flat = value.replace(/\s+/g, ' ').trim();
  return `“${flat.length > max ? `${flat.slice(0, max - 1)}…` : flat}”`;
}

// Control characters other than tab and newline come from broken exports; they would poison search and display.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what this pattern is for.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const CONTROLS = new RegExp(CONTROL.source, 'g');

/** A cell as stored: control characters dropped, Unicode composed (macOS writes "é" as e + accent), trimmed. */
// Printable ASCII without surrounding spaces is already clean: most cells are, and skipping the work for them is
// a measurable share of a 100,000-row import.
const PLAIN = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;

export function cleanText(value: string): string {
  if (value === '' || PLAIN.test(value)) return value;
  let text = value;
  if (CONTROL.test(text)) text = text.replace(CONTROLS, '');
  return text.normalize('NFC').trim();
}

/** Splits a multi-value cell ("a; b", Google's "a ::: b") into clean, non-empty, distinct parts. */
export function splitValues(value: string, separators: RegExp): string[] {
  const parts: string[] = [];
  for (const raw of value.split(separators)) {
    const part = cleanText(raw);
    if (part && !parts.includes(part)) parts.push(part);
  }
  return parts;
}

const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

/** A loose check: enough to keep "n/a" or a phone number out of the emails, not a validator of mailboxes. */
export function isEmail(value: string): boolean {
  return value.length <= 320 && EMAIL.test(value);
}
