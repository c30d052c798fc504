import { SyncError, type SyncTransport } from '../../src/background/sync/transport';
import type { PullRequest, PushRequest } from '../../src/lib/sync';

/** A deterministic PRNG (mulberry32), so a failing seed can be replayed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FaultRates {
  /** The request never reaches the server. */
  before: number;
  /** The server did the work (a push committed) but the answer is lost. */
  after: number;
}

/**
 * Wraps a real transport and fails requests at random: before they reach the server, or after the server
 * committed them (the worst case for exactly-once: the client cannot know the push was applied).
 */
export class FaultyTransport implements SyncTransport {
  failures = 0;

  constructor(
    private readonly inner: SyncTransport,
    private readonly random: () => number,
    private readonly rates: FaultRates,
  ) {}

  whoami() {
    return this.inner.whoami();
  }

  push(request: PushRequest) {
    return this.faulty(() => this.inner.push(request));
  }

  pull(request: PullRequest) {
    return this.faulty(() => this.inner.pull(request));
  }

  private async faulty<T>(call: () => Promise<T>): Promise<T> {
    if (this.random() < this.rates.before) {
      this.failures++;
      throw new SyncError('network', 'injected: connection refused');
    }
    const answer = await call();
    if (this.random() < this.rates.after) {
      this.failures++;
      throw new SyncError('server', 'injected: answer lost after the server committed');
    }
    return answer;
  }
}
