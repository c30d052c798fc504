import type { DueTask } from '../lib/messages';
import { ask } from '../lib/messaging-client';
import { ErrorText } from './ErrorText';
import { endOfDay, relativeTime } from './format';
import { useAsync } from './use-async';

/** Follow-ups due today or overdue, oldest first; ticking one off removes it. */
export function FollowUps({ onOpenContact }: { onOpenContact(contactId: string): void }) {
  const [state, reload] = useAsync(
    async () => (await ask<'dueTasks'>({ type: 'dueTasks', until: endOfDay() })).tasks,
    [],
  );
  if (state.status === 'loading') return <p class="muted">Loading…</p>;
  if (state.status === 'error') return <ErrorText message={state.message} />;
  if (state.value.length === 0)
    return <p class="empty">Nothing due today. Follow-ups you add when logging an interaction appear here.</p>;
  const now = Date.now();
  const overdue = state.value.filter(({ task }) => task.dueAt < now);
  const today = state.value.filter(({ task }) => task.dueAt >= now);
  const done = async (taskId: string) => {
    await ask<'setTaskDone'>({ type: 'setTaskDone', taskId, done: true });
    await reload();
  };
  return (
    <>
      <TaskList title={`Overdue (${overdue.length})`} tasks={overdue} onDone={done} onOpenContact={onOpenContact} />
      <TaskList title={`Due today (${today.length})`} tasks={today} onDone={done} onOpenContact={onOpenContact} />
    </>
  );
}

function TaskList({
  title,
  tasks,
  onDone,
  onOpenContact,
}: {
  title: string;
  tasks: DueTask[];
  onDone(id: string): Promise<void>;
  onOpenContact(id: string): void;
}) {
  if (tasks.length === 0) return null;
  return (
    <section aria-label={title}>
      <h3>{title}</h3>
      <ul class="tasks">
        {tasks.map(({ task, contactName, accountName }) => (
          <li key={task.id}>
            <input type="checkbox" aria-label={`Done: ${task.title}`} onChange={() => void onDone(task.id)} />
            <div>
              <div>{task.title}</div>
              <div class="muted">
                {task.contactId ? (
                  <button type="button" class="link" onClick={() => task.contactId && onOpenContact(task.contactId)}>
                    {contactName ?? 'Contact'}
                  </button>
                ) : (
                  accountName
                )}{' '}
                · due {relativeTime(task.dueAt)}
              </div>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
