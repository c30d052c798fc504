import type { Queryable } from '../db/database';
import { type ConnectorRow, saveRenewedToken } from './connector-store';
import { openSecret, SecretUnavailable, sealSecret } from './secrets';
import { type XApi, XCallError, type XFailure } from './x-api';

/**
 * The company account's user token during one poll. OAuth 2.0 user tokens expire (after two hours on X); when the
 * team connected a refresh token, a token X rejects is renewed once per poll and the call tried again, and one about
 * to expire is renewed before the poll starts. Without a refresh token a rejected token is reported as it is.
 */
export type Renewal = { renewed: true } | { renewed: false; failure?: XFailure };

export interface UserToken {
  value(): string;
  /** Renews the token, at most once per poll: whether there is a new one to try again with, or why not. */
  renew(): Promise<Renewal>;
  /** Renews the token first when X said it expires within a few minutes. */
  renewIfExpiring(): Promise<void>;
}

const EXPIRY_MARGIN_MS = 5 * 60 * 1000;

interface Holder {
  db: Queryable;
  api: XApi;
  secretKey: string | undefined;
  row: ConnectorRow;
  /** The user token, opened. */
  token: string;
}

export function userTokenOf({ db, api, secretKey, row, token }: Holder): UserToken {
  const { teamId } = row;
  let current = token;
  let attempt: Promise<Renewal> | undefined;

  async function renewNow(): Promise<Renewal> {
    if (!row.refreshToken || !row.clientId) return { renewed: false };
    try {
      const refreshToken = openSecret(row.refreshToken, { teamId, field: 'refresh_token' }, secretKey);
      const clientSecret = row.clientSecret
        ? openSecret(row.clientSecret, { teamId, field: 'client_secret' }, secretKey)
        : undefined;
      const renewed = await api.renewUserToken({ clientId: row.clientId, clientSecret }, refreshToken);
      await saveRenewedToken(db, teamId, {
        userToken: sealSecret(renewed.access_token, { teamId, field: 'user_token' }, secretKey),
        // X rotates refresh tokens; one that did not rotate stays valid.
        refreshToken: sealSecret(renewed.refresh_token ?? refreshToken, { teamId, field: 'refresh_token' }, secretKey),
        expiresAt: renewed.expires_in ? Date.now() + renewed.expires_in * 1000 : null,
      });
      current = renewed.access_token;
      return { renewed: true };
    } catch (error) {
      if (error instanceof XCallError) return { renewed: false, failure: error.failure };
      if (error instanceof SecretUnavailable)
        return { renewed: false, failure: { kind: 'refused', message: error.message } };
      throw error;
    }
  }

  return {
    value: () => current,
    renew() {
      // A token renewed in this poll and still refused is not renewed again: that would only loop.
      if (attempt) return attempt.then((outcome) => (outcome.renewed ? { renewed: false } : outcome));
      attempt = renewNow();
      return attempt;
    },
    async renewIfExpiring() {
      if (attempt || row.userTokenExpiresAt === null) return;
      if (row.userTokenExpiresAt - Date.now() < EXPIRY_MARGIN_MS) {
        attempt = renewNow();
        await attempt;
      }
    },
  };
}
