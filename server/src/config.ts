import { z } from 'zod';

/** Where the server keeps its data: the embedded PGlite in a folder (or in memory), or a real PostgreSQL. */
export type DatabaseConfig = { kind: 'pglite'; dataDir: string | undefined } | { kind: 'postgres'; url: string };

export interface ServerConfig {
  port: number;
  host: string;
  database: DatabaseConfig;
  /** Request bodies above this are refused with 413 while they are read, before any parsing. */
  maxBodyBytes: number;
  /** How long a shutdown waits for requests in flight before it closes their connections. */
  shutdownTimeoutMs: number;
  /** On a first start with an empty database, create a team, a user and a token and print them once. */
  bootstrap: boolean;
}

const flag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'])
  .transform((value) => value === '1' || value === 'true' || value === 'yes');
const blankAsUnset = (value: unknown) => (value === '' ? undefined : value);

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.preprocess(blankAsUnset, z.string().startsWith('postgres').optional()),
  RAPPORT_DATA_DIR: z.preprocess(blankAsUnset, z.string().default('.data/pglite')),
  RAPPORT_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(5 * 1024 * 1024),
  RAPPORT_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  RAPPORT_BOOTSTRAP: z.preprocess(blankAsUnset, flag.default(true)),
});

/** Reads the configuration from the environment; a bad value stops the start with a message naming the variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): ServerConfig {
  const parsed = Env.safeParse(env);
  if (!parsed.success) throw new Error(`Invalid server configuration:\n${z.prettifyError(parsed.error)}`);
  const vars = parsed.data;
  return {
    port: vars.PORT,
    host: vars.HOST,
    database: vars.DATABASE_URL
      ? { kind: 'postgres', url: vars.DATABASE_URL }
      : { kind: 'pglite', dataDir: vars.RAPPORT_DATA_DIR },
    maxBodyBytes: vars.RAPPORT_MAX_BODY_BYTES,
    shutdownTimeoutMs: vars.RAPPORT_SHUTDOWN_TIMEOUT_MS,
    bootstrap: vars.RAPPORT_BOOTSTRAP,
  };
}
