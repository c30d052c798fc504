import { z } from 'zod';
import { HLC_PATTERN } from './hlc';
import { lazySchema } from './lazy-schema';
import { RECORD_STORES, type RecordStoreName } from './records';

/**
 * The sync protocol's payloads, shared by the extension's sync engine and the server (docs/sync-protocol.md
 * explains the rules). A mutation carries the fields it changes and one clock stamp; the server and every client
 * merge field by field, keeping for each field the value with the latest stamp. Deletion is the field
 * `deleted: true`, so tombstones travel like any other change.
 */

export const Hlc = lazySchema(() => z.string().regex(HLC_PATTERN, 'a hybrid logical clock stamp'));
export const StoreName = lazySchema(() => z.enum(RECORD_STORES as [RecordStoreName, ...RecordStoreName[]]));
export const ClientId = lazySchema(() =>
  z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'a client id of 8–64 letters, digits, _ or -'),
);

/** Field values are JSON; the merged record is validated against its record schema before it is stored. */
export const Patch = lazySchema(() =>
  z
    .record(z.string().max(64), z.unknown())
    .refine((patch) => Object.keys(patch).length > 0 && Object.keys(patch).length <= 64, 'a patch changes 1–64 fields')
    .refine((patch) => !('id' in patch), 'a patch cannot change a record id'),
);

export const Mutation = lazySchema(() =>
  z.object({
    /** Per client, strictly increasing: the server applies each (clientId, id) at most once. */
    id: z.number().int().positive(),
    store: StoreName,
    recordId: z.uuid(),
    hlc: Hlc,
    patch: Patch,
  }),
);
export type Mutation = z.infer<typeof Mutation>;

export const MAX_PUSH_MUTATIONS = 500;
export const MAX_PULL_LIMIT = 5000;

export const PushRequest = lazySchema(() =>
  z.object({
    clientId: ClientId,
    mutations: z.array(Mutation).min(1).max(MAX_PUSH_MUTATIONS),
  }),
);
export type PushRequest = z.infer<typeof PushRequest>;

/** One record as the server holds it: its merged fields, each field's clock, and the team version it changed at. */
export const SyncRecord = lazySchema(() =>
  z.object({
    store: StoreName,
    id: z.uuid(),
    data: z.record(z.string(), z.unknown()),
    clocks: z.record(z.string(), Hlc),
    version: z.number().int().positive(),
  }),
);
export type SyncRecord = z.infer<typeof SyncRecord>;

/** A mutation the server could not apply (its merged record failed validation): acknowledged, never retried. */
export const Rejection = lazySchema(() =>
  z.object({
    id: z.number().int(),
    reason: z.string().max(1000),
    /** The server's record after the push (absent if it has none), so the client can drop the value it kept. */
    record: SyncRecord.optional(),
  }),
);

export const PushResponse = lazySchema(() =>
  z.object({
    /** The highest mutation id of this client the server has processed; everything up to it can leave the outbox. */
    lastMutationId: z.number().int().nonnegative(),
    rejected: z.array(Rejection),
  }),
);
export type PushResponse = z.infer<typeof PushResponse>;

export const PullRequest = lazySchema(() =>
  z.object({
    clientId: ClientId,
    /** The team version the client has everything up to; 0 for a first sync. */
    cursor: z.number().int().nonnegative(),
    limit: z.number().int().min(1).max(MAX_PULL_LIMIT).default(1000),
  }),
);
export type PullRequest = z.infer<typeof PullRequest>;

export const PullResponse = lazySchema(() =>
  z.object({
    records: z.array(SyncRecord),
    /** Pass back as `cursor` next time. */
    cursor: z.number().int().nonnegative(),
    /** More records wait beyond this page. */
    more: z.boolean(),
    /** The team's latest version, so a client can show progress of a long first sync. */
    head: z.number().int().nonnegative(),
    /** This client's last processed mutation id, as in PushResponse (lets a client recover after a lost answer). */
    lastMutationId: z.number().int().nonnegative(),
  }),
);
export type PullResponse = z.infer<typeof PullResponse>;

export const WhoAmI = lazySchema(() =>
  z.object({
    user: z.object({ id: z.string(), name: z.string() }),
    team: z.object({ id: z.string(), name: z.string() }),
  }),
);
export type WhoAmI = z.infer<typeof WhoAmI>;

export const ApiError = lazySchema(() => z.object({ error: z.object({ code: z.string(), message: z.string() }) }));
