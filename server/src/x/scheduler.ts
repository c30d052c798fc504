import type { Database } from '../db/database';
import type { Logger } from '../log';
import type { XConnector } from './connector';
import { connectedTeams } from './connector-store';

/**
 * Polls every connected team every `everyMs` (RAPPORT_X_POLL_SECONDS), one team after another, and shortly after a
 * browser saves X identities runs a contacts-only pass for that team (enrichment and backfill), so a new contact
 * gets its X profile and past conversation without waiting for the next poll.
 */
export interface XScheduler {
  /** A browser pushed identities for this team. */
  identitiesSaved(teamId: string): void;
  /** Stops scheduling and waits for the work in flight. */
  stop(): Promise<void>;
}

export interface SchedulerOptions {
  db: Database;
  connector: XConnector;
  logger: Logger;
  everyMs: number;
  /** How long after a push the contacts-only pass runs; later pushes within it join the same pass. */
  afterSaveMs?: number;
}

export function startXScheduler({ db, connector, logger, everyMs, afterSaveMs = 1000 }: SchedulerOptions): XScheduler {
  let stopped = false;
  const inFlight = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    inFlight.add(work);
    const done = () => inFlight.delete(work);
    work.then(done, done);
  };

  async function round() {
    for (const teamId of await connectedTeams(db)) {
      if (stopped) return;
      try {
        await connector.poll(teamId, { dueEveryMs: everyMs });
      } catch (error) {
        logger.error('x poll failed', { team: teamId, error });
      }
    }
  }

  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    timer = setTimeout(() => {
      const work = round()
        .catch((error: unknown) => logger.error('x poll round failed', { error }))
        .finally(() => {
          if (!stopped) schedule();
        });
      track(work);
    }, everyMs);
  };
  schedule();

  const waitingTeams = new Map<string, NodeJS.Timeout>();
  return {
    identitiesSaved(teamId) {
      if (stopped || waitingTeams.has(teamId)) return;
      const wait = setTimeout(() => {
        waitingTeams.delete(teamId);
        track(
          connector
            .poll(teamId, { contactsOnly: true })
            .catch((error: unknown) => logger.error('x contacts pass failed', { team: teamId, error })),
        );
      }, afterSaveMs);
      waitingTeams.set(teamId, wait);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      for (const wait of waitingTeams.values()) clearTimeout(wait);
      waitingTeams.clear();
      await Promise.allSettled([...inFlight]);
    },
  };
}
