import { describe, expect, it } from 'vitest';
import { formatHlc } from '../../src/lib/hlc';
import { canonicalJson, type FieldState, materialize, mergePatch, mergeRecords } from '../../src/lib/merge';

const stamp = (wall: number, node: string, counter = 0) => formatHlc({ wall, counter, node });

/** mulberry32: a tiny seeded PRNG, so a failing random order can be replayed from its seed. */
function prng(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (max: number) => Math.floor(next() * max),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
    shuffle<T>(items: readonly T[]): T[] {
      const copy = [...items];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
      }
      return copy;
    },
  };
}

interface Change {
  patch: Record<string, unknown>;
  hlc: string;
}

const FIELDS = ['name', 'stage', 'notes', 'tags', 'deleted', 'owner'];
const NODES = ['alice', 'bob', 'carol'];

function randomChanges(random: ReturnType<typeof prng>, count: number): Change[] {
  const changes: Change[] = [];
  const counters = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const node = random.pick(NODES);
    // Few distinct wall times, so many stamps share a millisecond and order by counter, then node.
    const wall = 1_700_000_000_000 + random.int(5);
    const counter = (counters.get(`${node}${wall}`) ?? 0) + 1;
    counters.set(`${node}${wall}`, counter);
    const patch: Record<string, unknown> = {};
    for (const field of random.shuffle(FIELDS).slice(0, 1 + random.int(3))) {
      patch[field] = random.pick([null, `v${random.int(4)}`, ['a', 'b'], { nested: random.int(3), other: 'x' }, true]);
    }
    changes.push({ patch, hlc: stamp(wall, node, counter) });
  }
  return changes;
}

const applyAll = (changes: readonly Change[], start?: FieldState): FieldState | undefined =>
  changes.reduce<FieldState | undefined>((state, change) => mergePatch(state, change.patch, change.hlc), start);

/** The replicated part of a state (data and clocks), in a form that compares equal whatever the key order. */
const canonicalState = (state: FieldState | undefined) =>
  canonicalJson(state ? { data: state.data, clocks: state.clocks } : null);

