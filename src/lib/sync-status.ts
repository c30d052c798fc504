import { z } from 'zod';
import { lazySchema } from './lazy-schema';

/** What the options page and popup show about sync; written by the background's sync scheduler. */
export const SyncStatus = lazySchema(() =>
  z.object({
    connected: z.boolean(),
    serverUrl: z.string().optional(),
    team: z.string().optional(),
    user: z.string().optional(),
    state: z.enum(['idle', 'syncing', 'error', 'offline']),
    lastSyncAt: z.number().optional(),
    lastError: z.string().optional(),
    pending: z.number().int().nonnegative(),
    progress: z.object({ phase: z.enum(['push', 'pull']), done: z.number(), total: z.number() }).optional(),
    nextAttemptAt: z.number().optional(),
  }),
);
export type SyncStatus = z.infer<typeof SyncStatus>;
export const SYNC_STATUS_KEY = 'syncStatus';
export const SYNC_CONFIG_KEY = 'syncServer';

export const SyncConfig = lazySchema(() =>
  z.object({
    serverUrl: z
      .string()
      .trim()
      .max(2048)
      .refine((value) => {
        try {
          const url = new URL(value);
          return (
            url.protocol === 'https:' ||
            (url.protocol === 'http:' && /^(localhost|127\.0\.0\.1|\[::1\])$/.test(url.hostname))
          );
        } catch {
          return false;
        }
      }, 'use an https:// address (plain http only for localhost)'),
    token: z.string().trim().min(8, 'paste the token the server printed').max(500),
  }),
);
export type SyncConfig = z.infer<typeof SyncConfig>;
