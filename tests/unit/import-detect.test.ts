import { describe, expect, it } from 'vitest';
import { decodeImportSource, detectImportFormat } from '../../src/lib/import';
import { type ImportFixture, importFixture } from '../fixtures/import';

describe('telling import files apart, so the options page can pick the importer', () => {
  it.each<[ImportFixture, string]>([
    ['Connections.csv', 'linkedin-connections'],
    ['connections-windows-1252.csv', 'linkedin-connections'],
    ['connections-utf16le.txt', 'linkedin-connections'],
    ['google-contacts.csv', 'csv'],
    ['generic-semicolon-de.csv', 'csv'],
    ['apple-contacts-3.0.vcf', 'vcard'],
    ['contacts-4.0.vcf', 'vcard'],
    ['truncated.vcf', 'vcard'],
  ])('%s is %s', async (file, format) => {
    const { text } = await decodeImportSource(importFixture(file));
    expect(detectImportFormat(text)).toBe(format);
  });

  it('knows a backup, and what it cannot read', () => {
    expect(detectImportFormat('{"format":"rapport-backup","schemaVersion":1}')).toBe('backup');
    expect(detectImportFormat('{"contacts":[]}')).toBe('unknown');
    expect(detectImportFormat('<!DOCTYPE html><html></html>')).toBe('unknown');
  });
});
