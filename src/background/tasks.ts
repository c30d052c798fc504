import { RapportError } from '../lib/errors';
import type { DueTask, NewTask } from '../lib/messages';
import { Account, Contact, Task } from '../lib/records';
import type { RapportDb } from './db';
import { live, liveOne, parsed } from './read';
import { freshMeta, inWriteTx } from './write';

export function createTask(db: RapportDb, input: NewTask): Promise<Task> {
  return inWriteTx(db, async (w) => {
    if (input.contactId && !(await liveOne(Contact, w.tx.objectStore('contacts').get(input.contactId)))) {
      throw new RapportError('not_found', 'That contact no longer exists');
    }
    return w.put('tasks', Task.parse({ ...freshMeta(), ...input }), true);
  });
}

export function setTaskDone(db: RapportDb, taskId: string, done: boolean): Promise<Task> {
  return inWriteTx(db, async (w) => {
    const task = await liveOne(Task, w.tx.objectStore('tasks').get(taskId));
    if (!task) throw new RapportError('not_found', 'That follow-up no longer exists');
    const now = Date.now();
    const next: Task = { ...task, done, updatedAt: now, completedAt: done ? now : undefined };
    return w.put('tasks', Task.parse(next));
  });
}

/** Marks follow-ups as notified, so a reminder fires once per task even across restarts. */
export function markNotified(db: RapportDb, taskIds: readonly string[], at = Date.now()): Promise<void> {
  return inWriteTx(db, async (w) => {
    for (const id of taskIds) {
      const task = await liveOne(Task, w.tx.objectStore('tasks').get(id));
      if (task && !task.notifiedAt) await w.put('tasks', { ...task, notifiedAt: at });
    }
  });
}

/** Open follow-ups due before `until`, oldest first, with the names a list needs. */
export async function dueTasks(db: RapportDb, until: number): Promise<DueTask[]> {
  const tx = db.transaction(['tasks', 'contacts', 'accounts']);
  const tasks = live(Task, await tx.objectStore('tasks').index('by-due').getAll(IDBKeyRange.upperBound(until))).filter(
    (task) => !task.done,
  );
  const due = await Promise.all(
    tasks.map(async (task) => {
      const contact = task.contactId
        ? parsed(Contact, await tx.objectStore('contacts').get(task.contactId))
        : undefined;
      const accountId = task.accountId ?? contact?.accountId;
      const account = accountId ? parsed(Account, await tx.objectStore('accounts').get(accountId)) : undefined;
      return { task, contactName: contact?.name, accountName: account?.name };
    }),
  );
  await tx.done;
  return due;
}

/** The earliest due time of an open follow-up that has not been notified yet. */
export async function nextReminderAt(db: RapportDb): Promise<number | undefined> {
  let cursor = await db.transaction('tasks').store.index('by-due').openCursor();
  while (cursor) {
    const task = parsed(Task, cursor.value);
    if (task && !task.deleted && !task.done && !task.notifiedAt) return task.dueAt;
    cursor = await cursor.continue();
  }
  return undefined;
}
