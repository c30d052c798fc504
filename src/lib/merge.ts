/**
 * Field-by-field merge of synced records (docs/sync-protocol.md). Each field carries the hybrid logical clock stamp
 * of the change that set it; when two versions of a field meet, the later stamp wins. The same rules run on the
 * server (a pushed mutation into the stored record) and in the browser (a pulled record into the local copy), so
 * every replica that has seen the same changes holds the same record, in whatever order the changes arrived.
 *
 * Pure: no Node, DOM or extension imports, so the worker, the server and tests share it.
 */

/** A record as replicas exchange it: its fields and, for each field, the stamp of the change that set it. */
export interface FieldState {
  data: Record<string, unknown>;
  clocks: Record<string, string>;
}

export interface MergeResult extends FieldState {
  /** Whether the result differs from the state merged into (a value or a clock moved), i.e. it must be stored. */
  changed: boolean;
}

/** JSON with object keys sorted, so equal values always compare equal whatever order their keys were written in. */
export function canonicalJson(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

interface Versioned {
  value: unknown;
  /** '' for a field that has no stamp (older than any change). */
  clock: string;
}

/**
 * Whether `incoming` replaces `current`. Stamps are unique per change, so an equal stamp is the same change seen
 * again; if a faulty client ever sent two values under one stamp, the greater canonical value wins so that the
 * outcome still does not depend on arrival order.
 */
function supersedes(incoming: Versioned, current: Versioned): boolean {
  if (incoming.clock !== current.clock) return incoming.clock > current.clock;
  return canonicalJson(incoming.value) > canonicalJson(current.value);
}

/** Undefined cannot travel in JSON; a field set to undefined is a cleared field, which travels as null. */
const normalize = (value: unknown) => (value === undefined ? null : value);

function fieldsOf(state: FieldState | undefined): Map<string, Versioned> {
  const fields = new Map<string, Versioned>();
  if (!state) return fields;
  for (const key of Object.keys(state.data)) {
    fields.set(key, {
      value: normalize(state.data[key]),
      clock: Object.hasOwn(state.clocks, key) ? (state.clocks[key] ?? '') : '',
    });
  }
  for (const key of Object.keys(state.clocks)) {
    if (!fields.has(key)) fields.set(key, { value: null, clock: state.clocks[key] ?? '' });
  }
  return fields;
}

/** Object.fromEntries defines own properties, so a field named `__proto__` stays data and never a prototype. */
function stateOf(fields: Map<string, Versioned>): FieldState {
  const entries = [...fields];
  return {
    data: Object.fromEntries(entries.map(([key, field]) => [key, field.value])),
    clocks: Object.fromEntries(
      entries.filter(([, field]) => field.clock !== '').map(([key, field]) => [key, field.clock]),
    ),
  };
}

function mergeFields(current: Map<string, Versioned>, incoming: Iterable<[string, Versioned]>): MergeResult {
  let changed = false;
  for (const [key, field] of incoming) {
    const existing = current.get(key);
    // An equal field never supersedes, so replaying a change is a no-op that reports no change.
    if (existing && !supersedes(field, existing)) continue;
    current.set(key, field);
    changed = true;
  }
  return { ...stateOf(current), changed };
}

/** Applies one mutation (the fields it sets, stamped `hlc`) to a record, or to nothing for a record not seen yet. */
export function mergePatch(current: FieldState | undefined, patch: Record<string, unknown>, hlc: string): MergeResult {
  const incoming = Object.keys(patch).map((key): [string, Versioned] => [
    key,
    { value: normalize(patch[key]), clock: hlc },
  ]);
  return mergeFields(fieldsOf(current), incoming);
}

/**
 * Merges two whole states of one record (a pulled record into the local copy, which may hold edits not pushed
 * yet). Commutative, associative and idempotent; `changed` says whether the result differs from `local`.
 */
export function mergeRecords(local: FieldState | undefined, remote: FieldState): MergeResult {
  return mergeFields(fieldsOf(local), fieldsOf(remote));
}

/** The record a state stands for: cleared (null) fields dropped, so it can be validated and shown. */
export function materialize(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([, value]) => value !== null && value !== undefined));
}
