import type { Page } from 'puppeteer';

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  args?: { name?: string; data?: { frame?: string; url?: string } };
}

export interface MainThreadTime {
  /** All top-level tasks of the renderer's main thread. */
  total: number;
  /** Running scripts (the page's and content scripts'): evaluation, calls, frames, timers, microtasks. */
  script: number;
  /** Style, layout, paint: what the browser spends drawing what the DOM became. */
  rendering: number;
}

const SCRIPT = new Set([
  'EvaluateScript',
  'FunctionCall',
  'FireAnimationFrame',
  'TimerFire',
  'RunMicrotasks',
  'v8.compile',
]);
const RENDERING = new Set(['UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'Layerize', 'HitTest']);

/**
 * Main-thread time of a page's renderer while `work` runs, from a Chromium trace (what DevTools' Performance panel
 * shows as the main thread), in milliseconds: all top-level tasks, and the script and rendering parts.
 */
export async function mainThreadTime(page: Page, work: () => Promise<void>): Promise<MainThreadTime> {
  await page.tracing.start({ categories: ['disabled-by-default-devtools.timeline', 'devtools.timeline'] });
  await work();
  const raw = await page.tracing.stop();
  const events = (JSON.parse(Buffer.from(raw as Uint8Array).toString('utf8')) as { traceEvents: TraceEvent[] })
    .traceEvents;
  // The renderer that parsed the page's HTML is the page's; its main thread is named CrRendererMain.
  const rendererPid = events.find((event) => event.name === 'ParseHTML')?.pid;
  const mainTid = events.find(
    (event) =>
      event.ph === 'M' &&
      event.name === 'thread_name' &&
      event.pid === rendererPid &&
      event.args?.name === 'CrRendererMain',
  )?.tid;
  const time = { total: 0, script: 0, rendering: 0 };
  for (const event of events) {
    if (event.pid !== rendererPid || event.tid !== mainTid || event.ph !== 'X') continue;
    const ms = (event.dur ?? 0) / 1000;
    if (event.name === 'RunTask') time.total += ms;
    else if (SCRIPT.has(event.name)) time.script += ms;
    else if (RENDERING.has(event.name)) time.rendering += ms;
  }
  return time;
}
