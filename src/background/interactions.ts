import { RapportError } from '../lib/errors';
import type { ContactContext, NewInteraction } from '../lib/messages';
import { Contact, Interaction, Task } from '../lib/records';
import type { RapportDb } from './db';
import { contactContext, liveOne } from './read';
import { freshMeta, inWriteTx } from './write';

/** Logs one interaction (and its follow-up, if any) for a known contact; returns the contact's refreshed context. */
export function logInteraction(db: RapportDb, entry: NewInteraction): Promise<ContactContext> {
  return inWriteTx(db, async (w) => {
    const contact = await liveOne(Contact, w.tx.objectStore('contacts').get(entry.contactId));
    if (!contact) throw new RapportError('not_found', 'That contact no longer exists');
    const now = Date.now();
    await w.put(
      'interactions',
      Interaction.parse({
        ...freshMeta(now),
        contactId: contact.id,
        type: entry.type,
        channel: entry.channel,
        direction: entry.direction,
        occurredAt: entry.occurredAt ?? now,
        summary: entry.summary,
        notes: entry.notes ?? '',
        outcome: entry.outcome || undefined,
      }),
      true,
    );
    if (entry.followUp) {
      await w.put(
        'tasks',
        Task.parse({
          ...freshMeta(now),
          contactId: contact.id,
          title: entry.followUp.title,
          dueAt: entry.followUp.dueAt,
        }),
        true,
      );
    }
    return contactContext(w.tx, contact);
  });
}
