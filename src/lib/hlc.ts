/**
 * Hybrid logical clock stamps: wall-clock milliseconds, a counter for events within one millisecond (or while a
 * peer's clock is ahead), and the node that made it, so any two stamps are ordered and never equal.
 * The string form sorts lexicographically in clock order, so it can be compared as-is in JS and in SQL.
 *
 *   000001732550400000-0000-<node>
 */
export interface Clock {
  wall: number;
  counter: number;
  node: string;
}

const WALL_DIGITS = 15;
const COUNTER_DIGITS = 4;
const COUNTER_MAX = 36 ** COUNTER_DIGITS - 1;
export const HLC_PATTERN = /^\d{15}-[0-9a-z]{4}-[A-Za-z0-9_-]{1,64}$/;

export function formatHlc({ wall, counter, node }: Clock): string {
  return `${String(wall).padStart(WALL_DIGITS, '0')}-${counter.toString(36).padStart(COUNTER_DIGITS, '0')}-${node}`;
}

export function parseHlc(stamp: string): Clock {
  if (!HLC_PATTERN.test(stamp)) throw new Error(`Not a clock stamp: ${stamp.slice(0, 80)}`);
  const [wall, counter, ...node] = stamp.split('-');
  return { wall: Number(wall), counter: Number.parseInt(counter ?? '0', 36), node: node.join('-') };
}

/** A local event: the next stamp after `last`, never behind the wall clock. */
export function tick(last: Clock, now = Date.now()): Clock {
  if (now > last.wall) return { wall: now, counter: 0, node: last.node };
  if (last.counter >= COUNTER_MAX) return { wall: last.wall + 1, counter: 0, node: last.node };
  return { wall: last.wall, counter: last.counter + 1, node: last.node };
}

/** A remote stamp was seen: move past it, so the next local event orders after everything already observed. */
export function observe(last: Clock, remote: Clock, now = Date.now()): Clock {
  const wall = Math.max(last.wall, remote.wall, now);
  let counter = 0;
  if (wall === last.wall && wall === remote.wall) counter = Math.max(last.counter, remote.counter) + 1;
  else if (wall === last.wall) counter = last.counter + 1;
  else if (wall === remote.wall) counter = remote.counter + 1;
  if (counter > COUNTER_MAX) return { wall: wall + 1, counter: 0, node: last.node };
  return { wall, counter, node: last.node };
}

export const compareHlc = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
