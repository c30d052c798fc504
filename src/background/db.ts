import { type DBSchema, type IDBPDatabase, type IDBPTransaction, openDB, type StoreNames } from 'idb';
import type { Account, Contact, Interaction, SocialIdentity, Task } from '../lib/records';
import { entryOf, type OutboxEntry, type PendingMutation } from './outbox';

export type { OutboxEntry } from './outbox';

/** The whole shape of Rapport's IndexedDB, so every read and write is type-checked against it. */
export interface RapportSchema extends DBSchema {
  contacts: { key: string; value: Contact; indexes: { 'by-name': string; 'by-updated': number; 'by-account': string } };
  accounts: { key: string; value: Account; indexes: { 'by-name': string } };
  identities: {
    key: string;
    value: SocialIdentity;
    indexes: { 'by-key': string; 'by-contact': string; 'by-account': string; 'by-alias': string };
  };
  interactions: {
    key: string;
    value: Interaction;
    indexes: { 'by-contact-time': [string, number]; 'by-external': string };
  };
  tasks: { key: string; value: Task; indexes: { 'by-due': number; 'by-contact': string } };
  outbox: { key: number; value: OutboxEntry; indexes: { 'by-key': string } };
  meta: { key: MetaKey; value: unknown };
}

/**
 * What the meta store keeps: the clock of the last local change, this browser's sync client id, how far it has
 * pulled, which server that position belongs to, and how far a copy of every record for a new server has got.
 */
export type MetaKey = 'clock' | 'clientId' | 'cursor' | 'syncServer' | 'copyForServer';

export type RapportDb = IDBPDatabase<RapportSchema>;
type UpgradeTx = IDBPTransaction<RapportSchema, StoreNames<RapportSchema>[], 'versionchange'>;

/**
 * One step per schema version, applied in order from the version on disk. To change the schema, append a step:
 * never edit a released one, so every user's database walks the same path and keeps its data.
 */
export const UPGRADES: readonly UpgradeStep[] = [
  // Version 1: the records, their lookup indexes and the sync outbox.
  (db) => {
    const contacts = db.createObjectStore('contacts', { keyPath: 'id' });
    contacts.createIndex('by-name', 'name');
    contacts.createIndex('by-updated', 'updatedAt');
    contacts.createIndex('by-account', 'accountId');
    db.createObjectStore('accounts', { keyPath: 'id' }).createIndex('by-name', 'name');
    const identities = db.createObjectStore('identities', { keyPath: 'id' });
    identities.createIndex('by-key', 'profileKey');
    identities.createIndex('by-contact', 'contactId');
    identities.createIndex('by-account', 'accountId');
    const interactions = db.createObjectStore('interactions', { keyPath: 'id' });
    interactions.createIndex('by-contact-time', ['contactId', 'occurredAt']);
    interactions.createIndex('by-external', 'externalId');
    const tasks = db.createObjectStore('tasks', { keyPath: 'id' });
    tasks.createIndex('by-due', 'dueAt');
    tasks.createIndex('by-contact', 'contactId');
    db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
    db.createObjectStore('meta');
  },
  // Version 2: pulled records are merged with their changes still waiting in the outbox, found by record.
  (_db, tx) => {
    // Replaced in version 4 by 'by-key'; kept as written, so a database walks the same path from any version.
    tx.objectStore('outbox').createIndex('by-record' as never, ['store', 'recordId']);
  },
  // Version 3: an identity is found by any of its keys (an X handle after the id became the profile key).
  (_db, tx) => {
    tx.objectStore('identities').createIndex('by-alias', 'aliases', { multiEntry: true });
  },
  // Version 4: one outbox entry per transaction instead of per record; waiting changes keep their place in line.
  async (_db, tx) => {
    const outbox = tx.objectStore('outbox');
    outbox.deleteIndex('by-record');
    outbox.createIndex('by-key', 'keys', { multiEntry: true });
    let cursor = await outbox.openCursor();
    while (cursor) {
      const old = cursor.value as unknown as Omit<PendingMutation, 'n'> & { seq: number; mutations?: unknown };
      if (!old.mutations) {
        const { store, recordId, patch, hlc } = old;
        await cursor.update({ ...entryOf([{ n: 0, store, recordId, patch, hlc }]), seq: old.seq });
      }
      cursor = await cursor.continue();
    }
  },
];

export const SCHEMA_VERSION = UPGRADES.length;
export const DB_NAME = 'rapport';

export type UpgradeStep = (db: RapportDb, tx: UpgradeTx) => void | Promise<void>;

/** Opens (creating or upgrading) the database; `steps` is only replaced by tests that rehearse a future version. */
export function openRapportDb(name = DB_NAME, steps: readonly UpgradeStep[] = UPGRADES): Promise<RapportDb> {
  return openDB<RapportSchema>(name, steps.length, {
    async upgrade(db, oldVersion, _newVersion, tx) {
      // Steps may read and rewrite records (awaiting only IndexedDB, which keeps the upgrade transaction open).
      for (let version = oldVersion; version < steps.length; version++) await steps[version]?.(db, tx);
    },
    blocking() {
      // A newer version of Rapport wants to upgrade: let it, this connection reopens on next use.
      void closeCached();
    },
  });
}

let cached: Promise<RapportDb> | undefined;

/** The worker's shared connection, opened on first use (the worker may be stopped and restarted at any time). */
export function db(): Promise<RapportDb> {
  cached ??= openRapportDb();
  return cached;
}

async function closeCached(): Promise<void> {
  const current = cached;
  cached = undefined;
  (await current)?.close();
}
