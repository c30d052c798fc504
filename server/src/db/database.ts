/**
 * The one interface the server uses to reach its database, whichever it is: the embedded PGlite or a PostgreSQL
 * pool. Both speak the same SQL, so queries and migrations are written once.
 */
export interface Queryable {
  /** One statement with $1… parameters; rows come back with int8 as numbers and jsonb as parsed values. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `work` in one transaction on one connection: committed if it returns, rolled back if it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Runs `work` on one connection held for its whole duration, outside any transaction: what a session-level
   * advisory lock needs (taken and released on the same connection while other work runs on others).
   */
  session<T>(work: (session: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * int8 columns (versions, mutation ids) as JS numbers. Exact up to 2^53, far beyond any counter here; past that,
 * failing loudly beats silently rounding a version.
 */
export function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new Error(`int8 value ${text} is beyond what JS numbers hold exactly`);
  return value;
}
