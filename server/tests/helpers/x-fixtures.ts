import { randomUUID } from 'node:crypto';
import { materialize } from '../../../src/lib/merge';
import type { SyncRecord } from '../../../src/lib/sync';
import type { ApiClient } from './api';
import { TestReplica } from './records';

/** A browser's side of the X stories: saving contacts with X identities, and reading what the connector wrote. */

export interface SavedContact {
  contactId: string;
  identityId: string;
}

/**
 * Pushes a contact and its X identity as the extension saves them from a profile page: keyed by handle when the
 * page showed no user id, by `x:id/<id>` with the handle as alias when it did.
 */
export async function saveXContact(
  api: ApiClient,
  replica: TestReplica,
  input: { name: string; handle: string; userId?: string },
): Promise<SavedContact> {
  const contactId = randomUUID();
  const identityId = randomUUID();
  const now = Date.now();
  const handleKey = `x:${input.handle.toLowerCase()}`;
  const identity = {
    createdAt: now,
    updatedAt: now,
    deleted: false,
    network: 'x',
    profileKey: input.userId ? `x:id/${input.userId}` : handleKey,
    url: `https://x.com/${input.handle}`,
    handle: input.handle,
    displayName: input.name,
    aliases: input.userId ? [handleKey] : [],
    ...(input.userId ? { networkUserId: input.userId } : {}),
    contactId,
  };
  const answer = await api.push({
    clientId: replica.clientId,
    mutations: [
      replica.createContact({ name: input.name }, contactId),
      replica.mutation('identities', identityId, identity),
    ],
  });
  if (answer.status !== 200 || answer.body.rejected.length) {
    throw new Error(`saving ${input.name} failed: ${JSON.stringify(answer.body)}`);
  }
  return { contactId, identityId };
}

/** The team's records as a browser pulling from scratch sees them, materialized, by store. */
export async function pulledBook(api: ApiClient) {
  const { records, head } = await api.pullAll(new TestReplica().clientId);
  const of = (store: SyncRecord['store']) =>
    records
      .filter((record) => record.store === store)
      .map((record) => ({ id: record.id, ...materialize(record.data) }) as Record<string, unknown> & { id: string });
  return { records, head, interactions: of('interactions'), identities: of('identities'), contacts: of('contacts') };
}
