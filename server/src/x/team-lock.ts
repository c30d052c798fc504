import type { Database } from '../db/database';

/**
 * One poll of a team at a time. Across processes sharing a PostgreSQL, a session-level advisory lock: a process
 * that finds the team's lock taken skips this round (the other one is polling it). Within a process, polls of one
 * team queue one after another (PGlite's single connection would otherwise grant the lock to both).
 */

/** Any fixed 32-bit number, this lock's namespace; the team id's hash is the other half of the key. */
const X_POLL_LOCK_CLASS = 726_304_017;

export const BUSY = Symbol('busy');

export type TeamLock = <T>(teamId: string, work: () => Promise<T>) => Promise<T | typeof BUSY>;

export function createTeamLock(db: Database): TeamLock {
  const queues = new Map<string, Promise<unknown>>();
  return (teamId, work) => {
    const previous = queues.get(teamId) ?? Promise.resolve();
    const run = previous.then(
      () => withAdvisoryLock(db, teamId, work),
      () => withAdvisoryLock(db, teamId, work),
    );
    queues.set(teamId, run);
    const forget = () => {
      if (queues.get(teamId) === run) queues.delete(teamId);
    };
    run.then(forget, forget);
    return run;
  };
}

function withAdvisoryLock<T>(db: Database, teamId: string, work: () => Promise<T>): Promise<T | typeof BUSY> {
  return db.session(async (session) => {
    const [row] = await session.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked', [
      X_POLL_LOCK_CLASS,
      teamId,
    ]);
    if (!row?.locked) return BUSY;
    try {
      return await work();
    } finally {
      await session.query('SELECT pg_advisory_unlock($1, hashtext($2))', [X_POLL_LOCK_CLASS, teamId]);
    }
  });
}
