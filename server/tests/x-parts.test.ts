import { describe, expect, it } from 'vitest';
import { Interaction } from '../../src/lib/records';
import { dmItem, mentionItem, ownPostItem } from '../src/x/conversation-items';
import { identityPatch } from '../src/x/identity-updates';
import { interactionId, interactionPatch } from '../src/x/interactions';
import { XDmEventPage, XTweetPage, type XUser } from '../src/x/payloads';
import { openSecret, SecretUnavailable, sealSecret } from '../src/x/secrets';
import type { XIdentity } from '../src/x/x-book';

/** The X connector's pure parts: what it accepts from X, and what it makes of it. */

const account = { userId: '2244994945', handle: 'acme' };
const team = '6f1c2a52-3c8e-4f55-9d0a-2b1e4c1d7a10';

describe('X answers', () => {
  it("accept pages shaped like the documentation's examples", () => {
    const mentions = {
      data: [
        {
          id: '1301573587187331074',
          text: 'Hey @acme, love the new API!',
          author_id: '1234567890',
          created_at: '2024-01-15T10:30:00.000Z',
          edit_history_tweet_ids: ['1301573587187331074'],
          public_metrics: { retweet_count: 5, reply_count: 2, like_count: 42, quote_count: 1 },
        },
      ],
      includes: { users: [{ id: '1234567890', name: 'Developer', username: 'dev_user', verified: false }] },
      meta: {
        newest_id: '1301573587187331074',
        oldest_id: '1301573587187331074',
        result_count: 1,
        next_token: '7140dibdnow9c7btw3w29grvxfcgvpb9n9coehpk7xz5i',
      },
    };
    expect(XTweetPage.parse(mentions).data?.[0]?.author_id).toBe('1234567890');
    const dms = {
      data: [
        {
          id: '1580705921830768647',
          event_type: 'MessageCreate',
          text: 'Hello! How are you?',
          sender_id: '9876543210',
          created_at: '2024-01-15T10:30:00.000Z',
          dm_conversation_id: '2244994945-9876543210',
        },
      ],
      meta: { result_count: 1, next_token: 'abc123' },
    };
    expect(XDmEventPage.parse(dms).meta?.next_token).toBe('abc123');
    expect(XTweetPage.parse({ meta: { result_count: 0 } }).data).toBeUndefined();
  });

  it('refuse pages that would put something odd in the book', () => {
    const tweet = { id: '1', text: 'hi', author_id: '2', created_at: '2024-01-15T10:30:00.000Z' };
    const refused = [
      { data: [{ ...tweet, id: '1; DROP' }], meta: { result_count: 1 } },
      { data: [{ ...tweet, created_at: 'yesterday' }], meta: { result_count: 1 } },
      { data: [tweet], meta: { result_count: 1, next_token: '../../admin' } },
      { data: [tweet] },
      {
        data: [tweet],
        includes: { users: [{ id: '2', name: 'x', username: 'a'.repeat(16) }] },
        meta: { result_count: 1 },
      },
      {
        data: [tweet],
        includes: { users: [{ id: '2', name: 'x', username: 'ok', profile_image_url: 'javascript:alert(1)' }] },
        meta: { result_count: 1 },
      },
    ];
    for (const page of refused) expect(XTweetPage.safeParse(page).success, JSON.stringify(page)).toBe(false);
  });
});

describe('conversation items', () => {
  const users = new Map<string, XUser>([['42', { id: '42', username: 'ada', name: 'Ada' }]]);
  const tweet = (fields: Record<string, unknown>) =>
    XTweetPage.parse({
      data: [{ id: '100', text: 'hi', created_at: '2024-01-15T10:30:00.000Z', ...fields }],
      meta: { result_count: 1 },
    }).data?.[0] as NonNullable<XTweetPage['data']>[number];

  it('take mentions by others and replies by the company, never retweets, announcements or self-replies', () => {
    expect(mentionItem(tweet({ author_id: '42' }), account, users)).toMatchObject({
      direction: 'inbound',
      counterpartId: '42',
      mention: true,
      url: 'https://x.com/ada/status/100',
    });
    expect(mentionItem(tweet({ author_id: account.userId }), account, users)).toBeUndefined();
    const retweet = { author_id: '42', referenced_tweets: [{ type: 'retweeted', id: '99' }] };
    expect(mentionItem(tweet(retweet), account, users)).toBeUndefined();
    expect(mentionItem(tweet({ author_id: '43' }), account, users)?.url).toBe('https://x.com/i/web/status/100');

    expect(ownPostItem(tweet({ author_id: account.userId, in_reply_to_user_id: '42' }), account)).toMatchObject({
      direction: 'outbound',
      counterpartId: '42',
      url: 'https://x.com/acme/status/100',
    });
    expect(ownPostItem(tweet({ author_id: account.userId }), account)).toBeUndefined();
    expect(
      ownPostItem(tweet({ author_id: account.userId, in_reply_to_user_id: account.userId }), account),
    ).toBeUndefined();
  });

  it('take direct messages both ways one to one, and only inbound ones in groups', () => {
    const event = (fields: Record<string, unknown>) =>
      XDmEventPage.parse({
        data: [
          { id: '7', event_type: 'MessageCreate', text: 'hello', created_at: '2024-01-15T10:30:00.000Z', ...fields },
        ],
        meta: { result_count: 1 },
      }).data?.[0] as NonNullable<XDmEventPage['data']>[number];
    const pair = `42-${account.userId}`;
    expect(dmItem(event({ sender_id: '42', dm_conversation_id: pair }), account)).toMatchObject({
      direction: 'inbound',
      counterpartId: '42',
      url: `https://x.com/messages/${pair}`,
    });
    expect(dmItem(event({ sender_id: account.userId, dm_conversation_id: pair }), account)).toMatchObject({
      direction: 'outbound',
      counterpartId: '42',
    });
    const group = { dm_conversation_id: '1582838223483371520', participant_ids: ['42', '43', account.userId] };
    expect(dmItem(event({ sender_id: '43', ...group }), account)).toMatchObject({ counterpartId: '43' });
    expect(dmItem(event({ sender_id: account.userId, ...group }), account)).toBeUndefined();
    expect(dmItem(event({ sender_id: '42', text: undefined, dm_conversation_id: pair }), account)?.text).toBe('');
  });
});

