import { type CompanyAccount, type ConversationItem, dmItem, mentionItem, ownPostItem } from './conversation-items';
import {
  DM_EVENT_FIELDS,
  describeProblems,
  TWEET_FIELDS,
  USER_FIELDS,
  XDmEventPage,
  type XProblem,
  type XTweetPage,
  XTweetPage as XTweetPageSchema,
  type XUser,
} from './payloads';
import { type XAnswer, type XApi, XCallError } from './x-api';

/**
 * The three X endpoints a poll reads, all with the company account's user token, newest first, 100 a page:
 *
 * - mentions: `GET /2/users/:id/mentions` — posts by others that mention the company (inbound).
 * - tweets: `GET /2/users/:id/tweets` — the company's own posts; its replies to people are the outbound side.
 * - dm_events: `GET /2/dm_events` — direct messages both ways. This endpoint has no since_id: the poll stops
 *   paging at the first event it already has. X keeps the last 30 days of them.
 *
 * A timeline's first run reads back to `historyFrom` (30 days before the account was connected).
 */

export type TimelineName = 'mentions' | 'tweets' | 'dm_events';

export interface TimelinePage {
  /** Every item id on the page, including those that make no conversation item: the cursor moves past them all. */
  ids: string[];
  items: ConversationItem[];
  users: XUser[];
  nextToken: string | undefined;
}

export interface TimelineCursor {
  sinceId: string | null;
  nextToken: string | null;
  /** Epoch ms: the first run (no since_id yet) reads no further back than this. */
  historyFrom: number;
}

export interface Timeline {
  name: TimelineName;
  /** Whether X filters by since_id itself (else the poll stops at the first id it has). */
  sinceIdInQuery: boolean;
  read(api: XApi, token: string, account: CompanyAccount, cursor: TimelineCursor): Promise<XAnswer<TimelinePage>>;
}

const PAGE_SIZE = '100';

function tweetPage(
  body: XTweetPage,
  toItem: (tweet: NonNullable<XTweetPage['data']>[number]) => ConversationItem | undefined,
) {
  const tweets = body.data ?? [];
  return {
    ids: tweets.map((tweet) => tweet.id),
    items: tweets.flatMap((tweet) => toItem(tweet) ?? []),
    users: body.includes?.users ?? [],
    nextToken: body.meta?.next_token,
  };
}

/** A 200 with errors and no meta is X refusing the whole request (a suspended account, a missing scope). */
function refuseErrorsOnly(body: { meta?: unknown; errors?: XProblem[] }, name: TimelineName) {
  if (body.meta) return;
  throw new XCallError({ kind: 'refused', message: `X refused ${name}: ${describeProblems(body.errors ?? [])}` });
}

/** X wants start_time as YYYY-MM-DDTHH:mm:ssZ, without milliseconds. */
const xTime = (epochMs: number) => new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');

const tweetQuery = (cursor: TimelineCursor, expansions: string) => ({
  max_results: PAGE_SIZE,
  since_id: cursor.sinceId ?? undefined,
  // The first run: a connected account's recent past (X's own limit for DMs is 30 days), not its whole history.
  start_time: cursor.sinceId ? undefined : xTime(cursor.historyFrom),
  pagination_token: cursor.nextToken ?? undefined,
  expansions,
  'tweet.fields': TWEET_FIELDS,
  'user.fields': USER_FIELDS,
});

export const mentionsTimeline: Timeline = {
  name: 'mentions',
  sinceIdInQuery: true,
  async read(api, token, account, cursor) {
    const answer = await api.get(
      { kind: 'user', value: token },
      `users/${account.userId}/mentions`,
      tweetQuery(cursor, 'author_id'),
      XTweetPageSchema,
    );
    refuseErrorsOnly(answer.body, 'mentions');
    const users = new Map((answer.body.includes?.users ?? []).map((user) => [user.id, user]));
    return { ...answer, body: tweetPage(answer.body, (tweet) => mentionItem(tweet, account, users)) };
  },
};

export const ownTweetsTimeline: Timeline = {
  name: 'tweets',
  sinceIdInQuery: true,
  async read(api, token, account, cursor) {
    const answer = await api.get(
      { kind: 'user', value: token },
      `users/${account.userId}/tweets`,
      { ...tweetQuery(cursor, 'in_reply_to_user_id'), exclude: 'retweets' },
      XTweetPageSchema,
    );
    refuseErrorsOnly(answer.body, 'tweets');
    return { ...answer, body: tweetPage(answer.body, (tweet) => ownPostItem(tweet, account)) };
  },
};

export const dmTimeline: Timeline = {
  name: 'dm_events',
  sinceIdInQuery: false,
  async read(api, token, account, cursor) {
    const answer = await api.get(
      { kind: 'user', value: token },
      'dm_events',
      {
        max_results: PAGE_SIZE,
        pagination_token: cursor.nextToken ?? undefined,
        event_types: 'MessageCreate',
        'dm_event.fields': DM_EVENT_FIELDS,
        expansions: 'sender_id,participant_ids',
        'user.fields': USER_FIELDS,
      },
      XDmEventPage,
    );
    refuseErrorsOnly(answer.body, 'dm_events');
    const events = answer.body.data ?? [];
    return {
      ...answer,
      body: {
        ids: events.map((event) => event.id),
        items: events.flatMap((event) => dmItem(event, account) ?? []),
        users: answer.body.includes?.users ?? [],
        nextToken: answer.body.meta?.next_token,
      },
    };
  },
};

export const TIMELINES: readonly Timeline[] = [mentionsTimeline, ownTweetsTimeline, dmTimeline];
