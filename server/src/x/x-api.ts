import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { ApiResponseError, type ITwitterApiClientPlugin, TwitterApi } from 'twitter-api-v2';
import { z } from 'zod';
import { describeIssues } from '../http/read-body';
import { describeProblems, XProblem } from './payloads';

/**
 * The connector's only way to X: GET requests to API v2 through twitter-api-v2, every answer parsed with its zod
 * schema, and every failure turned into one of a few kinds the poller knows how to wait out.
 */

/** Which token a call uses: the company account's user token, or the app's bearer token. */
export type XTokenKind = 'user' | 'app';

export type XFailure =
  /** 429: no call to the endpoint before `until` (X's x-rate-limit-reset). */
  | { kind: 'rate_limited'; until: number; message: string }
  /** 5xx, a timeout or a broken connection: try again later, backing off. */
  | { kind: 'unavailable'; message: string }
  /** 401 (expired or revoked) or 403 (lacks the access level or scope this endpoint needs). */
  | { kind: 'token_rejected'; status: 401 | 403; message: string }
  /** The answer does not parse: nothing of it is used. */
  | { kind: 'malformed'; message: string }
  /** Any other 4xx: a request X will not answer as it is. */
  | { kind: 'refused'; message: string };

export class XCallError extends Error {
  override name = 'XCallError';
  constructor(readonly failure: XFailure) {
    super(failure.message);
  }
}

export interface XAnswer<Body> {
  body: Body;
  /** From X's x-rate-limit-* headers: calls left in the window, and when it resets (epoch ms). */
  rateLimit?: { remaining: number; resetAt: number };
}

export interface XApi {
  /** GET `path` (under /2/, with its ids already in it) and parse the answer with `schema`; throws XCallError. */
  get<Schema extends z.ZodType>(
    token: { kind: XTokenKind; value: string },
    path: string,
    query: Record<string, string | undefined>,
    schema: Schema,
  ): Promise<XAnswer<z.output<Schema>>>;
  /** Renews the company account's OAuth 2.0 user token with its refresh token; throws XCallError. */
  renewUserToken(client: OAuthClient, refreshToken: string): Promise<RenewedToken>;
  close(): void;
}

/** The app's OAuth 2.0 client: its id, and its secret when it is a confidential client. */
export interface OAuthClient {
  clientId: string;
  clientSecret?: string | undefined;
}

/** X's answer to a refresh (RFC 6749 §5.1); X rotates the refresh token with every use. */
const TokenAnswer = z.object({
  token_type: z.string().max(100),
  access_token: z.string().min(1).max(4096),
  refresh_token: z.string().min(1).max(4096).optional(),
  expires_in: z.number().int().positive().optional(),
});
export type RenewedToken = z.infer<typeof TokenAnswer>;

export const RENEWAL_REFUSED = "X refused to renew the company account's token: reconnect it with x-connect";

export const X_API_BASE = 'https://api.x.com';
const TIMEOUT_MS = 30_000;
const DEFAULT_RATE_WAIT_MS = 15 * 60 * 1000;

export const tokenRejectedMessage = (kind: XTokenKind) =>
  kind === 'user'
    ? "X rejected the company account's token: reconnect it with x-connect"
    : "X rejected the app's bearer token: reconnect it with x-connect";

/**
 * twitter-api-v2 always calls https://api.x.com; this points its requests elsewhere (a mock X in tests, a proxy),
 * with an agent of the right protocol, since the library sends everything through node:https.
 */
function rebase(apiBase: URL, agent: HttpAgent): ITwitterApiClientPlugin {
  const prefix = apiBase.pathname.replace(/\/+$/, '');
  return {
    onBeforeRequest({ computedParams, requestOptions }) {
      const url = computedParams.url;
      url.protocol = apiBase.protocol;
      url.host = apiBase.host;
      url.pathname = `${prefix}${url.pathname}`;
      requestOptions.agent = agent;
    },
  };
}

