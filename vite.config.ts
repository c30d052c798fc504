import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import { firefoxManifest } from './manifest.firefox.ts';
import manifest from './manifest.json' with { type: 'json' };
import { classicServiceWorker } from './scripts/classic-service-worker.ts';

/** `npm run build` makes Chrome's extension in dist/; `npm run build:firefox` makes Firefox's in dist-firefox/. */
const firefox = process.env.RAPPORT_BROWSER === 'firefox';

export default defineConfig({
  plugins: [
    preact(),
    crx({
      manifest: firefox ? firefoxManifest(manifest) : manifest,
      browser: firefox ? 'firefox' : 'chrome',
      // One self-contained file per content script: no loader, no module chunks that LinkedIn could probe as
      // web-accessible resources, and nothing to fetch before the card can show.
      contentScripts: { standaloneFiles: ['src/content/main.ts'] },
    }),
    classicServiceWorker(),
  ],
  build: {
    outDir: firefox ? 'dist-firefox' : 'dist',
    emptyOutDir: true,
    target: firefox ? 'firefox128' : 'chrome116',
    sourcemap: false,
  },
  server: { cors: { origin: [/chrome-extension:\/\//] } },
});
