import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { RECORD_STORES, type RecordStoreName } from './records';

/**
 * Whole-store transfers between the options page and the worker, over a port rather than one message each way:
 * a store of 100,000 contacts is tens of megabytes, so it moves in chunks with progress, and a restore is applied
 * in one transaction only once every chunk has arrived (all of it, or nothing).
 */
export const EXPORT_PORT = 'rapport:export';
export const RESTORE_PORT = 'rapport:restore';
export const TRANSFER_CHUNK = 5000;

const Store = lazySchema(() => z.enum(RECORD_STORES as [RecordStoreName, ...RecordStoreName[]]));

/** Worker → page while exporting. Records were validated when stored; the page builds the file from them. */
export const ExportMessage = lazySchema(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('meta'), schemaVersion: z.number().int(), totals: z.record(z.string(), z.number()) }),
    z.object({ kind: z.literal('chunk'), store: Store, records: z.array(z.record(z.string(), z.unknown())) }),
    z.object({ kind: z.literal('end') }),
    z.object({ kind: z.literal('error'), message: z.string() }),
  ]),
);
export type ExportMessage = z.infer<typeof ExportMessage>;

/** Page → worker while restoring. Each record is validated again by the worker: it owns the data. */
export const RestoreMessage = lazySchema(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('chunk'), store: Store, records: z.array(z.unknown()).max(TRANSFER_CHUNK) }),
    z.object({ kind: z.literal('commit'), schemaVersion: z.number().int() }),
  ]),
);
export type RestoreMessage = z.infer<typeof RestoreMessage>;

export const RestoreReply = lazySchema(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('received'), records: z.number().int() }),
    z.object({ kind: z.literal('applying') }),
    z.object({ kind: z.literal('done'), written: z.number().int(), removed: z.number().int() }),
    z.object({ kind: z.literal('error'), message: z.string() }),
  ]),
);
export type RestoreReply = z.infer<typeof RestoreReply>;
