import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { DEFAULT_SITES, SETTINGS_STORAGE_KEY } from './site-switches';

/** The person's preferences, kept in extension storage (not IndexedDB: content scripts read the site switches). */
export const Settings = lazySchema(() =>
  z.object({
    sites: z.object({ linkedin: z.boolean(), x: z.boolean(), facebook: z.boolean() }).default({ ...DEFAULT_SITES }),
    /** The name written as owner on contacts this person saves. */
    ownerName: z.string().trim().max(200).default(''),
  }),
);
export type Settings = z.infer<typeof Settings>;
export const SETTINGS_KEY = SETTINGS_STORAGE_KEY;
