import { randomBytes } from 'node:crypto';
import { type Clock, formatHlc, observe, parseHlc, tick } from '../../../src/lib/hlc';

/**
 * The server's own hybrid logical clock, for the changes it makes itself (the X connector's interactions and
 * enrichment). Each process is its own node, so two server processes never make the same stamp, and a stamp is
 * always later than the stamps of the record it changes: the server's change wins over what it has seen, and a
 * browser's later edit wins over the server's.
 */
export interface ServerClock {
  /** The node name in this process's stamps (`server-<random>`): the "client" the server's changes come from. */
  readonly node: string;
  /** A new stamp, after every stamp in `seen` (the clocks of the record about to change) and every earlier one. */
  stamp(seen?: Iterable<string>): string;
}

export function createServerClock(node = `server-${randomBytes(6).toString('hex')}`): ServerClock {
  let last: Clock = { wall: 0, counter: 0, node };
  return {
    node,
    stamp(seen = []) {
      for (const stamp of seen) last = observe(last, parseHlc(stamp));
      last = tick(last);
      return formatHlc(last);
    },
  };
}
