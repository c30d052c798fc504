-- OAuth 2.0 user access tokens expire (after two hours on X). With a refresh token and the app's OAuth 2.0 client
-- id (and secret, for a confidential client), the connector renews the company account's token itself and keeps the
-- rotated refresh token. The secrets are sealed like the other tokens.
ALTER TABLE x_connectors
  ADD COLUMN refresh_token text,
  ADD COLUMN client_id text,
  ADD COLUMN client_secret text,
  ADD COLUMN user_token_expires_at bigint;
