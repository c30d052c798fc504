import type { Database } from '../db/database';
import { removeConnector, saveConnector } from './connector-store';
import { USER_FIELDS, XHandle, XUserAnswer } from './payloads';
import { type SecretSlot, sealSecret } from './secrets';
import { type XApi, XCallError } from './x-api';

/**
 * Connecting a team's company X account (the admin CLI's x-connect, and tests): X must know the account (looked up
 * with the app's bearer token, which also proves that token works), and the user token must be that account's own
 * (`GET /2/users/me`), so a poll can never read another account's mentions or messages by mistake.
 */

export interface ConnectInput {
  teamId: string;
  /** The company's handle, with or without @. */
  account: string;
  /** The app's bearer token (app-only): look-ups. */
  bearer: string;
  /**
   * The company account's OAuth 2.0 user access token (scopes tweet.read users.read dm.read): mentions, DMs. May be
   * left out when `renewal` is given: the connector then gets one at once.
   */
  userToken?: string | undefined;
  /** To renew the user token when it expires: a refresh token (scope offline.access) and the app's OAuth client. */
  renewal?: { refreshToken: string; clientId: string; clientSecret?: string | undefined } | undefined;
}

export interface Connected {
  handle: string;
  userId: string;
  /** Whether the tokens are stored encrypted (RAPPORT_SECRET_KEY set). */
  encrypted: boolean;
}

async function ask<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof XCallError) throw new Error(`Could not ${what}: ${error.failure.message}`);
    throw error;
  }
}

export async function connectXAccount(
  db: Database,
  api: XApi,
  secretKey: string | undefined,
  input: ConnectInput,
): Promise<Connected> {
  const [team] = await db.query('SELECT id FROM teams WHERE id = $1', [input.teamId]);
  if (!team) throw new Error(`No team with id ${input.teamId}`);
  const handle = XHandle.safeParse(input.account.trim().replace(/^@/, ''));
  if (!handle.success) throw new Error(`"${input.account}" is not an X handle (1–15 letters, digits or _)`);
  if (!input.bearer.trim()) throw new Error('The app bearer token is needed: --bearer');
  if (!input.userToken?.trim() && !input.renewal) {
    throw new Error('The user token is needed: --user-token, or --refresh-token with --client-id');
  }

  const fields = { 'user.fields': USER_FIELDS };
  const found = await ask(`look up @${handle.data}`, () =>
    api.get({ kind: 'app', value: input.bearer }, `users/by/username/${handle.data}`, fields, XUserAnswer),
  );
  const account = found.body.data;
  if (!account) throw new Error(`X knows no account @${handle.data}`);
  // With a refresh token, renew at once: that proves the refresh token and client, and starts a fresh two hours.
  // X rotates the refresh token, so the one given here is spent; the server keeps the new one.
  const { renewal } = input;
  const renewed = renewal
    ? await ask('renew the user token with the refresh token', () =>
        api.renewUserToken({ clientId: renewal.clientId, clientSecret: renewal.clientSecret }, renewal.refreshToken),
      )
    : undefined;
  const userToken = renewed?.access_token ?? (input.userToken ?? '').trim();
  const me = await ask('check the user token', () =>
    api.get({ kind: 'user', value: userToken }, 'users/me', fields, XUserAnswer),
  );
  if (me.body.data?.id !== account.id) {
    const whose = me.body.data ? `@${me.body.data.username}` : 'no account X would name';
    throw new Error(
      `The user token belongs to ${whose}, not to @${account.username}: make one for @${account.username}`,
    );
  }

  const seal = (value: string, field: SecretSlot['field']) =>
    sealSecret(value.trim(), { teamId: input.teamId, field }, secretKey);
  await db.transaction((tx) =>
    saveConnector(tx, {
      teamId: input.teamId,
      accountHandle: account.username,
      accountUserId: account.id,
      bearerToken: seal(input.bearer, 'bearer_token'),
      userToken: seal(userToken, 'user_token'),
      refreshToken: renewal ? seal(renewed?.refresh_token ?? renewal.refreshToken, 'refresh_token') : null,
      clientId: renewal?.clientId ?? null,
      clientSecret: renewal?.clientSecret ? seal(renewal.clientSecret, 'client_secret') : null,
      userTokenExpiresAt: renewed?.expires_in ? Date.now() + renewed.expires_in * 1000 : null,
    }),
  );
  return { handle: account.username, userId: account.id, encrypted: Boolean(secretKey) };
}

export function disconnectXAccount(db: Database, teamId: string): Promise<boolean> {
  return removeConnector(db, teamId);
}
