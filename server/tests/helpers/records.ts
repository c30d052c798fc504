import { randomUUID } from 'node:crypto';
import { formatHlc } from '../../../src/lib/hlc';
import type { RecordStoreName } from '../../../src/lib/records';
import type { Mutation } from '../../../src/lib/sync';

/**
 * One replica's side of the protocol in a test: its client id, its own clock and its mutation counter, making the
 * mutations a real extension would push.
 */
export class TestReplica {
  private counter = 0;
  private lastWall = 0;
  private tickInMs = 0;
  mutationId = 0;

  constructor(readonly clientId: string = `client_${randomUUID().replaceAll('-', '').slice(0, 16)}`) {}

  /** A fresh clock stamp of this replica, later than any it made before. */
  stamp(wall = Date.now()): string {
    if (wall > this.lastWall) {
      this.lastWall = wall;
      this.tickInMs = 0;
    } else this.tickInMs++;
    this.counter = this.tickInMs;
    return formatHlc({ wall: this.lastWall, counter: this.counter, node: this.clientId });
  }

  mutation(store: RecordStoreName, recordId: string, patch: Record<string, unknown>, hlc = this.stamp()): Mutation {
    return { id: ++this.mutationId, store, recordId, hlc, patch };
  }

  createContact(fields: Record<string, unknown> = {}, recordId: string = randomUUID()): Mutation {
    return this.mutation('contacts', recordId, contactFields(fields));
  }
}

/** A complete contact, as the extension's first mutation of a new contact carries it. */
export function contactFields(fields: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Date.now();
  return {
    name: 'Ada Lovelace',
    createdAt: now,
    updatedAt: now,
    deleted: false,
    relationship: 'prospect',
    stage: 'lead',
    tags: [],
    notes: '',
    emails: [],
    phones: [],
    ...fields,
  };
}