function describeFailure(error: unknown, token: XTokenKind, now: number): XFailure {
  if (!(error instanceof ApiResponseError)) {
    // twitter-api-v2 wraps a network failure ("Request failed.") around the error that says what happened; its
    // `requestError` getter reads a key it never sets (1.29), so the cause is also looked for where it is stored.
    const wrapped = error as { requestError?: unknown; _options?: { error?: unknown } };
    const cause = wrapped.requestError ?? wrapped._options?.error ?? error;
    const message = cause instanceof Error ? cause.message : String(cause);
    return { kind: 'unavailable', message: `X could not be reached (${message})` };
  }
  const problems = XProblem.array().safeParse((error.data as { errors?: unknown } | undefined)?.errors);
  const topLevel = XProblem.safeParse(error.data);
  const said =
    problems.success && problems.data.length
      ? describeProblems(problems.data)
      : topLevel.success
        ? describeProblems([topLevel.data])
        : `HTTP ${error.code}`;
  if (error.code === 429) {
    const reset = error.rateLimit?.reset;
    const until = reset && Number.isFinite(reset) && reset > 0 ? reset * 1000 : now + DEFAULT_RATE_WAIT_MS;
    return { kind: 'rate_limited', until, message: `X rate limit reached until ${new Date(until).toISOString()}` };
  }
  if (error.code === 401 || error.code === 403) {
    return { kind: 'token_rejected', status: error.code, message: `${tokenRejectedMessage(token)} (X said: ${said})` };
  }
  if (error.code >= 500) return { kind: 'unavailable', message: `X is unavailable (HTTP ${error.code}: ${said})` };
  return { kind: 'refused', message: `X refused the request (HTTP ${error.code}: ${said})` };
}

export function createXApi({
  apiBase = X_API_BASE,
  now = Date.now,
}: {
  apiBase?: string;
  now?: () => number;
} = {}): XApi {
  const base = new URL(apiBase);
  const isDefault = base.origin === X_API_BASE && base.pathname === '/';
  const agent = base.protocol === 'http:' ? new HttpAgent({ keepAlive: true }) : new HttpsAgent({ keepAlive: true });
  const settings = { plugins: isDefault ? [] : [rebase(base, agent)], httpAgent: agent };
  return {
    async get(token, path, query, schema) {
      const client = new TwitterApi(token.value, settings);
      const defined = Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined));
      let answer: { data: unknown; rateLimit?: { remaining: number; reset: number } };
      try {
        answer = await client.v2.get(path, defined as Record<string, string>, {
          fullResponse: true,
          timeout: TIMEOUT_MS,
        });
      } catch (error) {
        throw new XCallError(describeFailure(error, token.kind, now()));
      }
      const parsed = schema.safeParse(answer.data);
      if (!parsed.success) {
        throw new XCallError({
          kind: 'malformed',
          message: `X sent a malformed answer to ${path.replace(/\d{3,}/g, ':id')}: ${describeIssues(parsed.error)}`,
        });
      }
      const limit = answer.rateLimit;
      return {
        body: parsed.data,
        ...(limit && Number.isFinite(limit.remaining) && Number.isFinite(limit.reset)
          ? { rateLimit: { remaining: limit.remaining, resetAt: limit.reset * 1000 } }
          : {}),
      };
    },
    async renewUserToken(oauth, refreshToken) {
      const client = new TwitterApi({ clientId: oauth.clientId, clientSecret: oauth.clientSecret }, settings);
      let answer: { data: unknown };
      try {
        // Form-encoded, as OAuth 2.0 wants (twitter-api-v2 would send this path as JSON).
        answer = await client.post(
          `${X_API_BASE}/2/oauth2/token`,
          { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: oauth.clientId },
          { forceBodyMode: 'url', fullResponse: true, timeout: TIMEOUT_MS },
        );
      } catch (error) {
        const failure = describeFailure(error, 'user', now());
        // A refused refresh (invalid_grant, revoked client) needs a person, like a refused token.
        if (failure.kind === 'refused' || failure.kind === 'token_rejected') {
          throw new XCallError({
            kind: 'token_rejected',
            status: 401,
            message: `${RENEWAL_REFUSED} (${failure.message})`,
          });
        }
        throw new XCallError(failure);
      }
      const parsed = TokenAnswer.safeParse(answer.data);
      if (!parsed.success) {
        throw new XCallError({
          kind: 'malformed',
          message: `X sent a malformed answer to oauth2/token: ${describeIssues(parsed.error)}`,
        });
      }
      return parsed.data;
    },
    close: () => agent.destroy(),
  };
}
