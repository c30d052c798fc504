import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for X's API v2 on 127.0.0.1, for the X connector's tests and the extension's end-to-end test.
 * It serves the endpoints the connector calls with answers shaped like the X API documentation's own examples
 * (`data`, `includes.users`, `meta` with `result_count`/`newest_id`/`oldest_id`/`next_token`, `errors` arrays,
 * problem-details error bodies, x-rate-limit-* headers), returns only the fields a request asks for
 * (`tweet.fields`, `user.fields`, `dm_event.fields`, `expansions`), and checks the tokens.
 *
 *   const x = await startMockXApi();                       // company account @acme, tokens x.bearerToken/x.userToken
 *   const ada = x.setUser({ username: 'ada_l', name: 'Ada Lovelace' });
 *   x.addMention({ from: ada.id, text: '@acme is the new loom running?' });
 *   x.addReply({ to: ada.id, text: '@ada_l yes, since Monday' });  // the company's reply
 *   x.addDm({ from: ada.id, text: 'Can I get a quote?' });         // to the company; addDm({ to: ada.id, … }) from it
 *   const server = await startTestServer({ xApiBase: x.url });
 *   await server.connectX(server.first.team.id, x.credentials);
 *   await server.pollX(server.first.team.id);                      // one poll now
 *   await x.stop();
 *
 * A person on a saved profile page keeps the page's user id: `x.setUser({ id: '1402938475', username: … })`; the same
 * id with another username is a rename. Items are stamped a minute apart, starting a day ago, unless given `at`.
 * Several teams can share one mock, each with its own company account: `x.addCompanyAccount('globex')` returns the
 * mock as that account sees it (its own tokens, mentions, DMs and request log); people are shared, as on X.
 */

export interface MockUser {
  id: string;
  username: string;
  name: string;
  description?: string;
  location?: string;
  profile_image_url?: string;
  followers?: number;
}

interface MockTweet {
  id: string;
  authorId: string;
  text: string;
  createdAt: string;
  inReplyToUserId?: string;
  conversationId: string;
  mentions: string[];
  retweet?: boolean;
}

interface MockDm {
  id: string;
  senderId: string;
  recipientId: string;
  text: string;
  createdAt: string;
}

/** Which endpoint a request hit, as the mock names it in its request log and its scripted answers. */
export type MockEndpoint =
  | 'users_by_username'
  | 'users_by'
  | 'users'
  | 'users_me'
  | 'mentions'
  | 'tweets'
  | 'dm_events'
  | 'oauth2_token'
  | 'unknown';

export interface MockRequest {
  endpoint: MockEndpoint;
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
  /** For oauth2/token: the client id the request names. */
  clientId?: string;
  at: number;
}

