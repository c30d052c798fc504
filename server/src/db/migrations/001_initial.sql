-- Teams, their people and tokens, the replicas (clients) that sync, and the synced records.

CREATE TABLE teams (
  id text PRIMARY KEY,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- One counter per team. A push locks this row (SELECT … FOR UPDATE) before anything else and holds it until it
-- commits, so one team's pushes commit one after another and their versions are committed in increasing order:
-- a pull can then never miss a record that commits later with a lower version.
CREATE TABLE team_versions (
  team_id text PRIMARY KEY REFERENCES teams (id) ON DELETE CASCADE,
  version bigint NOT NULL DEFAULT 0
);

CREATE TABLE users (
  id text PRIMARY KEY,
  team_id text NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX users_by_team ON users (team_id);

-- Only the SHA-256 of a token is kept; the token itself is shown once when it is made.
CREATE TABLE api_tokens (
  id text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);
CREATE INDEX api_tokens_by_user ON api_tokens (user_id);

-- A replica of the team's data (one browser profile), owned by the user who first pushed with it. Its last
-- mutation id is written in the same transaction as the mutations' effects: that is what makes a retried push
-- apply exactly once.
CREATE TABLE clients (
  team_id text NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  client_id text NOT NULL,
  user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  last_mutation_id bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (team_id, client_id)
);

-- Each record's merged fields, each field's clock stamp, and the team version of its latest change. Ids are kept
-- as the client wrote them (text, not uuid), so a pulled id is byte for byte the one the client made.
CREATE TABLE records (
  team_id text NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  store text NOT NULL,
  id text NOT NULL,
  data jsonb NOT NULL,
  clocks jsonb NOT NULL,
  version bigint NOT NULL,
  PRIMARY KEY (team_id, store, id)
);
-- Pulls read a team's records in version order; unique, because a version is given to one change only.
CREATE UNIQUE INDEX records_by_team_version ON records (team_id, version);
