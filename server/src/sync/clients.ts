import type { Queryable } from '../db/database';
import { ApiFailure } from '../http/api-failure';

/**
 * Clients are the replicas of a team (one per browser profile). A client id belongs to the user who first pushed
 * with it, so one teammate cannot advance (and so silently swallow) another's mutation sequence.
 */

const notYours = () =>
  new ApiFailure(403, 'forbidden', 'This client id belongs to another user of the team; make a new one');

/** Registers the client on its first push and returns its last applied mutation id; locks its row. */
export async function claimClient(tx: Queryable, teamId: string, clientId: string, userId: string): Promise<number> {
  await tx.query(
    'INSERT INTO clients (team_id, client_id, user_id) VALUES ($1, $2, $3) ON CONFLICT (team_id, client_id) DO NOTHING',
    [teamId, clientId, userId],
  );
  const [client] = await tx.query<{ user_id: string; last_mutation_id: number }>(
    'SELECT user_id, last_mutation_id FROM clients WHERE team_id = $1 AND client_id = $2 FOR UPDATE',
    [teamId, clientId],
  );
  if (!client) throw new Error(`Client ${clientId} vanished while it was being registered`);
  if (client.user_id !== userId) throw notYours();
  return client.last_mutation_id;
}

/** The client's last applied mutation id, 0 for a client that never pushed; reads only. */
export async function readClient(tx: Queryable, teamId: string, clientId: string, userId: string): Promise<number> {
  const [client] = await tx.query<{ user_id: string; last_mutation_id: number }>(
    'SELECT user_id, last_mutation_id FROM clients WHERE team_id = $1 AND client_id = $2',
    [teamId, clientId],
  );
  if (client && client.user_id !== userId) throw notYours();
  return client?.last_mutation_id ?? 0;
}

export async function advanceClient(tx: Queryable, teamId: string, clientId: string, lastMutationId: number) {
  await tx.query('UPDATE clients SET last_mutation_id = $3, updated_at = now() WHERE team_id = $1 AND client_id = $2', [
    teamId,
    clientId,
    lastMutationId,
  ]);
}
