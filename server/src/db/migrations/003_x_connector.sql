-- The X connector (docs/x-connector.md): per team, the company X account, its tokens, where each X endpoint's
-- polling stands, and what was seen from people who are not contacts yet. The conversations with contacts are not
-- kept here: they become Interaction records in `records`, like any browser's change.

-- Tokens are sealed (server/src/x/secrets.ts: AES-256-GCM when RAPPORT_SECRET_KEY is set). No route returns them
-- and nothing logs them. Times are epoch milliseconds, as in the records.
CREATE TABLE x_connectors (
  team_id text PRIMARY KEY REFERENCES teams (id) ON DELETE CASCADE,
  account_handle text NOT NULL,
  account_user_id text NOT NULL,
  bearer_token text NOT NULL,
  user_token text NOT NULL,
  last_poll_at bigint,
  -- A failure of the connector as a whole (tokens that cannot be opened); endpoint failures are in x_endpoints.
  last_error text,
  connected_at timestamptz NOT NULL DEFAULT now()
);

-- One row per X endpoint a team's poll calls. The cursor moves only in the transaction that stores a page's
-- records, so an error can never skip or lose a page: `since_id` is the newest item fully stored; while a run of
-- pages is under way, `next_token` is the next page to read and `run_newest_id` becomes `since_id` when it ends.
CREATE TABLE x_endpoints (
  team_id text NOT NULL REFERENCES x_connectors (team_id) ON DELETE CASCADE,
  endpoint text NOT NULL,
  since_id text,
  next_token text,
  run_newest_id text,
  -- From X's x-rate-limit-reset: no call before it.
  rate_limited_until bigint,
  -- Exponential backoff after server errors, refused tokens and malformed answers.
  backoff_until bigint,
  failures integer NOT NULL DEFAULT 0,
  last_error text,
  PRIMARY KEY (team_id, endpoint)
);

-- People the company account talked with who are not (yet) contacts of the team: their profile as X last showed
-- it. Those who mentioned the company are the suggested leads, unless dismissed.
CREATE TABLE x_people (
  team_id text NOT NULL REFERENCES x_connectors (team_id) ON DELETE CASCADE,
  user_id text NOT NULL,
  handle text,
  name text,
  avatar_url text,
  bio text,
  followers integer,
  dismissed_at bigint,
  PRIMARY KEY (team_id, user_id)
);

-- Their conversation items (mentions, replies, direct messages), kept until the person becomes a contact: then
-- they are written as interactions on that contact and removed. Keyed by the item's external id (`x:tweet:<id>`),
-- so a duplicate delivery is stored once.
CREATE TABLE x_pending_items (
  team_id text NOT NULL,
  external_id text NOT NULL,
  user_id text NOT NULL,
  -- An inbound public mention of the company: what makes a suggestion.
  mention boolean NOT NULL,
  occurred_at bigint NOT NULL,
  item jsonb NOT NULL,
  PRIMARY KEY (team_id, external_id),
  FOREIGN KEY (team_id, user_id) REFERENCES x_people (team_id, user_id) ON DELETE CASCADE
);
CREATE INDEX x_pending_items_by_person ON x_pending_items (team_id, user_id, occurred_at);

-- Handles and ids X said it does not know, so enrichment does not ask again on every poll.
CREATE TABLE x_lookup_misses (
  team_id text NOT NULL REFERENCES x_connectors (team_id) ON DELETE CASCADE,
  lookup text NOT NULL,
  missed_at bigint NOT NULL,
  PRIMARY KEY (team_id, lookup)
);

-- Every poll page reads the team's X identities to match people: only those rows, not the whole book.
CREATE INDEX records_x_identities ON records (team_id) WHERE store = 'identities' AND data ->> 'network' = 'x';
