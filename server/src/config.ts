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
  /** The X connector (docs/x-connector.md); absent: no scheduled polling, the real X API, tokens unencrypted. */
  x?: XConfig;
}

export interface XConfig {
  /** Seconds between polls of every connected team; 0 turns scheduled polling off (x-poll still works). */
  pollSeconds: number;
  /** Where X's API is: its real address unless a test or a proxy says otherwise. */
  apiBase: string | undefined;
  /** Encrypts the connector's tokens at rest; without it they are stored as they are. */
  secretKey: string | undefined;
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
  RAPPORT_X_POLL_SECONDS: z.preprocess(blankAsUnset, z.coerce.number().int().min(0).max(86_400).default(120)),
  RAPPORT_X_API_BASE: z.preprocess(blankAsUnset, z.url({ protocol: /^https?$/ }).optional()),
  // Short keys are guessable; a 32-byte random value in base64 (openssl rand -base64 32) is what to use.
  RAPPORT_SECRET_KEY: z.preprocess(blankAsUnset, z.string().min(16, 'at least 16 characters').optional()),
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
    x: {
      pollSeconds: vars.RAPPORT_X_POLL_SECONDS,
      apiBase: vars.RAPPORT_X_API_BASE,
      secretKey: vars.RAPPORT_SECRET_KEY,
    },
  };
}