describe('interactions from X', () => {
  it('have one id per team and item, valid as a record id', () => {
    const id = interactionId(team, 'x:tweet:100');
    expect(interactionId(team, 'x:tweet:100')).toBe(id);
    expect(interactionId(team, 'x:tweet:101')).not.toBe(id);
    expect(interactionId('another-team', 'x:tweet:100')).not.toBe(id);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('keep a long text whole in the notes and its start in the summary', () => {
    const long = `${'word '.repeat(200)}end`;
    const item = {
      sourceId: '100',
      externalId: 'x:tweet:100',
      type: 'post' as const,
      direction: 'inbound' as const,
      counterpartId: '42',
      mention: true,
      text: long,
      occurredAt: 1_700_000_000_000,
      url: 'https://x.com/ada/status/100',
    };
    const contactId = '0190f3c2-a1b2-7c7e-8d9f-0a1b2c3d4e5f';
    const { recordId, patch } = interactionPatch(team, item, contactId, 1_700_000_000_500);
    const record = Interaction.parse({ ...patch, id: recordId });
    expect(record.summary.length).toBeLessThanOrEqual(500);
    expect(long.startsWith(record.summary)).toBe(true);
    expect(record.notes).toBe(long);
    const short = Interaction.parse({
      ...interactionPatch(team, { ...item, text: 'hi' }, contactId, 1).patch,
      id: recordId,
    });
    expect(short).toMatchObject({ summary: 'hi', notes: '' });
  });
});

describe('identity updates from X', () => {
  const entry = (identity: Record<string, unknown>): XIdentity => ({
    id: '0190f3c2-a1b2-7c7e-8d9f-0a1b2c3d4e5f',
    identity: {
      id: '0190f3c2-a1b2-7c7e-8d9f-0a1b2c3d4e5f',
      createdAt: 1,
      updatedAt: 1,
      deleted: false,
      network: 'x',
      profileKey: 'x:ada',
      url: 'https://x.com/ada',
      handle: 'ada',
      aliases: [],
      contactId: '0190f3c2-a1b2-7c7e-8d9f-0a1b2c3d4e50',
      ...identity,
    } as XIdentity['identity'],
    userId: identity.networkUserId as string | undefined,
    handle: 'ada',
  });
  const ada: XUser = { id: '42', username: 'ada', name: 'Ada' };

  it('write only what changes: nothing for keys already known, unless enriching', () => {
    const known = entry({ networkUserId: '42', aliases: ['x:id/42'] });
    expect(identityPatch(known, ada, { enrich: false, now: 5 })).toBeUndefined();
    expect(identityPatch(entry({}), ada, { enrich: false, now: 5 })?.patch).toEqual({
      networkUserId: '42',
      aliases: ['x:id/42'],
      updatedAt: 5,
    });
    expect(identityPatch(known, { ...ada, description: '' }, { enrich: true, now: 5 })?.patch).toEqual({
      displayName: 'Ada',
      enrichedAt: 5,
      updatedAt: 5,
    });
  });

  it('keep at most 20 aliases, the newest, and never the profile key', () => {
    const many = Array.from({ length: 20 }, (_, i) => `x:old${i}`);
    const patch = identityPatch(
      entry({ networkUserId: '42', aliases: many }),
      { ...ada, username: 'ada_new' },
      {
        enrich: false,
        now: 5,
      },
    )?.patch;
    expect(patch?.handle).toBe('ada_new');
    expect(patch?.aliases).toHaveLength(20);
    expect(patch?.aliases).toContain('x:ada_new');
    expect(patch?.aliases).not.toContain('x:ada');
  });
});

describe('token sealing', () => {
  const key = 'a-key-of-at-least-sixteen-chars';
  const slot = { teamId: team, field: 'user_token' as const };

  it('opens what it sealed, for that team and field only, with that key only', () => {
    const sealed = sealSecret('secret-token', slot, key);
    expect(sealed).toMatch(/^enc:v1:/);
    expect(sealed).not.toContain('secret-token');
    expect(openSecret(sealed, slot, key)).toBe('secret-token');
    expect(() => openSecret(sealed, { ...slot, field: 'bearer_token' }, key)).toThrow(SecretUnavailable);
    expect(() => openSecret(sealed, { ...slot, teamId: 'other' }, key)).toThrow(SecretUnavailable);
    expect(() => openSecret(sealed, slot, `${key}!`)).toThrow(/do not open with this RAPPORT_SECRET_KEY/);
    expect(() => openSecret(sealed, slot, undefined)).toThrow(/stored encrypted: start the server with/);
  });

  it('stores tokens as they are, marked so, without a key', () => {
    const plain = sealSecret('secret-token', slot, undefined);
    expect(plain).toBe('plain:secret-token');
    expect(openSecret(plain, slot, key)).toBe('secret-token');
  });
});