describe('mergePatch', () => {
  it('creates a record from its first change, stamping every field', () => {
    const result = mergePatch(undefined, { name: 'Ada', stage: 'lead' }, stamp(1, 'a'));
    expect(result).toEqual({
      data: { name: 'Ada', stage: 'lead' },
      clocks: { name: stamp(1, 'a'), stage: stamp(1, 'a') },
      changed: true,
    });
  });

  it('keeps both edits when two managers change different fields of one contact', () => {
    const created = mergePatch(undefined, { name: 'Ada', stage: 'lead', notes: '' }, stamp(1, 'a'));
    const sam = mergePatch(created, { stage: 'qualified' }, stamp(5, 'sam'));
    const both = mergePatch(sam, { notes: 'met at the fair' }, stamp(3, 'kim'));
    expect(both.data).toEqual({ name: 'Ada', stage: 'qualified', notes: 'met at the fair' });
    expect(both.changed).toBe(true);
  });

  it('keeps the later edit of one field, whichever arrives first', () => {
    const created = mergePatch(undefined, { stage: 'lead' }, stamp(1, 'a'));
    const later = mergePatch(mergePatch(created, { stage: 'won' }, stamp(9, 'b')), { stage: 'lost' }, stamp(7, 'c'));
    expect(later.data.stage).toBe('won');
    expect(later.clocks.stage).toBe(stamp(9, 'b'));
    expect(later.changed).toBe(false);
  });

  it('orders stamps of one millisecond by counter, then by node', () => {
    const base = mergePatch(undefined, { stage: 'lead' }, stamp(5, 'b', 2));
    expect(mergePatch(base, { stage: 'won' }, stamp(5, 'a', 3)).data.stage).toBe('won');
    expect(mergePatch(base, { stage: 'won' }, stamp(5, 'c', 2)).data.stage).toBe('won');
    expect(mergePatch(base, { stage: 'won' }, stamp(5, 'a', 2)).data.stage).toBe('lead');
  });

  it('treats a change seen again as a no-op', () => {
    const once = mergePatch(undefined, { name: 'Ada', tags: ['x', 'y'] }, stamp(1, 'a'));
    const twice = mergePatch(once, { name: 'Ada', tags: ['x', 'y'] }, stamp(1, 'a'));
    expect(twice.changed).toBe(false);
    expect(twice.data).toEqual(once.data);
  });

  it('reports a change when only the clock moves, so the newer stamp reaches every replica', () => {
    const first = mergePatch(undefined, { stage: 'won' }, stamp(1, 'a'));
    const same = mergePatch(first, { stage: 'won' }, stamp(2, 'b'));
    expect(same.changed).toBe(true);
    expect(same.clocks.stage).toBe(stamp(2, 'b'));
  });

  it('clears a field with null, and materialize drops it', () => {
    const set = mergePatch(undefined, { name: 'Ada', accountId: 'x' }, stamp(1, 'a'));
    const cleared = mergePatch(set, { accountId: null }, stamp(2, 'a'));
    expect(cleared.data).toEqual({ name: 'Ada', accountId: null });
    expect(cleared.clocks.accountId).toBe(stamp(2, 'a'));
    expect(materialize(cleared.data)).toEqual({ name: 'Ada' });
  });

  it('does not modify the state or the patch it is given', () => {
    const state = mergePatch(undefined, { name: 'Ada' }, stamp(1, 'a'));
    const before = structuredClone(state);
    const patch = { name: 'Grace' };
    mergePatch(state, patch, stamp(2, 'a'));
    expect(state).toEqual(before);
    expect(patch).toEqual({ name: 'Grace' });
  });

  it('keeps a field named __proto__ as data, never as a prototype', () => {
    const patch = JSON.parse('{"__proto__": {"polluted": true}, "name": "Ada"}') as Record<string, unknown>;
    const result = mergePatch(undefined, patch, stamp(1, 'a'));
    expect(Object.hasOwn(result.data, '__proto__')).toBe(true);
    expect((result.data as { polluted?: unknown }).polluted).toBeUndefined();
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('lets the greater value win when two different values carry one stamp, so order never matters', () => {
    const a = mergePatch(mergePatch(undefined, { stage: 'lead' }, stamp(1, 'a')), { stage: 'won' }, stamp(1, 'a'));
    const b = mergePatch(mergePatch(undefined, { stage: 'won' }, stamp(1, 'a')), { stage: 'lead' }, stamp(1, 'a'));
    expect(a.data).toEqual(b.data);
  });
});

describe('mergeRecords', () => {
  it('keeps local edits that are later than the pulled record, and takes the rest', () => {
    const server = mergePatch(undefined, { name: 'Ada', stage: 'lead', notes: 'old' }, stamp(1, 'a'));
    const local = mergePatch(server, { notes: 'pending local note' }, stamp(9, 'me'));
    const pulled = mergePatch(server, { stage: 'won' }, stamp(5, 'sam'));
    const merged = mergeRecords(local, pulled);
    expect(merged.data).toEqual({ name: 'Ada', stage: 'won', notes: 'pending local note' });
    expect(merged.changed).toBe(true);
    expect(mergeRecords(merged, pulled).changed).toBe(false);
  });

  it('takes the whole pulled record when there is no local copy', () => {
    const pulled = mergePatch(undefined, { name: 'Ada' }, stamp(1, 'a'));
    expect(mergeRecords(undefined, pulled)).toEqual({ ...pulled, changed: true });
  });
});

describe('merging in any order', () => {
  const SEEDS = Array.from({ length: 40 }, (_, i) => i + 1);

  it.each(SEEDS)('converges whatever order the changes arrive in (seed %i)', (seed) => {
    const random = prng(seed);
    const changes = randomChanges(random, 12);
    const reference = canonicalState(applyAll(changes));
    for (let round = 0; round < 10; round++) {
      expect(canonicalState(applyAll(random.shuffle(changes)))).toBe(reference);
    }
  });

  it.each(SEEDS)('is idempotent: replaying any changes again changes nothing (seed %i)', (seed) => {
    const random = prng(seed);
    const changes = randomChanges(random, 10);
    const state = applyAll(changes);
    const replayed = random.shuffle(changes).slice(0, 1 + random.int(changes.length));
    for (const change of replayed) {
      const again = mergePatch(state, change.patch, change.hlc);
      expect(again.changed).toBe(false);
      expect(canonicalState(again)).toBe(canonicalState(state));
    }
    if (state) expect(mergeRecords(state, state).changed).toBe(false);
  });

  it.each(SEEDS)('mergeRecords is commutative and associative over replicas (seed %i)', (seed) => {
    const random = prng(seed);
    const changes = randomChanges(random, 15);
    // Three replicas, each having seen a random part of the changes in its own order.
    const replicas = [0, 1, 2].map(
      () => applyAll(random.shuffle(changes).filter(() => random.int(2) === 0)) ?? { data: {}, clocks: {} },
    );
    const [a, b, c] = replicas as [FieldState, FieldState, FieldState];
    expect(canonicalState(mergeRecords(a, b))).toBe(canonicalState(mergeRecords(b, a)));
    expect(canonicalState(mergeRecords(mergeRecords(a, b), c))).toBe(
      canonicalState(mergeRecords(a, mergeRecords(b, c))),
    );
    // Every replica merged with every other equals the result of seeing every change those replicas saw.
    const all = mergeRecords(mergeRecords(a, b), c);
    expect(canonicalState(mergeRecords(mergeRecords(c, a), b))).toBe(canonicalState(all));
  });

  it('reaches the state of applying every change once, when replicas exchange all they have seen', () => {
    const random = prng(7);
    const changes = randomChanges(random, 30);
    const halves = [changes.slice(0, 15), changes.slice(15)];
    const left = applyAll(random.shuffle(halves[0] ?? [])) ?? { data: {}, clocks: {} };
    const right = applyAll(random.shuffle(halves[1] ?? [])) ?? { data: {}, clocks: {} };
    const merged = mergeRecords(left, right);
    const everything = applyAll(changes) ?? { data: {}, clocks: {} };
    expect(canonicalJson({ data: merged.data, clocks: merged.clocks })).toBe(
      canonicalJson({ data: everything.data, clocks: everything.clocks }),
    );
  });
});

describe('canonicalJson', () => {
  it('does not depend on key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 }),
    );
  });
});