/** A scripted answer: status, JSON body (or raw text) and headers, sent instead of the real one. */
export interface ScriptedAnswer {
  /** 0: no answer at all, the connection is cut (a network failure). */
  status: number;
  body?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

export interface MockXApi {
  /** `http://127.0.0.1:<port>`: give it to the server as its X API base (RAPPORT_X_API_BASE or xApiBase). */
  url: string;
  /** The company account this handle speaks for (mentions, replies and DMs below are its). */
  account: MockUser;
  bearerToken: string;
  userToken: string;
  /** What x-connect (or `connectX`) needs: the account's handle and both tokens. */
  credentials: { account: string; bearer: string; userToken: string };
  /** The app's OAuth 2.0 client and the account's current refresh token (it rotates with every use). */
  oauth: { clientId: string; clientSecret: string; refreshToken(): string };
  /** Adds or replaces a user (a new username on the same id is a rename); returns it with its id. */
  setUser(user: Partial<MockUser> & { username: string }): MockUser;
  /** A post by `from` that mentions the company (a reply to the company when `replyToCompany`). */
  addMention(input: { from: string; text: string; at?: Date | number; replyToCompany?: boolean }): string;
  /** A post by the company replying to `to`. */
  addReply(input: { to: string; text: string; at?: Date | number }): string;
  /** A post by the company that replies to nobody (an announcement), or a retweet. */
  addCompanyPost(input: { text: string; retweet?: boolean; at?: Date | number }): string;
  /** A direct message between the company and a person: `from` the person, or `to` the person from the company. */
  addDm(input: ({ from: string } | { to: string }) & { text: string; at?: Date | number }): string;
  /** Items per page, whatever max_results asks (to test pagination with a few items). */
  setPageSize(size: number): void;
  /**
   * A coming request to `endpoint` (any account's) gets this answer instead: the next one, or the one after
   * `skip` more ordinary answers. Queued: several calls script several requests in turn.
   */
  scriptNext(endpoint: MockEndpoint, answer: ScriptedAnswer, skip?: number): void;
  /** A 429 with x-rate-limit-reset at `resetAt` (epoch ms, rounded up to seconds as X sends it); as scriptNext. */
  rateLimitNext(endpoint: MockEndpoint, resetAt: number, skip?: number): void;
  /**
   * The page X would send of exactly these stored posts or DM events (with every field and the users included),
   * for scripting a duplicate delivery.
   */
  pageOf(kind: 'tweets' | 'dm_events', ids: string[]): unknown;
  /** Every request to `endpoint` waits this long before it is answered (to make polls overlap). */
  setDelay(ms: number): void;
  /** The user token stops working (expired or revoked): user-context endpoints answer 401. */
  revokeUserToken(): void;
  /** A fresh user token for the account (the old one stays revoked), as after authorizing the app again. */
  renewUserToken(): string;
  /** Another company account on the same X, with its own tokens (another team's connector); same users. */
  addCompanyAccount(username: string): MockXApi;
  /** The requests made with this account's tokens (its team's connector), oldest first. */
  requests(endpoint?: MockEndpoint): MockRequest[];
  /** The most requests the mock was answering at the same moment (since the last reset). */
  maxConcurrent(): number;
  resetConcurrency(): void;
  stop(): Promise<void>;
}

const FIRST_ID = 1_850_000_000_000_000_000n;

/** X's problem-details body for an HTTP error. */
const problem = (status: number, title: string, detail = title) => ({ title, detail, type: 'about:blank', status });

const notFoundUser = (parameter: string, value: string) => ({
  value,
  detail: `Could not find user with ${parameter}: [${value}].`,
  title: 'Not Found Error',
  resource_type: 'user',
  parameter,
  resource_id: value,
  type: 'https://api.twitter.com/2/problems/resource-not-found',
});

const ALL_TWEET_FIELDS = 'author_id,created_at,conversation_id,in_reply_to_user_id,referenced_tweets';
const ALL_DM_FIELDS = 'sender_id,created_at,dm_conversation_id';
const ALL_USER_FIELDS = 'description,location,profile_image_url,public_metrics';

const readText = async (req: IncomingMessage) => {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text;
};

const toIso = (at: Date | number | undefined, fallback: number) => new Date(at ?? fallback).toISOString();
const pick = (query: Record<string, string>, name: string) => new Set((query[name] ?? '').split(',').filter(Boolean));

export async function startMockXApi(
  options: { account?: { username: string; name?: string }; pageSize?: number } = {},
): Promise<MockXApi> {
  let nextId = FIRST_ID;
  const newId = () => String(nextId++);
  const users = new Map<string, MockUser>();
  const tweets: MockTweet[] = [];
  const dms: MockDm[] = [];
  const scripted = new Map<MockEndpoint, { answer: ScriptedAnswer; skip: number }[]>();
  const script = (endpoint: MockEndpoint, answer: ScriptedAnswer, skip = 0) =>
    scripted.set(endpoint, [...(scripted.get(endpoint) ?? []), { answer, skip }]);
  /** The scripted answer due for this request, if any; counts down the ordinary answers before it. */
  const scriptedFor = (endpoint: MockEndpoint): ScriptedAnswer | undefined => {
    const next = scripted.get(endpoint)?.[0];
    if (!next) return undefined;
    if (next.skip > 0) {
      next.skip--;
      return undefined;
    }
    scripted.get(endpoint)?.shift();
    return next.answer;
  };
  const log: MockRequest[] = [];
  let pageSize = options.pageSize ?? 100;
  let delayMs = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  // Items are stamped a minute apart in the past, in the order they are added, unless the test gives a time.
  let clock = Date.now() - 24 * 60 * 60 * 1000;
  const tick = () => (clock += 60_000);

  const setUser: MockXApi['setUser'] = (input) => {
    const id = input.id ?? newId();
    const user: MockUser = {
      name: input.username,
      followers: 10,
      description: '',
      ...users.get(id),
      ...input,
      id,
    };
    users.set(id, user);
    return user;
  };
  /** The company accounts whose tokens this X knows: each team's connector uses one. */
  interface Company {
    account: MockUser;
    bearerToken: string;
    /** Every user token issued for the account; revoked ones answer 401. */
    userTokens: { value: string; valid: boolean }[];
    clientId: string;
    clientSecret: string;
    /** The one refresh token that works now: each refresh replaces it. */
    refreshToken: string;
  }
  const companies: Company[] = [];
  const secret = (kind: string) => `mock-${kind}-${Math.random().toString(36).slice(2)}`;
  const addCompany = (username: string, name = username): Company => {
    const company = {
      account: setUser({ username, name }),
      bearerToken: secret('bearer'),
      userTokens: [{ value: secret('user'), valid: true }],
      clientId: secret('client'),
      clientSecret: secret('client-secret'),
      refreshToken: secret('refresh'),
    };
    companies.push(company);
    return company;
  };

  const userObject = (user: MockUser, fields: Set<string>) => ({
    id: user.id,
    name: user.name,
    username: user.username,
    ...(fields.has('description') && user.description !== undefined ? { description: user.description } : {}),
    ...(fields.has('location') && user.location ? { location: user.location } : {}),
    ...(fields.has('profile_image_url') && user.profile_image_url ? { profile_image_url: user.profile_image_url } : {}),
    ...(fields.has('public_metrics')
      ? {
          public_metrics: {
            followers_count: user.followers ?? 0,
            following_count: 1,
            tweet_count: 1,
            listed_count: 0,
          },
        }
      : {}),
  });

  const tweetObject = (tweet: MockTweet, fields: Set<string>) => ({
    id: tweet.id,
    text: tweet.text,
    edit_history_tweet_ids: [tweet.id],
    ...(fields.has('author_id') ? { author_id: tweet.authorId } : {}),
    ...(fields.has('created_at') ? { created_at: tweet.createdAt } : {}),
    ...(fields.has('conversation_id') ? { conversation_id: tweet.conversationId } : {}),
    ...(fields.has('in_reply_to_user_id') && tweet.inReplyToUserId
      ? { in_reply_to_user_id: tweet.inReplyToUserId }
      : {}),
    ...(fields.has('referenced_tweets') && tweet.retweet
      ? { referenced_tweets: [{ type: 'retweeted', id: tweet.conversationId }] }
      : {}),
  });

  const dmObject = (dm: MockDm, fields: Set<string>) => ({
    id: dm.id,
    event_type: 'MessageCreate',
    text: dm.text,
    ...(fields.has('sender_id') ? { sender_id: dm.senderId } : {}),
    ...(fields.has('created_at') ? { created_at: dm.createdAt } : {}),
    ...(fields.has('dm_conversation_id')
      ? { dm_conversation_id: [dm.senderId, dm.recipientId].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1)).join('-') }
      : {}),
  });

  /** Newest first, after since_id, from the pagination token on: X's order and paging. */
  function page<T extends { id: string }>(items: T[], query: Record<string, string>) {
    const newestFirst = [...items].sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
    const since = query.since_id ? BigInt(query.since_id) : undefined;
    const before = query.pagination_token
      ? BigInt(Buffer.from(query.pagination_token, 'base64url').toString().replace('before:', ''))
      : undefined;
    const eligible = newestFirst.filter(
      (item) => (since === undefined || BigInt(item.id) > since) && (before === undefined || BigInt(item.id) < before),
    );
    const size = Math.min(pageSize, Number(query.max_results ?? 100));
    const slice = eligible.slice(0, size);
    const last = slice.at(-1);
    const more = eligible.length > slice.length && last;
    return {
      slice,
      meta: {
        result_count: slice.length,
        ...(slice.length ? { newest_id: slice[0]?.id, oldest_id: last?.id } : {}),
        ...(more ? { next_token: Buffer.from(`before:${last.id}`).toString('base64url') } : {}),
      },
    };
  }

  function includeUsers(ids: Iterable<string | undefined>, query: Record<string, string>) {
    const fields = pick(query, 'user.fields');
    const found = [...new Set(ids)].flatMap((id) => {
      const user = id ? users.get(id) : undefined;
      return user ? [userObject(user, fields)] : [];
    });
    return found.length ? { includes: { users: found } } : {};
  }

  function tweetTimeline(selected: MockTweet[], query: Record<string, string>) {
    const from = query.start_time ? Date.parse(query.start_time) : undefined;
    const { slice, meta } = page(
      selected.filter((tweet) => from === undefined || Date.parse(tweet.createdAt) >= from),
      query,
    );
    const expansions = pick(query, 'expansions');
    const fields = pick(query, 'tweet.fields');
    const related = slice.flatMap((tweet) => [
      expansions.has('author_id') ? tweet.authorId : undefined,
      expansions.has('in_reply_to_user_id') ? tweet.inReplyToUserId : undefined,
    ]);
    return {
      ...(slice.length ? { data: slice.map((tweet) => tweetObject(tweet, fields)) } : {}),
      ...includeUsers(related, query),
      meta,
    };
  }

  function lookup(found: MockUser[], missing: { parameter: string; value: string }[], query: Record<string, string>) {
    const fields = pick(query, 'user.fields');
    return {
      ...(found.length ? { data: found.map((user) => userObject(user, fields)) } : {}),
      ...(missing.length ? { errors: missing.map(({ parameter, value }) => notFoundUser(parameter, value)) } : {}),
    };
  }

  const byUsername = (name: string) =>
    [...users.values()].find((user) => user.username.toLowerCase() === name.toLowerCase());

  function classify(path: string): MockEndpoint {
    if (/^\/2\/users\/by\/username\/[^/]+$/.test(path)) return 'users_by_username';
    if (path === '/2/users/by') return 'users_by';
    if (path === '/2/users/me') return 'users_me';
    if (path === '/2/users') return 'users';
    if (/^\/2\/users\/\d+\/mentions$/.test(path)) return 'mentions';
    if (/^\/2\/users\/\d+\/tweets$/.test(path)) return 'tweets';
    if (path === '/2/dm_events') return 'dm_events';
    if (path === '/2/oauth2/token') return 'oauth2_token';
    return 'unknown';
  }

  const USER_CONTEXT: ReadonlySet<MockEndpoint> = new Set(['users_me', 'dm_events']);

  function answer(endpoint: MockEndpoint, path: string, query: Record<string, string>, auth: string | undefined) {
    const token = auth?.replace(/^Bearer /, '');
    const asUser = companies.find((company) =>
      company.userTokens.some((issued) => issued.value === token && issued.valid),
    );
    const isUser = Boolean(asUser);
    const isApp = companies.some((company) => company.bearerToken === token);
    if (!isUser && !isApp) return { status: 401, body: problem(401, 'Unauthorized') };
    if (isApp && USER_CONTEXT.has(endpoint)) {
      const detail = 'Authenticating with OAuth 2.0 Application-Only is forbidden for this endpoint.';
      return { status: 403, body: problem(403, 'Unsupported Authentication', detail) };
    }
    switch (endpoint) {
      case 'users_by_username': {
        const name = decodeURIComponent(path.split('/').at(-1) ?? '');
        const user = byUsername(name);
        const fields = pick(query, 'user.fields');
        return {
          status: 200,
          body: user ? { data: userObject(user, fields) } : { errors: [notFoundUser('username', name)] },
        };
      }
      case 'users_me':
        return { status: 200, body: { data: userObject((asUser as Company).account, pick(query, 'user.fields')) } };
      case 'users_by': {
        const names = (query.usernames ?? '').split(',').filter(Boolean);
        const invalid = names.find((name) => !/^[A-Za-z0-9_]{1,15}$/.test(name));
        if (invalid !== undefined) {
          // As X does: the whole request is refused, with the problem in an errors array.
          const message = `The \`usernames\` query parameter value [${invalid}] does not match ^[A-Za-z0-9_]{1,15}$`;
          const error = { parameters: { usernames: [query.usernames] }, message };
          return {
            status: 400,
            body: {
              errors: [error],
              title: 'Invalid Request',
              detail: 'One or more parameters to your request was invalid.',
              type: 'https://api.twitter.com/2/problems/invalid-request',
            },
          };
        }
        const found = names.flatMap((name) => byUsername(name) ?? []);
        const missing = names.filter((name) => !byUsername(name)).map((value) => ({ parameter: 'usernames', value }));
        return { status: 200, body: lookup(found, missing, query) };
      }
      case 'users': {
        const ids = (query.ids ?? '').split(',').filter(Boolean);
        const found = ids.flatMap((id) => users.get(id) ?? []);
        const missing = ids.filter((id) => !users.has(id)).map((value) => ({ parameter: 'ids', value }));
        return { status: 200, body: lookup(found, missing, query) };
      }
      case 'mentions': {
        const id = path.split('/')[3] ?? '';
        return {
          status: 200,
          body: tweetTimeline(
            tweets.filter((tweet) => tweet.mentions.includes(id)),
            query,
          ),
        };
      }
      case 'tweets': {
        const id = path.split('/')[3] ?? '';
        const own = tweets.filter((tweet) => tweet.authorId === id && !(query.exclude === 'retweets' && tweet.retweet));
        return { status: 200, body: tweetTimeline(own, query) };
      }
      case 'dm_events': {
        // No since_id on this endpoint, as on X: newest first, paged.
        const { since_id: _ignored, ...rest } = query;
        const me = (asUser as Company).account.id;
        const { slice, meta } = page(
          dms.filter((dm) => dm.senderId === me || dm.recipientId === me),
          rest,
        );
        const { newest_id: _n, oldest_id: _o, ...dmMeta } = meta;
        const expansions = pick(query, 'expansions');
        const related = slice.flatMap((dm) => [
          expansions.has('sender_id') ? dm.senderId : undefined,
          expansions.has('participant_ids') ? dm.recipientId : undefined,
        ]);
        return {
          status: 200,
          body: {
            ...(slice.length ? { data: slice.map((dm) => dmObject(dm, pick(query, 'dm_event.fields'))) } : {}),
            ...includeUsers(related, query),
            meta: dmMeta,
          },
        };
      }
      default:
        return { status: 404, body: problem(404, 'Not Found') };
    }
  }

  /**
   * `POST /2/oauth2/token` with grant_type=refresh_token, form-encoded (RFC 6749 §6): a confidential client
   * authenticates with HTTP Basic, a public one names its client_id. The refresh token rotates.
   */
  function renew(form: Record<string, string>, headers: IncomingMessage['headers']) {
    const basic = headers.authorization?.startsWith('Basic ')
      ? Buffer.from(headers.authorization.slice(6), 'base64').toString()
      : undefined;
    const company = companies.find((candidate) => candidate.refreshToken === form.refresh_token);
    const clientOk =
      company &&
      form.client_id === company.clientId &&
      (basic === undefined || basic === `${company.clientId}:${company.clientSecret}`);
    if (form.grant_type !== 'refresh_token' || !company || !clientOk) {
      const error = { error: 'invalid_request', error_description: 'Value passed for the token was invalid.' };
      return { status: 400, body: error };
    }
    const access = { value: secret('user'), valid: true };
    company.userTokens.push(access);
    company.refreshToken = secret('refresh');
    return {
      status: 200,
      body: {
        token_type: 'bearer',
        expires_in: 7200,
        access_token: access.value,
        scope: 'tweet.read users.read dm.read offline.access',
        refresh_token: company.refreshToken,
      },
    };
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const query = Object.fromEntries(url.searchParams);
      const endpoint = classify(url.pathname);
      const form = req.method === 'POST' ? Object.fromEntries(new URLSearchParams(await readText(req))) : {};
      log.push({
        endpoint,
        path: url.pathname,
        query,
        authorization: req.headers.authorization,
        ...(form.client_id ? { clientId: form.client_id } : {}),
        at: Date.now(),
      });
      if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
      const reply =
        scriptedFor(endpoint) ??
        (endpoint === 'oauth2_token'
          ? renew(form, req.headers)
          : answer(endpoint, url.pathname, query, req.headers.authorization));
      const headers = {
        'content-type': 'application/json; charset=utf-8',
        'x-rate-limit-limit': '450',
        'x-rate-limit-remaining': '449',
        'x-rate-limit-reset': String(Math.ceil(Date.now() / 1000) + 900),
        ...('headers' in reply ? reply.headers : {}),
      };
      if (reply.status === 0) {
        res.socket?.destroy();
        return;
      }
      res.writeHead(reply.status, headers);
      res.end('text' in reply && reply.text !== undefined ? reply.text : JSON.stringify(reply.body));
    } finally {
      inFlight--;
    }
  }

  const http = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify(problem(500, 'Mock failure', String(error))));
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;

  const addTweet = (tweet: Omit<MockTweet, 'id' | 'conversationId'> & { conversationId?: string }) => {
    const id = newId();
    tweets.push({ ...tweet, id, conversationId: tweet.conversationId ?? id });
    return id;
  };

  const url = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      http.closeAllConnections();
      http.close(() => resolve());
    });

  /** The mock as one company account's test sees it: what it adds is that account's conversation. */
  function facet(company: Company): MockXApi {
    const { account, bearerToken } = company;
    const userToken = (company.userTokens[0] as { value: string }).value;
    const ours = (authorization: string | undefined) =>
      authorization === `Bearer ${bearerToken}` ||
      company.userTokens.some((issued) => authorization === `Bearer ${issued.value}`);
    return {
      url,
      account,
      bearerToken,
      userToken,
      credentials: { account: account.username, bearer: bearerToken, userToken },
      oauth: {
        clientId: company.clientId,
        clientSecret: company.clientSecret,
        refreshToken: () => company.refreshToken,
      },
      setUser,
      addMention({ from, text, at, replyToCompany }) {
        return addTweet({
          authorId: from,
          text,
          createdAt: toIso(at, tick()),
          mentions: [account.id],
          ...(replyToCompany ? { inReplyToUserId: account.id } : {}),
        });
      },
      addReply({ to, text, at }) {
        return addTweet({
          authorId: account.id,
          text,
          createdAt: toIso(at, tick()),
          mentions: [to],
          inReplyToUserId: to,
        });
      },
      addCompanyPost({ text, retweet, at }) {
        return addTweet({ authorId: account.id, text, createdAt: toIso(at, tick()), mentions: [], retweet });
      },
      addDm(input) {
        const id = newId();
        const [senderId, recipientId] = 'from' in input ? [input.from, account.id] : [account.id, input.to];
        dms.push({ id, senderId, recipientId, text: input.text, createdAt: toIso(input.at, tick()) });
        return id;
      },
      setPageSize(size) {
        pageSize = size;
      },
      scriptNext: script,
      rateLimitNext(endpoint, resetAt, skip) {
        const headers = {
          'x-rate-limit-limit': '450',
          'x-rate-limit-remaining': '0',
          'x-rate-limit-reset': String(Math.ceil(resetAt / 1000)),
        };
        script(endpoint, { status: 429, body: problem(429, 'Too Many Requests'), headers }, skip);
      },
      pageOf(kind, ids) {
        const all = {
          'tweet.fields': ALL_TWEET_FIELDS,
          'dm_event.fields': ALL_DM_FIELDS,
          'user.fields': ALL_USER_FIELDS,
        };
        if (kind === 'dm_events') {
          const events = ids.flatMap((id) => dms.find((dm) => dm.id === id) ?? []);
          return {
            data: events.map((dm) => dmObject(dm, pick(all, 'dm_event.fields'))),
            ...includeUsers(
              events.flatMap((dm) => [dm.senderId, dm.recipientId]),
              all,
            ),
            meta: { result_count: events.length },
          };
        }
        const chosen = ids.flatMap((id) => tweets.find((tweet) => tweet.id === id) ?? []);
        return {
          data: chosen.map((tweet) => tweetObject(tweet, pick(all, 'tweet.fields'))),
          ...includeUsers(
            chosen.flatMap((tweet) => [tweet.authorId, tweet.inReplyToUserId]),
            all,
          ),
          meta: {
            result_count: chosen.length,
            ...(chosen.length ? { newest_id: chosen[0]?.id, oldest_id: chosen.at(-1)?.id } : {}),
          },
        };
      },
      setDelay(ms) {
        delayMs = ms;
      },
      revokeUserToken() {
        for (const issued of company.userTokens) issued.valid = false;
      },
      renewUserToken() {
        const renewed = { value: secret('user'), valid: true };
        company.userTokens.push(renewed);
        return renewed.value;
      },
      addCompanyAccount: (username) => facet(addCompany(username)),
      requests: (endpoint) =>
        log.filter(
          (entry) =>
            (ours(entry.authorization) || entry.clientId === company.clientId) &&
            (!endpoint || entry.endpoint === endpoint),
        ),
      maxConcurrent: () => maxInFlight,
      resetConcurrency() {
        maxInFlight = inFlight;
      },
      stop,
    };
  }

  return facet(addCompany(options.account?.username ?? 'acme', options.account?.name ?? 'Acme'));
}
