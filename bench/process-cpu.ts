import { existsSync, readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time of Chromium's processes, from /proc (Linux): where a benchmark's time goes when the machine is the limit.
 * A 2-core machine running IndexedDB's backend (browser process) and the extension (its renderer) at once is.
 */
export type CpuSample = Map<number, { kind: string; ms: number }>;

const TICK_MS = 10; // USER_HZ is 100 on Linux

function parentAndTime(pid: number): { ppid: number; ms: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: fields are counted after its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), ms: (Number(fields[11]) + Number(fields[12])) * TICK_MS };
  } catch {
    return undefined;
  }
}

function kindOf(pid: number, root: number): string {
  if (pid === root) return 'browser';
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/);
    const type = args.find((arg) => arg.startsWith('--type='))?.slice(7) ?? 'other';
    return args.some((arg) => arg.startsWith('--extension-process')) ? 'extension' : type;
  } catch {
    return 'other';
  }
}

/** The browser process and all its descendants, with their CPU time so far; empty where /proc is missing. */
export function sampleCpu(root: number | undefined): CpuSample {
  const sample: CpuSample = new Map();
  if (!root || !existsSync('/proc')) return sample;
  const children = new Map<number, number[]>();
  const times = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const info = parentAndTime(pid);
    if (!info) continue;
    times.set(pid, info.ms);
    children.set(info.ppid, [...(children.get(info.ppid) ?? []), pid]);
  }
  const queue = [root];
  while (queue.length) {
    const pid = queue.shift() as number;
    const ms = times.get(pid);
    if (ms !== undefined) sample.set(pid, { kind: kindOf(pid, root), ms });
    queue.push(...(children.get(pid) ?? []));
  }
  return sample;
}

/** CPU seconds spent between two samples, by kind of process: "browser 8.1 s, extension 5.4 s, …". */
export function cpuBetween(before: CpuSample, after: CpuSample): string {
  const byKind = new Map<string, number>();
  for (const [pid, { kind, ms }] of after) byKind.set(kind, (byKind.get(kind) ?? 0) + ms - (before.get(pid)?.ms ?? 0));
  const parts = [...byKind].filter(([, ms]) => ms >= 50).sort((a, b) => b[1] - a[1]);
  const total = parts.reduce((sum, [, ms]) => sum + ms, 0);
  if (!parts.length) return 'not measurable here (no /proc)';
  return `${(total / 1000).toFixed(1)} s CPU: ${parts.map(([kind, ms]) => `${kind} ${(ms / 1000).toFixed(1)} s`).join(', ')}`;
}
