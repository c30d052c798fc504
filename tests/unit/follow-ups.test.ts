import { describe, expect, it } from 'vitest';
import { saveAccount } from '../../src/background/accounts';
import { contactDetail, updateContact } from '../../src/background/contacts';
import type { RapportDb } from '../../src/background/db';
import { logInteraction } from '../../src/background/interactions';
import { keepSearchIndexCurrent, searchIndex } from '../../src/background/search-service';
import { createTask, dueTasks, markNotified, nextReminderAt, setTaskDone } from '../../src/background/tasks';
import { deleteEverything, storeCounts } from '../../src/background/wipe';
import { freshDatabase, jane, savedContact } from './helpers';

let db: RapportDb;
freshDatabase((opened) => {
  db = opened;
});

describe('follow-ups', () => {
  it('lists open follow-ups due by a time, with the contact and account names', async () => {
    const { contact } = await savedContact(db, jane);
    const overdue = await createTask(db, { contactId: contact.id, title: 'Send proposal', dueAt: 1_000 });
    await createTask(db, { contactId: contact.id, title: 'Next quarter', dueAt: 10_000_000_000_000 });
    const due = await dueTasks(db, 5_000);
    expect(due).toEqual([{ task: overdue, contactName: 'Jane Doe', accountName: 'Northwind' }]);
    await setTaskDone(db, overdue.id, true);
    expect(await dueTasks(db, 5_000)).toEqual([]);
  });

  it('arms the next reminder for the earliest task not yet notified, once', async () => {
    const { contact } = await savedContact(db, jane);
    const first = await createTask(db, { contactId: contact.id, title: 'Call', dueAt: 2_000 });
    await createTask(db, { contactId: contact.id, title: 'Email', dueAt: 3_000 });
    expect(await nextReminderAt(db)).toBe(2_000);
    await markNotified(db, [first.id]);
    expect(await nextReminderAt(db)).toBe(3_000);
  });

  it('turns a follow-up logged with an interaction into a task on the timeline', async () => {
    const { contact } = await savedContact(db, jane);
    const context = await logInteraction(db, {
      contactId: contact.id,
      type: 'call',
      channel: 'phone',
      summary: 'Discovery call',
      occurredAt: 5_000,
      followUp: { title: 'Send pricing', dueAt: 9_000 },
    });
    expect(context.openTasks.map((t) => t.title)).toEqual(['Send pricing']);
    const detail = await contactDetail(db, contact.id);
    expect(detail.timeline.map((entry) => entry.kind)).toEqual(['task', 'interaction']);
  });
});

describe('contacts and accounts', () => {
  it('edits contact fields and links an account by id', async () => {
    const { contact } = await savedContact(db, { ...jane, company: undefined });
    const account = await saveAccount(db, { name: 'Contoso', relationship: 'customer', stage: 'won', notes: '' });
    const edited = await updateContact(db, contact.id, { stage: 'qualified', tags: ['vip'], accountId: account.id });
    expect(edited.contact).toMatchObject({
      stage: 'qualified',
      tags: ['vip'],
      accountId: account.id,
      company: 'Contoso',
    });
    expect(edited.account?.relationship).toBe('customer');
    const unlinked = await updateContact(db, contact.id, { accountId: null });
    expect(unlinked.contact.accountId).toBeUndefined();
    expect(unlinked.account).toBeUndefined();
  });

  it('refuses an invalid edit and keeps the record as it was', async () => {
    const { contact } = await savedContact(db, jane);
    await expect(updateContact(db, contact.id, { name: '' })).rejects.toThrow();
    expect((await contactDetail(db, contact.id)).contact.name).toBe('Jane Doe');
  });

  it('puts a second lead at the same company, spelt in lower case, on the same account', async () => {
    const first = await savedContact(db, jane);
    const second = await savedContact(db, {
      ...jane,
      profileKey: 'linkedin:in/sam',
      url: 'https://www.linkedin.com/in/sam/',
      name: 'Sam',
      company: 'northwind',
    });
    expect(first.account?.name).toBe('Northwind');
    expect(second.account?.id).toBe(first.account?.id);
  });
});

it('deletes everything in one go, and the search index forgets it too', async () => {
  keepSearchIndexCurrent(async () => db);
  await savedContact(db, jane);
  expect((await storeCounts(db)).contacts).toBe(1);
  expect((await searchIndex(db)).search('jane', 10)).toHaveLength(1);
  await deleteEverything(db);
  expect(Object.values(await storeCounts(db)).every((n) => n === 0)).toBe(true);
  expect((await searchIndex(db)).search('jane', 10)).toEqual([]);
});
