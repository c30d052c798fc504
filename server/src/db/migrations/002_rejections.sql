-- Rejected mutations, kept until the client shows it has dropped them (it pushes only ids above them), so a push
-- retried after its answer was lost gets the same rejections back: the answer, like the effects, is exactly once.
CREATE TABLE rejections (
  team_id text NOT NULL,
  client_id text NOT NULL,
  mutation_id bigint NOT NULL,
  reason text NOT NULL,
  PRIMARY KEY (team_id, client_id, mutation_id),
  FOREIGN KEY (team_id, client_id) REFERENCES clients (team_id, client_id) ON DELETE CASCADE
);
