import { benchCard } from './card';
import { benchContentSize } from './content-size';
import { benchImport } from './import';
import { benchSave } from './save';
import { benchSearch } from './search';
import { benchSync } from './sync';
import { benchTimeline } from './timeline';

/**
 * `npm run bench`: every benchmark the issues set targets for, in real Chromium on this machine. Each prints its
 * figures, the target and, where a peer is measured in the same run, the ratio. Pick some with
 * `BENCH=card,search npm run bench`.
 */
const ALL = {
  size: benchContentSize,
  card: benchCard,
  save: benchSave,
  timeline: benchTimeline,
  search: benchSearch,
  import: benchImport,
  sync: benchSync,
} as const;

const chosen = (process.env.BENCH ?? Object.keys(ALL).join(','))
  .split(',')
  .map((name) => name.trim())
  .filter(Boolean) as Array<keyof typeof ALL>;

console.log(`Rapport benchmarks — ${new Date().toISOString()} — node ${process.version}`);
for (const name of chosen) {
  const run = ALL[name];
  if (!run) throw new Error(`Unknown benchmark "${name}"; choose from ${Object.keys(ALL).join(', ')}`);
  console.log(`\n## ${name}`);
  await run();
}
