import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DIST } from '../tests/e2e/harness';

/**
 * The content script's size, gzipped. One self-contained file serves every site (the adapters are a small part
 * of it), so the per-site figure is this file; the target is 30 KB gzipped.
 */
export async function benchContentSize(): Promise<Record<string, number>> {
  const manifest = JSON.parse(readFileSync(join(DIST, 'manifest.json'), 'utf8')) as {
    content_scripts: Array<{ js: string[]; matches: string[] }>;
  };
  const figures: Record<string, number> = {};
  for (const script of manifest.content_scripts) {
    for (const file of script.js) {
      const raw = readFileSync(join(DIST, file));
      const gz = gzipSync(raw, { level: 9 }).length;
      figures[file] = gz;
      console.log(
        `${file}: ${(raw.length / 1024).toFixed(1)} KB, ${(gz / 1024).toFixed(1)} KB gzipped, on ${script.matches.join(' ')}  [target ≤ 30 KB gzipped; ratio ${(gz / (30 * 1024)).toFixed(2)}]`,
      );
    }
  }
  return figures;
}
