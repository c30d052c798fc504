import type { Queryable } from '../db/database';

/** The SQL of a team's connector row and its endpoints' state (migration 003); every statement names its team. */

export interface ConnectorRow {
  teamId: string;
  accountHandle: string;
  accountUserId: string;
  /** Sealed (see secrets.ts): open with openSecret before use. */
  bearerToken: string;
  userToken: string;
  /** To renew the user token (all three or none; the secret only for a confidential client); sealed. */
  refreshToken: string | null;
  clientId: string | null;
  clientSecret: string | null;
  /** When the user token expires, if X said (epoch ms). */
  userTokenExpiresAt: number | null;
  lastPollAt: number | null;
  lastError: string | null;
  /** When this account was first connected to the team (epoch ms): the first poll reads history from before it. */
  connectedAt: number;
}

export async function readConnector(db: Queryable, teamId: string): Promise<ConnectorRow | undefined> {
  const [row] = await db.query<ConnectorRow>(
    `SELECT team_id AS "teamId", account_handle AS "accountHandle", account_user_id AS "accountUserId",
            bearer_token AS "bearerToken", user_token AS "userToken", last_poll_at AS "lastPollAt",
            refresh_token AS "refreshToken", client_id AS "clientId", client_secret AS "clientSecret",
            user_token_expires_at AS "userTokenExpiresAt",
            last_error AS "lastError", (extract(epoch FROM connected_at) * 1000)::bigint AS "connectedAt"
       FROM x_connectors WHERE team_id = $1`,
    [teamId],
  );
  return row;
}

export async function connectedTeams(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ team_id: string }>('SELECT team_id FROM x_connectors ORDER BY team_id');
  return rows.map((row) => row.team_id);
}

/**
 * Stores the team's connector. Another account than before starts afresh (its cursors and the people seen
 * belong to the old account); the same account keeps its cursors and clears the errors that made it reconnect.
 */
export async function saveConnector(
  tx: Queryable,
  row: Pick<
    ConnectorRow,
    | 'teamId'
    | 'accountHandle'
    | 'accountUserId'
    | 'bearerToken'
    | 'userToken'
    | 'refreshToken'
    | 'clientId'
    | 'clientSecret'
    | 'userTokenExpiresAt'
  >,
) {
  const [before] = await tx.query<{ account_user_id: string }>(
    'SELECT account_user_id FROM x_connectors WHERE team_id = $1 FOR UPDATE',
    [row.teamId],
  );
  if (before && before.account_user_id !== row.accountUserId) await removeConnector(tx, row.teamId);
  await tx.query(
    `INSERT INTO x_connectors (team_id, account_handle, account_user_id, bearer_token, user_token, refresh_token,
                              client_id, client_secret, user_token_expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (team_id) DO UPDATE SET account_handle = excluded.account_handle,
       bearer_token = excluded.bearer_token, user_token = excluded.user_token,
       refresh_token = excluded.refresh_token, client_id = excluded.client_id,
       client_secret = excluded.client_secret, user_token_expires_at = excluded.user_token_expires_at,
       last_error = NULL`,
    [
      row.teamId,
      row.accountHandle,
      row.accountUserId,
      row.bearerToken,
      row.userToken,
      row.refreshToken,
      row.clientId,
      row.clientSecret,
      row.userTokenExpiresAt,
    ],
  );
  // X's rate limits stay (they are the app's and the account's, whatever the token); the rest gets a new chance.
  await tx.query('UPDATE x_endpoints SET backoff_until = NULL, failures = 0, last_error = NULL WHERE team_id = $1', [
    row.teamId,
  ]);
}

/** Forgets the connector and everything it kept (cascades); the interactions it wrote stay in the team's book. */
export async function removeConnector(db: Queryable, teamId: string): Promise<boolean> {
  const rows = await db.query('DELETE FROM x_connectors WHERE team_id = $1 RETURNING team_id', [teamId]);
  return rows.length > 0;
}

export async function finishPoll(db: Queryable, teamId: string, at: number, connectorError: string | null) {
  await db.query('UPDATE x_connectors SET last_poll_at = $2, last_error = $3 WHERE team_id = $1', [
    teamId,
    at,
    connectorError,
  ]);
}

/**
 * Stores a renewed user token with the refresh token that came with it, at once and on its own: X rotates refresh
 * tokens, so the old one no longer works and the new one must not be lost with a later failure.
 */
export async function saveRenewedToken(
  db: Queryable,
  teamId: string,
  renewed: { userToken: string; refreshToken: string; expiresAt: number | null },
) {
  await db.query(
    'UPDATE x_connectors SET user_token = $2, refresh_token = $3, user_token_expires_at = $4 WHERE team_id = $1',
    [teamId, renewed.userToken, renewed.refreshToken, renewed.expiresAt],
  );
}

export async function renameAccount(db: Queryable, teamId: string, handle: string) {
  await db.query('UPDATE x_connectors SET account_handle = $2 WHERE team_id = $1', [teamId, handle]);
}

/** Where one endpoint's polling stands (see x_endpoints in migration 003). */
export interface EndpointState {
  sinceId: string | null;
  nextToken: string | null;
  runNewestId: string | null;
  rateLimitedUntil: number | null;
  backoffUntil: number | null;
  failures: number;
  lastError: string | null;
}

const EMPTY_STATE: EndpointState = {
  sinceId: null,
  nextToken: null,
  runNewestId: null,
  rateLimitedUntil: null,
  backoffUntil: null,
  failures: 0,
  lastError: null,
};

const STATE_COLUMNS = `since_id AS "sinceId", next_token AS "nextToken", run_newest_id AS "runNewestId",
  rate_limited_until AS "rateLimitedUntil", backoff_until AS "backoffUntil", failures, last_error AS "lastError"`;

export async function readEndpoint(db: Queryable, teamId: string, endpoint: string): Promise<EndpointState> {
  const [row] = await db.query<EndpointState>(
    `SELECT ${STATE_COLUMNS} FROM x_endpoints WHERE team_id = $1 AND endpoint = $2`,
    [teamId, endpoint],
  );
  return row ?? { ...EMPTY_STATE };
}

export async function readEndpoints(db: Queryable, teamId: string): Promise<(EndpointState & { endpoint: string })[]> {
  return db.query<EndpointState & { endpoint: string }>(
    `SELECT endpoint, ${STATE_COLUMNS} FROM x_endpoints WHERE team_id = $1 ORDER BY endpoint`,
    [teamId],
  );
}

export async function writeEndpoint(db: Queryable, teamId: string, endpoint: string, state: EndpointState) {
  await db.query(
    `INSERT INTO x_endpoints (team_id, endpoint, since_id, next_token, run_newest_id, rate_limited_until,
                              backoff_until, failures, last_error)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (team_id, endpoint) DO UPDATE SET since_id = excluded.since_id, next_token = excluded.next_token,
       run_newest_id = excluded.run_newest_id, rate_limited_until = excluded.rate_limited_until,
       backoff_until = excluded.backoff_until, failures = excluded.failures, last_error = excluded.last_error`,
    [
      teamId,
      endpoint,
      state.sinceId,
      state.nextToken,
      state.runNewestId,
      state.rateLimitedUntil,
      state.backoffUntil,
      state.failures,
      state.lastError,
    ],
  );
}
