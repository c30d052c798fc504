import type { Page } from 'puppeteer';

interface ProfileNode {
  id: number;
  callFrame: { url: string };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Sampling often enough to see calls of a tenth of a millisecond; slower sampling gave the same totals here. */
const SAMPLING_INTERVAL_US = 250;

/** A gap between two samples longer than this is the sampler (or the whole thread) kept off the CPU, not a call. */
const GAP_US = 1000;

export interface ExtensionScriptTime {
  ms: number;
  /**
   * The part of `ms` in gaps of more than a millisecond between samples that follow extension code: on a busy machine
   * (2 cores here, with the worker answering lookups at the same moment) the thread or its sampler was descheduled,
   * and whether the extension's code ran meanwhile is not known.
   */
  inGapsMs: number;
}

/**
 * Milliseconds the page's renderer spent with extension code on its JavaScript stack while `work` runs, from V8's
 * sampling profiler: the content script's own calls and the DOM work they do inside them. Unlike the difference
 * between a run with and one without the extension, it is not buried in the page's own variation (seconds, on a
 * timeline); it leaves out the style and layout the browser does later for what the extension added.
 */
export async function extensionScriptTime(page: Page, work: () => Promise<void>): Promise<ExtensionScriptTime> {
  const cdp = await page.createCDPSession();
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
  await cdp.send('Profiler.start');
  await work();
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
  await cdp.detach();
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  // Whether a node's stack holds extension code, worked out once per node rather than once per sample.
  const inExtension = new Map<number, boolean>();
  const holdsExtension = (id: number): boolean => {
    const known = inExtension.get(id);
    if (known !== undefined) return known;
    const parent = parentOf.get(id);
    const result =
      (byId.get(id)?.callFrame.url.startsWith('chrome-extension://') ?? false) ||
      (parent !== undefined && holdsExtension(parent));
    inExtension.set(id, result);
    return result;
  };
  let micros = 0;
  let inGaps = 0;
  // A sample stands for the time until the next one.
  for (let i = 0; i < profile.samples.length - 1; i++) {
    if (!holdsExtension(profile.samples[i] as number)) continue;
    const delta = profile.timeDeltas[i + 1] ?? 0;
    micros += delta;
    if (delta > GAP_US) inGaps += delta;
  }
  return { ms: micros / 1000, inGapsMs: inGaps / 1000 };
}
