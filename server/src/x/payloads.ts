import { z } from 'zod';
import { XUserId } from '../../../src/lib/x-connector';

/**
 * X API v2 answers as the connector accepts them. Nothing from X is trusted: every answer is parsed here before
 * anything of it is stored, and an answer that does not parse stores nothing (the poll records why). Fields the
 * connector does not use are dropped by parsing; the fields it asks for (tweet.fields, user.fields, …) are required.
 */

/** Tweet and DM event ids are snowflakes like user ids. */
export const XId = XUserId;
export const XHandle = z.string().regex(/^[A-Za-z0-9_]{1,15}$/, 'an X handle');
const isoTime = z.iso.datetime({ offset: true });
/** Opaque to us, but it goes back into a URL and into the database: letters, digits and a few marks only. */
const pageToken = z.string().regex(/^[A-Za-z0-9_=.-]{1,512}$/, 'a pagination token');

/** One item of an `errors` array (RFC 7807 problem details, as X v2 sends them). */
export const XProblem = z.object({
  title: z.string().max(1000),
  detail: z.string().max(5000).optional(),
  type: z.string().max(1000),
  value: z.string().max(1000).optional(),
  resource_type: z.string().max(100).optional(),
  parameter: z.string().max(100).optional(),
  resource_id: z.string().max(1000).optional(),
});
export type XProblem = z.infer<typeof XProblem>;

/** The user fields the connector asks for everywhere (`user.fields`). */
export const USER_FIELDS = 'id,name,username,description,location,profile_image_url,public_metrics';

export const XUser = z.object({
  id: XUserId,
  username: XHandle,
  name: z.string().max(1000),
  description: z.string().max(10_000).optional(),
  location: z.string().max(1000).optional(),
  profile_image_url: z
    .url({ protocol: /^https?$/ })
    .max(2048)
    .optional(),
  public_metrics: z.object({ followers_count: z.number().int().nonnegative() }).optional(),
});
export type XUser = z.infer<typeof XUser>;

/** The tweet fields the connector asks for on timelines (`tweet.fields`). */
export const TWEET_FIELDS =
  'id,text,author_id,created_at,conversation_id,in_reply_to_user_id,referenced_tweets,note_tweet';

export const XTweet = z.object({
  id: XId,
  text: z.string().max(100_000),
  author_id: XUserId,
  created_at: isoTime,
  conversation_id: XId.optional(),
  in_reply_to_user_id: XUserId.optional(),
  referenced_tweets: z
    .array(z.object({ type: z.enum(['retweeted', 'quoted', 'replied_to']), id: XId }))
    .max(10)
    .optional(),
  /** A long post: `text` is its first 280 characters, this its whole text. */
  note_tweet: z.object({ text: z.string().max(100_000) }).optional(),
});
export type XTweet = z.infer<typeof XTweet>;

/** The DM event fields the connector asks for (`dm_event.fields`). */
export const DM_EVENT_FIELDS = 'id,event_type,text,sender_id,created_at,dm_conversation_id,participant_ids';

export const XDmEvent = z
  .object({
    id: XId,
    event_type: z.string().max(100),
    text: z.string().max(100_000).optional(),
    sender_id: XUserId.optional(),
    created_at: isoTime,
    dm_conversation_id: z
      .string()
      .regex(/^\d{1,25}(-\d{1,25})?$/)
      .optional(),
    participant_ids: z.array(XUserId).max(100).optional(),
  })
  // No text is allowed (a message of media only): one such message must not hold up the whole timeline.
  .refine(
    (event) => event.event_type !== 'MessageCreate' || event.sender_id !== undefined,
    'a MessageCreate event has a sender_id',
  );
export type XDmEvent = z.infer<typeof XDmEvent>;

const includes = z.object({ users: z.array(XUser).max(1000).optional() }).optional();

/**
 * A page of a list endpoint: `meta` is there unless X answered with errors only (a 200 that refuses, e.g. for a
 * suspended account), and `result_count` counts `data`.
 */
const listPage = <Item extends z.ZodType<{ id: string }>>(item: Item) =>
  z
    .object({
      data: z.array(item).max(100).optional(),
      includes,
      meta: z
        .object({
          result_count: z.number().int().nonnegative(),
          newest_id: XId.optional(),
          oldest_id: XId.optional(),
          next_token: pageToken.optional(),
        })
        .optional(),
      errors: z.array(XProblem).max(1000).optional(),
    })
    .refine((page) => page.meta !== undefined || (page.errors?.length ?? 0) > 0, {
      message: 'a page has meta (or only errors)',
      path: ['meta'],
    })
    .refine((page) => !page.meta || page.meta.result_count === (page.data?.length ?? 0), {
      message: 'meta.result_count differs from the number of items in data',
      path: ['meta', 'result_count'],
    });

/** `GET /2/users/:id/mentions` and `GET /2/users/:id/tweets`. */
export const XTweetPage = listPage(XTweet);
export type XTweetPage = z.infer<typeof XTweetPage>;

/** `GET /2/dm_events`. */
export const XDmEventPage = listPage(XDmEvent);
export type XDmEventPage = z.infer<typeof XDmEventPage>;

/** `GET /2/users/by/username/:username` and `GET /2/users/me`. */
export const XUserAnswer = z.object({ data: XUser.optional(), errors: z.array(XProblem).max(100).optional() });

/** `GET /2/users/by?usernames=` and `GET /2/users?ids=`: the users found, and an error for each one not found. */
export const XUsersAnswer = z.object({
  data: z.array(XUser).max(100).optional(),
  errors: z.array(XProblem).max(100).optional(),
});
export type XUsersAnswer = z.infer<typeof XUsersAnswer>;

/** What X says about an item of a partly failed answer, for a status line. */
export const describeProblems = (problems: readonly XProblem[]) =>
  problems
    .slice(0, 3)
    .map((problem) => (problem.detail ? `${problem.title}: ${problem.detail}` : problem.title))
    .join('; ');
