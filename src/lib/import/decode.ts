import { ImportError } from './errors';
import { MAX_FILE_BYTES } from './limits';
import { formatSize } from './text';

/**
 * Bytes to text, before any format looks at them. Files reach Rapport from Excel (Windows-1252 or UTF-16 "Unicode
 * text"), from LinkedIn (UTF-8) and from address books (UTF-8, sometimes with a BOM): the encoding is detected, never
 * asked for, and anything guessed is said in `warnings` so the import summary can tell the person.
 */

export const TEXT_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'] as const;
export type TextEncodingName = (typeof TEXT_ENCODINGS)[number];

export interface DecodedText {
  readonly text: string;
  readonly encoding: TextEncodingName;
  /** File-level notes for the summary, e.g. that the file was read as Windows-1252. */
  readonly warnings: readonly string[];
}

/** What the importers accept: a string (tests, pasted text), raw bytes, a File/Blob (pages, worker), or decoded text. */
export type ImportSource = string | ArrayBuffer | ArrayBufferView | Blob | DecodedText;

export const WINDOWS_1252_WARNING =
  'This file is not UTF-8, so Rapport read it as Windows-1252 (Western European). If some names look wrong, save the file as “CSV UTF-8” and import it again.';
export const REPLACEMENT_WARNING =
  'Some characters in this file were already lost before it reached Rapport (they show as “�”). Export the file again as UTF-8 if names look wrong.';
export const MOJIBAKE_WARNING =
  'Some letters look garbled (for example “Ã©” where “é” was meant): the file was probably converted between encodings twice.';

function isDecoded(source: ImportSource): source is DecodedText {
  return typeof source === 'object' && source !== null && 'text' in source && 'encoding' in source;
}

function tooLarge(size: number): ImportError {
  return new ImportError(
    'too_large',
    `This file is ${formatSize(size)}; Rapport imports files up to ${formatSize(MAX_FILE_BYTES)}. Split it into smaller files and import them one by one.`,
  );
}

export async function decodeImportSource(source: ImportSource): Promise<DecodedText> {
  if (isDecoded(source)) return source;
  if (typeof source === 'string') return decodeString(source);
  if (typeof Blob !== 'undefined' && source instanceof Blob) {
    // Checked before reading, so a 2 GB file is refused without being loaded.
    if (source.size > MAX_FILE_BYTES) throw tooLarge(source.size);
    return decodeBytes(new Uint8Array(await source.arrayBuffer()));
  }
  if (source instanceof ArrayBuffer) return decodeBytes(new Uint8Array(source));
  if (ArrayBuffer.isView(source))
    return decodeBytes(new Uint8Array(source.buffer, source.byteOffset, source.byteLength));
  throw new ImportError('binary', 'Rapport cannot read this kind of input as a file.');
}

/** Text that is already a string still gets the checks that do not depend on bytes. */
export function decodeString(input: string): DecodedText {
  if (input.length > MAX_FILE_BYTES) throw tooLarge(input.length);
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  return finish(text, 'utf-8', []);
}

export function decodeBytes(bytes: Uint8Array): DecodedText {
  if (bytes.byteLength > MAX_FILE_BYTES) throw tooLarge(bytes.byteLength);
  if (bytes.byteLength === 0) throw emptyFile();
  const bom = byteOrderMark(bytes);
  if (bom) return finish(new TextDecoder(bom.encoding).decode(bytes.subarray(bom.length)), bom.encoding, []);
  const utf16 = guessUtf16(bytes);
  if (utf16) return finish(new TextDecoder(utf16).decode(bytes), utf16, []);
  assertText(bytes);
  try {
    return finish(new TextDecoder('utf-8', { fatal: true }).decode(bytes), 'utf-8', []);
  } catch {
    // Not valid UTF-8. Excel on Windows saves "CSV" in the system code page, which for the languages we see is
    // Windows-1252; it maps every byte, so this never fails, and the warning tells the person what was assumed.
    return finish(decodeWindows1252(bytes), 'windows-1252', [WINDOWS_1252_WARNING]);
  }
}

// Bytes 0x80–0x9F of Windows-1252: curly quotes, dashes, € and the like. Node's TextDecoder decodes the label as
// Latin-1 and gives C1 control characters for them; browsers follow the Encoding Standard. The table makes both
// agree (the five bytes Windows-1252 leaves undefined stay as they are, as the standard says).
const C1_AS_1252 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

function decodeWindows1252(bytes: Uint8Array): string {
  const text = new TextDecoder('windows-1252').decode(bytes);
  return text.replace(/[\u0080-\u009F]/g, (char) => C1_AS_1252[char.charCodeAt(0) - 0x80] ?? char);
}

function emptyFile(): ImportError {
  return new ImportError('empty', 'This file is empty: there is nothing to import.');
}

function finish(text: string, encoding: TextEncodingName, warnings: string[]): DecodedText {
  if (text.trim() === '') throw emptyFile();
  if (text.includes('\uFFFD')) warnings.push(REPLACEMENT_WARNING);
  else if (/Ã[\u0080-\u00BF]|â€[\u0080-\u00BF\u2018-\u201E\u2020-\u2122]/.test(text)) warnings.push(MOJIBAKE_WARNING);
  return { text, encoding, warnings };
}

function byteOrderMark(bytes: Uint8Array): { encoding: TextEncodingName; length: number } | null {
  const [a, b, c] = bytes;
  if (a === 0xef && b === 0xbb && c === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (a === 0xff && b === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (a === 0xfe && b === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/** UTF-16 without a BOM: text in Latin letters has a zero in every other byte, on one side only. */
function guessUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const length = Math.min(bytes.byteLength, 1024) & ~1;
  if (length < 8) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < length; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = length / 2;
  if (oddZeros > pairs * 0.4 && evenZeros < pairs * 0.05) return 'utf-16le';
  if (evenZeros > pairs * 0.4 && oddZeros < pairs * 0.05) return 'utf-16be';
  return null;
}

const SIGNATURES: Array<{ bytes: number[]; message: string }> = [
  {
    bytes: [0x50, 0x4b, 0x03, 0x04],
    message:
      'This is a compressed file (an Excel .xlsx workbook, a Numbers file or a .zip), not a CSV file. Open it in your spreadsheet, save it as “CSV UTF-8”, then import that file.',
  },
  {
    bytes: [0xd0, 0xcf, 0x11, 0xe0],
    message:
      'This is an old Excel workbook (.xls), not a CSV file. Open it in your spreadsheet, save it as “CSV UTF-8”, then import that file.',
  },
  { bytes: [0x25, 0x50, 0x44, 0x46], message: 'This is a PDF document, not a file of contacts Rapport can read.' },
];

/** Refuses files that are not text at all, naming the common ones so the person knows what to do instead. */
function assertText(bytes: Uint8Array): void {
  for (const signature of SIGNATURES) {
    if (signature.bytes.every((byte, i) => bytes[i] === byte)) throw new ImportError('binary', signature.message);
  }
  const length = Math.min(bytes.byteLength, 8192);
  let control = 0;
  for (let i = 0; i < length; i++) {
    const byte = bytes[i] ?? 0;
    if (byte === 0) throw binaryFile();
    if (byte < 0x09 || (byte > 0x0d && byte < 0x20)) control++;
  }
  if (control > length * 0.05) throw binaryFile();
}

function binaryFile(): ImportError {
  return new ImportError(
    'binary',
    'This file is not text (it looks like an image, an archive or a program), so it holds no contacts Rapport can read. Choose a .csv or .vcf file.',
  );
}
