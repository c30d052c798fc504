import { z } from 'zod';
import { parseHlc } from '../../../src/lib/hlc';
import { materialize } from '../../../src/lib/merge';
import { RECORD_SCHEMAS, type RecordStoreName } from '../../../src/lib/records';

/** Why a mutation cannot be applied, or undefined when it can. The reason goes back to the client as is. */

/** A stamp this far ahead of the server's clock is a wrong clock, which would otherwise win every field for days. */
export const MAX_CLOCK_AHEAD_MS = 24 * 60 * 60 * 1000;
const MAX_REASON_LENGTH = 1000;

export function clockProblem(hlc: string, now: number): string | undefined {
  const ahead = parseHlc(hlc).wall - now;
  if (ahead <= MAX_CLOCK_AHEAD_MS) return undefined;
  return `the change is stamped ${Math.round(ahead / 3_600_000)} hours ahead of the server's clock; check this device's clock`;
}

const KNOWN_FIELDS = new Map(
  Object.entries(RECORD_SCHEMAS).map(([store, schema]) => [store, new Set(Object.keys(schema.shape))]),
);

/**
 * Checks a merged record as a whole: only fields its schema knows, and the schema's rules (required fields, lengths,
 * formats) hold. On a first mutation that means the record must be complete.
 */
export function recordProblem(
  store: RecordStoreName,
  recordId: string,
  patch: Record<string, unknown>,
  merged: Record<string, unknown>,
): string | undefined {
  const known = KNOWN_FIELDS.get(store) ?? new Set<string>();
  const unknown = Object.keys(patch).filter((field) => !known.has(field));
  if (unknown.length) return truncate(`unknown fields for ${store}: ${unknown.join(', ')}`);
  const parsed = RECORD_SCHEMAS[store].safeParse({ ...materialize(merged), id: recordId });
  if (parsed.success) return undefined;
  return truncate(
    `the merged ${store} record is not valid: ${z.prettifyError(parsed.error).replaceAll('\n', ' ').replaceAll('✖ ', '')}`,
  );
}

const truncate = (reason: string) =>
  reason.length <= MAX_REASON_LENGTH ? reason : `${reason.slice(0, MAX_REASON_LENGTH - 1)}…`;
