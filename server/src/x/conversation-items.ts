import { z } from 'zod';
import { XUserId } from '../../../src/lib/x-connector';
import type { XDmEvent, XTweet, XUser } from './payloads';

/**
 * One exchange between the company account and one other person on X: a mention of the company, the company's
 * reply to someone, or a direct message either way. What the connector turns into an Interaction when the person
 * is a contact, or keeps as pending (x_pending_items, as this JSON) until they become one.
 */
export const ConversationItem = z.object({
  /** The tweet or DM event id. */
  sourceId: XUserId,
  /** `x:tweet:<id>` or `x:dm:<id>`: the interaction's externalId, and what its record id is derived from. */
  externalId: z.string().regex(/^x:(tweet|dm):\d{1,25}$/),
  type: z.enum(['post', 'message']),
  /** From the company account's point of view. */
  direction: z.enum(['inbound', 'outbound']),
  /** The other person: who mentioned or wrote to the company, or whom the company replied or wrote to. */
  counterpartId: XUserId,
  /** An inbound public mention of the company: what suggests a lead. */
  mention: z.boolean(),
  text: z.string(),
  occurredAt: z.number().int().nonnegative(),
  url: z.string().startsWith('https://x.com/').optional(),
});
export type ConversationItem = z.infer<typeof ConversationItem>;

export interface CompanyAccount {
  userId: string;
  handle: string;
}

const isRetweet = (tweet: XTweet) => tweet.referenced_tweets?.some((ref) => ref.type === 'retweeted') ?? false;
const fullText = (tweet: XTweet) => tweet.note_tweet?.text ?? tweet.text;
const tweetUrl = (handle: string | undefined, id: string) =>
  handle ? `https://x.com/${handle}/status/${id}` : `https://x.com/i/web/status/${id}`;

/**
 * A post that mentions the company, from someone else. Retweets are not conversation, and the company's own posts
 * come through its timeline (ownPostItem).
 */
export function mentionItem(
  tweet: XTweet,
  account: CompanyAccount,
  users: ReadonlyMap<string, XUser>,
): ConversationItem | undefined {
  if (tweet.author_id === account.userId || isRetweet(tweet)) return undefined;
  return {
    sourceId: tweet.id,
    externalId: `x:tweet:${tweet.id}`,
    type: 'post',
    direction: 'inbound',
    counterpartId: tweet.author_id,
    mention: true,
    text: fullText(tweet),
    occurredAt: Date.parse(tweet.created_at),
    url: tweetUrl(users.get(tweet.author_id)?.username, tweet.id),
  };
}

/**
 * A post of the company that replies to someone else: the company's side of a conversation. Posts that reply to no
 * one (announcements) or to the company itself (threads) are not a conversation with a person.
 */
export function ownPostItem(tweet: XTweet, account: CompanyAccount): ConversationItem | undefined {
  const to = tweet.in_reply_to_user_id;
  if (tweet.author_id !== account.userId || isRetweet(tweet) || !to || to === account.userId) return undefined;
  return {
    sourceId: tweet.id,
    externalId: `x:tweet:${tweet.id}`,
    type: 'post',
    direction: 'outbound',
    counterpartId: to,
    mention: false,
    text: fullText(tweet),
    occurredAt: Date.parse(tweet.created_at),
    url: tweetUrl(account.handle, tweet.id),
  };
}

/**
 * A direct message between the company and one person. In a group conversation a message to the company counts
 * (its sender is the person), one from the company does not (it is to several people, none in particular).
 */
export function dmItem(event: XDmEvent, account: CompanyAccount): ConversationItem | undefined {
  if (event.event_type !== 'MessageCreate' || !event.sender_id) return undefined;
  const outbound = event.sender_id === account.userId;
  const participants = [
    ...(event.dm_conversation_id?.includes('-') ? event.dm_conversation_id.split('-') : []),
    ...(event.participant_ids ?? []),
  ];
  const others = [...new Set(participants)].filter((id) => id !== account.userId);
  const oneToOne = Boolean(event.dm_conversation_id?.includes('-'));
  const counterpartId = outbound ? (oneToOne && others.length === 1 ? others[0] : undefined) : event.sender_id;
  if (!counterpartId) return undefined;
  return {
    sourceId: event.id,
    externalId: `x:dm:${event.id}`,
    type: 'message',
    direction: outbound ? 'outbound' : 'inbound',
    counterpartId,
    mention: false,
    text: event.text ?? '',
    occurredAt: Date.parse(event.created_at),
    ...(event.dm_conversation_id ? { url: `https://x.com/messages/${event.dm_conversation_id}` } : {}),
  };
}

/** Compares snowflake ids as numbers (they outgrow doubles, and as strings "9" > "10"). */
export const compareIds = (a: string, b: string) => {
  const [x, y] = [BigInt(a), BigInt(b)];
  return x < y ? -1 : x > y ? 1 : 0;
};

export const newestId = (ids: Iterable<string | null | undefined>) => {
  let newest: string | undefined;
  for (const id of ids) if (id && (!newest || compareIds(id, newest) > 0)) newest = id;
  return newest;
};
