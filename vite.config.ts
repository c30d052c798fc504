import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import manifest from './manifest.json' with { type: 'json' };

export default defineConfig({
  plugins: [
    preact(),
    crx({
      manifest,
      // One self-contained file per content script: no loader, no module chunks that LinkedIn could probe as
      // web-accessible resources, and nothing to fetch before the card can show.
      contentScripts: { standaloneFiles: ['src/content/main.ts'] },
    }),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'chrome116',
    sourcemap: false,
  },
  server: { cors: { origin: [/chrome-extension:\/\//] } },
});
