import { describe, expect, it } from 'vitest';
import { collectImport, decodeImportSource, ImportError, openLinkedInConnections } from '../../src/lib/import';
import { MOJIBAKE_WARNING, REPLACEMENT_WARNING, WINDOWS_1252_WARNING } from '../../src/lib/import/decode';
import { importFixture } from '../fixtures/import';
import { makeConnectionsCsv } from '../helpers/connections-csv';

function utf16(text: string, byteOrder: 'le' | 'be', bom: boolean): Uint8Array {
  const bytes = new Uint8Array(text.length * 2 + (bom ? 2 : 0));
  let at = 0;
  if (bom) {
    bytes.set(byteOrder === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]);
    at = 2;
  }
  for (let i = 0; i < text.length; i++, at += 2) {
    const code = text.charCodeAt(i);
    bytes[byteOrder === 'le' ? at : at + 1] = code & 0xff;
    bytes[byteOrder === 'le' ? at + 1 : at] = code >> 8;
  }
  return bytes;
}

async function decodeError(source: Uint8Array): Promise<ImportError> {
  const error = await decodeImportSource(source).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ImportError);
  return error as ImportError;
}

describe('files in the encodings people actually have', () => {
  it('reads a Windows-1252 file saved by Excel, and says it assumed Windows-1252', async () => {
    const result = await collectImport(await openLinkedInConnections(importFixture('connections-windows-1252.csv')));
    expect(result.encoding).toBe('windows-1252');
    expect(result.warnings).toEqual([WINDOWS_1252_WARNING]);
    expect(result.skipped).toEqual([]);
    expect(result.imported.map((row) => row.candidate.name)).toEqual([
      'José Müller',
      'Zoë Søren',
      'François Lefèvre',
      'Björn Andersson',
    ]);
    expect(result.imported[0]?.candidate.company).toBe('Société Générale');
    expect(result.imported[1]?.candidate.title).toBe('Ingénieure – R&D');
    expect(result.imported[3]?.candidate.title).toBe('“Chief” Energy Officer');
  });

  it('reads UTF-16LE "Unicode text" with tabs, as Excel writes it', async () => {
    const result = await collectImport(await openLinkedInConnections(importFixture('connections-utf16le.txt')));
    expect(result.encoding).toBe('utf-16le');
    expect(result.warnings).toEqual([]);
    expect(result.imported.map((row) => row.candidate.name)).toEqual([
      'Łukasz Nowak',
      'Ştefan Popescu',
      '美咲 高橋',
      'Дмитрий Смирнов',
    ]);
    expect(result.imported[1]?.candidate.company).toBe('Acme, Inc.');
  });

  it('recognises UTF-16 without a byte order mark, in either byte order', async () => {
    const text = makeConnectionsCsv(3, 4, { preamble: false });
    for (const order of ['le', 'be'] as const) {
      const decoded = await decodeImportSource(utf16(text, order, false));
      expect(decoded.encoding).toBe(`utf-16${order}`);
      expect(decoded.text).toBe(text);
    }
    expect((await decodeImportSource(utf16(text, 'be', true))).text).toBe(text);
  });

  it('drops a UTF-8 byte order mark, from bytes, a Blob and a string alike', async () => {
    const text = makeConnectionsCsv(2, 8);
    const bytes = new TextEncoder().encode(`\uFEFF${text}`);
    for (const source of [bytes, bytes.buffer, new Blob([bytes]), `\uFEFF${text}`]) {
      const decoded = await decodeImportSource(source);
      expect(decoded).toEqual({ text, encoding: 'utf-8', warnings: [] });
    }
  });

  it('warns about letters garbled by a double conversion, and about characters already lost', async () => {
    const garbled = await decodeImportSource('First Name,Last Name\nJosÃ©,MÃ¼ller\n');
    expect(garbled.warnings).toEqual([MOJIBAKE_WARNING]);
    const lost = await decodeImportSource(new TextEncoder().encode('First Name,Last Name\nJos\uFFFD,M\uFFFDller\n'));
    expect(lost.warnings).toEqual([REPLACEMENT_WARNING]);
  });

  it('refuses binary files with a message that says what they are', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    expect((await decodeError(png)).message).toMatch(/^This file is not text/);
    expect((await decodeError(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1]))).message).toMatch(/\.xls\)/);
    expect((await decodeError(new TextEncoder().encode('%PDF-1.7\n'))).message).toMatch(/PDF/);
  });
});
