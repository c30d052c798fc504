import { z } from 'zod';
import { lazySchema } from './lazy-schema';

/**
 * What the team server's X connector tells the extension (docs/x-connector.md): whether the team's company X account
 * is connected and how its polling goes, and the people who mentioned the company but are no contacts yet.
 * Shared by the server's routes and the extension's pages, so both hold the same shapes.
 *
 * The conversations themselves never travel here: the connector writes them as Interaction records into the team's
 * book, and browsers receive them by the ordinary sync pull.
 */

const epochMs = lazySchema(() => z.number().int().nonnegative());
/** X's numeric user ids (snowflakes), kept as strings: they exceed 2^53. */
export const XUserId = lazySchema(() => z.string().regex(/^\d{1,25}$/, 'an X user id (digits)'));
const httpUrl = lazySchema(() =>
  z
    .string()
    .max(2048)
    .refine((value) => /^https?:\/\//i.test(value), 'must be an http(s) URL'),
);

/** `GET /v1/x/status`. Secrets are never part of it. */
export const XStatus = lazySchema(() =>
  z.object({
    connected: z.boolean(),
    /** The company account the team connected. */
    account: z.object({ handle: z.string(), userId: XUserId }).optional(),
    /** When the last poll of X finished. */
    lastPollAt: epochMs.optional(),
    /** Why the last poll (or part of it) failed, in words for the options page; absent when all went well. */
    lastError: z.string().optional(),
    /** X rate-limited an endpoint: no call to it before this time. */
    rateLimitedUntil: epochMs.optional(),
  }),
);
export type XStatus = z.infer<typeof XStatus>;

/** Someone who mentioned the company account on X and is not a contact of the team yet. */
export const XSuggestion = lazySchema(() =>
  z.object({
    userId: XUserId,
    handle: z.string().min(1),
    name: z.string(),
    avatarUrl: httpUrl.optional(),
    bio: z.string().optional(),
    followers: z.number().int().nonnegative().optional(),
    /** How many of their posts mentioning the company the connector has seen. */
    mentionCount: z.number().int().positive(),
    lastMention: z.object({ text: z.string(), url: httpUrl, at: epochMs }),
  }),
);
export type XSuggestion = z.infer<typeof XSuggestion>;

export const MAX_X_SUGGESTIONS = 50;

/** `GET /v1/x/suggestions`: newest mention first. */
export const XSuggestions = lazySchema(() => z.object({ suggestions: z.array(XSuggestion).max(MAX_X_SUGGESTIONS) }));
export type XSuggestions = z.infer<typeof XSuggestions>;

/** `POST /v1/x/suggestions/:userId/dismiss`: the person is not suggested again. */
export const XDismissed = lazySchema(() => z.object({ dismissed: z.literal(true) }));
export type XDismissed = z.infer<typeof XDismissed>;
