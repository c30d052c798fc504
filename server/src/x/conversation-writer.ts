import type { Queryable } from '../db/database';
import type { Logger } from '../log';
import { lockTeamVersion } from '../sync/record-store';
import type { ServerClock } from '../sync/server-clock';
import { applyServerPatches, type ServerPatch } from '../sync/server-writes';
import { renameAccount } from './connector-store';
import type { CompanyAccount, ConversationItem } from './conversation-items';
import { identityPatch } from './identity-updates';
import { interactionPatch } from './interactions';
import type { XUser } from './payloads';
import { forgetPerson, keepPending, notePerson, pendingItemsOf, peopleSeen } from './pending-store';
import { loadXBook, type XBook } from './x-book';

/** What one page (or one backfill) changed, for the poll's report. */
export interface WriteCounts {
  interactions: number;
  pending: number;
  identities: number;
}

export interface WriteContext {
  teamId: string;
  account: CompanyAccount;
  clock: ServerClock;
  logger: Logger;
  now: number;
}

/** Writes the server's changes and counts what was stored; a change the schema refuses is logged, not stored. */
async function write(tx: Queryable, context: WriteContext, patches: ServerPatch[]): Promise<WriteCounts> {
  const { saved, rejected } = await applyServerPatches(tx, context.teamId, patches, context.clock);
  for (const { patch, reason } of rejected) {
    context.logger.warn('x connector change refused', {
      team: context.teamId,
      store: patch.store,
      record: patch.recordId,
      reason,
    });
  }
  return {
    interactions: saved.filter((record) => record.store === 'interactions').length,
    identities: saved.filter((record) => record.store === 'identities').length,
    pending: 0,
  };
}

/** The keys and handle X shows for people the team knows: their user id, a rename (never their profile here). */
function keyUpdates(book: XBook, users: readonly XUser[], now: number): ServerPatch[] {
  return users.flatMap((user) =>
    book
      .identitiesOf(user.id, user.username)
      .flatMap((entry) => identityPatch(entry, user, { enrich: false, now }) ?? []),
  );
}

/**
 * Stores one page of conversation items in the caller's transaction: items with a contact become interactions on
 * that contact, the others wait with their person (a suggestion when they mentioned the company). Identities of
 * people on the page get their user id and a new handle after a rename. Items are matched by user id first, so a
 * renamed contact stays the same contact.
 */
export async function storeConversationPage(
  tx: Queryable,
  context: WriteContext,
  items: readonly ConversationItem[],
  users: readonly XUser[],
): Promise<WriteCounts> {
  // Before reading the book: a browser's push of a new contact then lands either wholly before or after this page.
  await lockTeamVersion(tx, context.teamId);
  const book = await loadXBook(tx, context.teamId);
  const usersById = new Map(users.map((user) => [user.id, user]));
  const company = usersById.get(context.account.userId);
  if (company && company.username !== context.account.handle) {
    await renameAccount(tx, context.teamId, company.username);
  }
  const patches = keyUpdates(
    book,
    users.filter((user) => user.id !== context.account.userId),
    context.now,
  );
  let pending = 0;
  for (const item of new Map(items.map((entry) => [entry.externalId, entry])).values()) {
    const person = usersById.get(item.counterpartId);
    const contact = book.contactIdentity(item.counterpartId, person?.username);
    if (contact) {
      patches.push(interactionPatch(context.teamId, item, contact.identity.contactId as string, context.now));
      continue;
    }
    await notePerson(tx, context.teamId, item.counterpartId, person);
    await keepPending(tx, context.teamId, item);
    pending++;
  }
  return { ...(await write(tx, context, patches)), pending };
}

/**
 * People with pending items who have become contacts since (a browser saved them, or enrichment learned their user
 * id): their items become interactions on the contact and they stop being suggested. Runs in the caller's
 * transaction.
 */
export async function backfillContacts(tx: Queryable, context: WriteContext): Promise<WriteCounts> {
  await lockTeamVersion(tx, context.teamId);
  const book = await loadXBook(tx, context.teamId);
  const patches: ServerPatch[] = [];
  for (const person of await peopleSeen(tx, context.teamId)) {
    const contact = book.contactIdentity(person.userId, person.handle ?? undefined);
    if (!contact) continue;
    for (const item of await pendingItemsOf(tx, context.teamId, person.userId)) {
      patches.push(interactionPatch(context.teamId, item, contact.identity.contactId as string, context.now));
    }
    // A contact saved by handle learns its user id here, without asking X.
    if (person.handle) {
      const seen = { id: person.userId, username: person.handle, name: '' };
      for (const entry of book.identitiesOf(person.userId, person.handle)) {
        const patch = identityPatch(entry, seen, { enrich: false, now: context.now });
        if (patch) patches.push(patch);
      }
    }
    await forgetPerson(tx, context.teamId, person.userId);
  }
  return write(tx, context, patches);
}
