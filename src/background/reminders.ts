import { nativeApi as browser } from '../lib/native-api';
import type { RapportDb } from './db';
import { dueTasks, markNotified, nextReminderAt } from './tasks';
import { onCommitted } from './write';

/**
 * Follow-up reminders. The next due time is one chrome.alarms alarm, re-armed after every change, at start-up and
 * by a periodic sweep: alarms outlive the service worker, and the sweep catches any that a browser restart
 * dropped. A reminder fires once per task (its `notifiedAt` is stored); the toolbar badge counts follow-ups due
 * today or overdue.
 */
const NEXT = 'reminder:next';
const SWEEP = 'reminder:sweep';
const NOTIFICATION_PREFIX = 'task:';

export function endOfToday(now = Date.now()): number {
  const end = new Date(now);
  end.setHours(23, 59, 59, 999);
  return end.getTime();
}

export async function refreshBadge(db: RapportDb): Promise<number> {
  const count = (await dueTasks(db, endOfToday())).length;
  await browser.action.setBadgeText({ text: count ? String(count) : '' });
  await browser.action.setBadgeBackgroundColor({ color: '#b42318' });
  return count;
}

export async function armNextReminder(db: RapportDb): Promise<void> {
  const at = await nextReminderAt(db);
  if (at === undefined) await browser.alarms.clear(NEXT);
  else await browser.alarms.create(NEXT, { when: Math.max(at, Date.now() + 500) });
}

/** Notifies every open follow-up that is due and not yet notified. */
export async function fireDueReminders(db: RapportDb, now = Date.now()): Promise<string[]> {
  const due = (await dueTasks(db, now)).filter(({ task }) => !task.notifiedAt);
  for (const { task, contactName, accountName } of due) {
    const who = contactName ?? accountName;
    await browser.notifications.create(`${NOTIFICATION_PREFIX}${task.id}`, {
      type: 'basic',
      iconUrl: browser.runtime.getURL('icons/icon-128.png'),
      title: who ? `Follow up with ${who}` : 'Follow-up due',
      message: task.title,
      priority: 2,
    });
  }
  if (due.length)
    await markNotified(
      db,
      due.map(({ task }) => task.id),
      now,
    );
  return due.map(({ task }) => task.id);
}

async function onAlarm(db: RapportDb): Promise<void> {
  await fireDueReminders(db);
  await armNextReminder(db);
  await refreshBadge(db);
}

/** The page a reminder opens: the contact's first social profile, or their contact view. */
async function openTask(db: RapportDb, taskId: string): Promise<void> {
  const task = await db.get('tasks', taskId);
  const identities = task?.contactId ? await db.getAllFromIndex('identities', 'by-contact', task.contactId) : [];
  const profile = identities.find((identity) => !identity.deleted);
  const url = profile?.url ?? browser.runtime.getURL(`src/popup/index.html?contact=${task?.contactId ?? ''}`);
  await browser.tabs.create({ url });
}

export function startReminders(db: () => Promise<RapportDb>): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === NEXT || alarm.name === SWEEP) void db().then(onAlarm);
  });
  browser.notifications.onClicked.addListener((id) => {
    if (!id.startsWith(NOTIFICATION_PREFIX)) return;
    void db().then((database) => openTask(database, id.slice(NOTIFICATION_PREFIX.length)));
    void browser.notifications.clear(id);
  });
  onCommitted((changes, _db, wiped) => {
    if (wiped || changes.some((change) => change.store === 'tasks')) {
      void db().then(async (database) => {
        await armNextReminder(database);
        await refreshBadge(database);
      });
    }
  });
  void browser.alarms.create(SWEEP, { periodInMinutes: 15 });
  void db().then(onAlarm);
}
