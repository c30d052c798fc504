import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { Network } from './records';

/**
 * What a site adapter read off a page about one person or company. Page content is hostile:
 * everything here is bounded and validated in the background before it is stored.
 */
export const ProfileRef = lazySchema(() =>
  z.object({
    network: Network,
    kind: z.enum(['person', 'company']),
    profileKey: z.string().min(3).max(600),
    url: z.string().max(2048),
    name: z.string().max(300).optional(),
    headline: z.string().max(1000).optional(),
    company: z.string().max(300).optional(),
    location: z.string().max(300).optional(),
    avatarUrl: z.string().max(2048).optional(),
    handle: z.string().max(200).optional(),
    /** The website the profile links to, as the page shows it; only http(s) is kept when saved. */
    website: z.string().max(2048).optional(),
    /** The network's stable user id when the page shows it (X's numeric id): found again after a handle rename. */
    networkUserId: z
      .string()
      .regex(/^\d{1,25}$/)
      .optional(),
  }),
);
export type ProfileRef = z.infer<typeof ProfileRef>;
