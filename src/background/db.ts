import { type DBSchema, type IDBPDatabase, type IDBPTransaction, openDB, type StoreNames } from 'idb';
import type { Account, Contact, Interaction, RecordStoreName, SocialIdentity, Task } from '../lib/records';

/** A change waiting to be pushed to the team server, written in the same transaction as the change itself. */
export interface OutboxEntry {
  /** Auto-incremented: also the mutation id the server uses to apply each change exactly once. */
  seq?: number;
  store: RecordStoreName;
  recordId: string;
  /** The fields this change set (all of them for a new record). */
  patch: Record<string, unknown>;
  /** Hybrid logical clock stamp of the change; the later stamp of a field wins when edits meet. */
  hlc: string;
}

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
  outbox: { key: number; value: OutboxEntry; indexes: { 'by-record': [string, string] } };
  meta: { key: string; value: unknown };
}

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
    tx.objectStore('outbox').createIndex('by-record', ['store', 'recordId']);
  },
  // Version 3: an identity is found by any of its keys (an X handle after the id became the profile key).
  (_db, tx) => {
    tx.objectStore('identities').createIndex('by-alias', 'aliases', { multiEntry: true });
  },
];

export const SCHEMA_VERSION = UPGRADES.length;
export const DB_NAME = 'rapport';

export type UpgradeStep = (db: RapportDb, tx: UpgradeTx) => void;

/** Opens (creating or upgrading) the database; `steps` is only replaced by tests that rehearse a future version. */
export function openRapportDb(name = DB_NAME, steps: readonly UpgradeStep[] = UPGRADES): Promise<RapportDb> {
  return openDB<RapportSchema>(name, steps.length, {
    upgrade(db, oldVersion, _newVersion, tx) {
      for (let version = oldVersion; version < steps.length; version++) steps[version]?.(db, tx);
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
