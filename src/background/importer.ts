import {
  type Candidate,
  candidateToRecords,
  contactMatchKeys,
  foldCompany,
  matchKeys,
  mayMergeOn,
  mergeCandidateIntoContact,
} from '../lib/import';
import type { ImportOutcome } from '../lib/messages';
import { Account, Contact, SocialIdentity } from '../lib/records';
import type { RapportDb } from './db';
import { live } from './read';
import { freshMeta, inWriteTx } from './write';

/**
 * Writes imported candidates: each is merged into the contact it matches (profile key, then email, then name at
 * the same company) or becomes a new contact, so importing the same file twice adds nothing. The match table is
 * built once per import from the whole store and kept up to date as batches land; each batch is one transaction.
 */
interface Session {
  byKey: Map<string, string>;
  identitiesOf: Map<string, Array<Pick<SocialIdentity, 'network' | 'profileKey'>>>;
  accounts: Map<string, string>;
}

/** An import's match table, and the batches queued on it: they are written one after another, in order. */
interface OpenImport {
  table: Promise<Session>;
  queue: Promise<unknown>;
  touched: number;
  /** Set by a batch that failed: the import stops there, and the batches sent after it are refused. */
  failed?: unknown;
}

const sessions = new Map<string, OpenImport>();
const SESSION_IDLE_MS = 5 * 60_000;

async function openSession(db: RapportDb): Promise<Session> {
  const tx = db.transaction(['contacts', 'identities', 'accounts']);
  const [contacts, identities, accounts] = await Promise.all([
    tx.objectStore('contacts').getAll(),
    tx.objectStore('identities').getAll(),
    tx.objectStore('accounts').getAll(),
  ]);
  await tx.done;
  const identitiesOf = new Map<string, Array<Pick<SocialIdentity, 'network' | 'profileKey'>>>();
  for (const identity of live(SocialIdentity, identities)) {
    if (!identity.contactId) continue;
    const list = identitiesOf.get(identity.contactId) ?? [];
    list.push(identity);
    identitiesOf.set(identity.contactId, list);
  }
  const byKey = new Map<string, string>();
  for (const contact of live(Contact, contacts)) {
    for (const key of contactMatchKeys(contact, identitiesOf.get(contact.id) ?? [])) {
      if (!byKey.has(key)) byKey.set(key, contact.id);
    }
  }
  const accountIds = new Map<string, string>();
  for (const account of live(Account, accounts)) accountIds.set(foldCompany(account.name), account.id);
  return { byKey, identitiesOf, accounts: accountIds };
}

function openImport(db: RapportDb, importId: string): OpenImport {
  const now = Date.now();
  for (const [id, open] of sessions) if (now - open.touched > SESSION_IDLE_MS) sessions.delete(id);
  let current = sessions.get(importId);
  if (!current) {
    const table = openSession(db);
    current = { table, queue: table, touched: now };
    sessions.set(importId, current);
  }
  current.touched = now;
  return current;
}

export function endImport(importId: string): void {
  sessions.delete(importId);
}

/**
 * Writes one batch of an import. The next batch is parsed while this one is written (import-jobs.ts); batches of
 * one import still run one at a time, in order, each seeing what the ones before it added (or a file listing a
 * person in two batches would create them twice).
 */
export function importBatch(
  db: RapportDb,
  importId: string,
  candidates: readonly Candidate[],
  owner?: string,
): Promise<ImportOutcome> {
  const open = openImport(db, importId);
  const run = open.queue.then(async () => {
    if (open.failed) throw open.failed;
    try {
      return await writeBatch(db, await open.table, candidates, owner);
    } catch (error) {
      open.failed = error;
      throw error;
    }
  });
  open.queue = run.catch(() => {
    // The caller of the failed batch hears of it; the queue itself goes on to refuse the rest.
  });
  return run;
}

async function writeBatch(
  db: RapportDb,
  table: Session,
  candidates: readonly Candidate[],
  owner?: string,
): Promise<ImportOutcome> {
  const outcome: ImportOutcome = { added: 0, merged: 0, unchanged: 0 };
  // Applied to the table only once the batch has committed, so a failed batch leaves the table true to the store.
  const learned: Array<() => void> = [];
  await inWriteTx(db, async (w) => {
    const now = Date.now();
    const accountFor = async (name: string | undefined): Promise<string | undefined> => {
      if (!name) return undefined;
      const folded = foldCompany(name);
      const known = table.accounts.get(folded);
      if (known) return known;
      const account = await w.put('accounts', Account.parse({ ...freshMeta(now), name }), true);
      table.accounts.set(folded, account.id);
      learned.push(() => table.accounts.set(folded, account.id));
      return account.id;
    };
    // Within a batch two rows can be one person (a file listing them twice): the batch's own contacts count too,
    // with their profiles, so two people who share a name but not a profile stay two.
    const batchKeys = new Map<string, string>();
    const batchIdentities = new Map<string, Array<Pick<SocialIdentity, 'network' | 'profileKey'>>>();
    const identitiesOf = (id: string) => batchIdentities.get(id) ?? table.identitiesOf.get(id) ?? [];
    for (const candidate of candidates) {
      const keys = matchKeys(candidate);
      const match = keys
        .map((key) => ({ key, id: batchKeys.get(key) ?? table.byKey.get(key) }))
        .find(({ key, id }) => id && mayMergeOn(key, candidate, identitiesOf(id)));
      const accountId = await accountFor(candidate.accountName ?? candidate.company);
      if (match?.id) {
        const stored = await w.tx.objectStore('contacts').get(match.id);
        const contact = stored && Contact.safeParse(stored);
        if (contact?.success && !contact.data.deleted) {
          const identities = identitiesOf(match.id);
          const merged = mergeCandidateIntoContact({ contact: contact.data, identities }, candidate, {
            now,
            accountId,
          });
          if (!merged.changed) {
            outcome.unchanged++;
            continue;
          }
          if (merged.contact !== contact.data) await w.put('contacts', merged.contact);
          for (const identity of merged.identities) await w.put('identities', identity, true);
          remember(table, learned, batchKeys, batchIdentities, merged.contact, [...identities, ...merged.identities]);
          outcome.merged++;
          continue;
        }
      }
      const created = candidateToRecords(candidate, { now, accountId, owner });
      await w.put('contacts', created.contact, true);
      for (const identity of created.identities) await w.put('identities', identity, true);
      remember(table, learned, batchKeys, batchIdentities, created.contact, created.identities);
      outcome.added++;
    }
  });
  for (const apply of learned) apply();
  return outcome;
}

function remember(
  table: Session,
  learned: Array<() => void>,
  batchKeys: Map<string, string>,
  batchIdentities: Map<string, Array<Pick<SocialIdentity, 'network' | 'profileKey'>>>,
  contact: Contact,
  identities: Array<Pick<SocialIdentity, 'network' | 'profileKey'>>,
): void {
  const keys = contactMatchKeys(contact, identities);
  for (const key of keys) if (!batchKeys.has(key)) batchKeys.set(key, contact.id);
  batchIdentities.set(contact.id, identities);
  learned.push(() => {
    table.identitiesOf.set(contact.id, identities);
    for (const key of keys) if (!table.byKey.has(key)) table.byKey.set(key, contact.id);
  });
}
