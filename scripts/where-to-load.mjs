// Printed by `npm start` after the build: where the extension is and how to load it.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const dist = resolve(import.meta.dirname, '../dist');
if (!existsSync(resolve(dist, 'manifest.json'))) {
  console.error(`No built extension in ${dist}: the build failed.`);
  process.exit(1);
}
console.log(`
Rapport extension built: ${dist}
Load it in Chrome: open chrome://extensions, turn on Developer mode, click "Load unpacked" and choose that folder.
Starting the sync server next (Ctrl-C stops it); its first start prints the URL and token for the options page.
`);
