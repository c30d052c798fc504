import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';

describe('server configuration', () => {
  it('starts on the embedded database in .data/pglite on port 8787 by default', () => {
    expect(loadConfig({})).toEqual({
      port: 8787,
      host: '127.0.0.1',
      database: { kind: 'pglite', dataDir: '.data/pglite' },
      maxBodyBytes: 5 * 1024 * 1024,
      shutdownTimeoutMs: 10_000,
      bootstrap: true,
      x: { pollSeconds: 120, apiBase: undefined, secretKey: undefined },
    });
  });

  it('uses PostgreSQL when DATABASE_URL is set, and ignores it when blank', () => {
    const url = 'postgres://rapport@db.internal/rapport';
    expect(loadConfig({ DATABASE_URL: url }).database).toEqual({ kind: 'postgres', url });
    expect(loadConfig({ DATABASE_URL: '', RAPPORT_DATA_DIR: '/srv/rapport' }).database).toEqual({
      kind: 'pglite',
      dataDir: '/srv/rapport',
    });
  });

  it('reads the port, host, limits and the first-start switch', () => {
    const config = loadConfig({
      PORT: '9000',
      HOST: '0.0.0.0',
      RAPPORT_MAX_BODY_BYTES: '1048576',
      RAPPORT_SHUTDOWN_TIMEOUT_MS: '500',
      RAPPORT_BOOTSTRAP: 'false',
    });
    expect(config).toMatchObject({ port: 9000, host: '0.0.0.0', maxBodyBytes: 1_048_576, shutdownTimeoutMs: 500 });
    expect(config.bootstrap).toBe(false);
  });

  it('reads the X connector: poll interval (0 turns the schedule off), API address and secret key', () => {
    const key = 'k'.repeat(32);
    expect(
      loadConfig({ RAPPORT_X_POLL_SECONDS: '0', RAPPORT_X_API_BASE: 'http://127.0.0.1:9999', RAPPORT_SECRET_KEY: key })
        .x,
    ).toEqual({ pollSeconds: 0, apiBase: 'http://127.0.0.1:9999', secretKey: key });
    expect(loadConfig({ RAPPORT_X_POLL_SECONDS: '', RAPPORT_SECRET_KEY: '' }).x).toMatchObject({
      pollSeconds: 120,
      secretKey: undefined,
    });
    expect(() => loadConfig({ RAPPORT_X_POLL_SECONDS: 'often' })).toThrow(/RAPPORT_X_POLL_SECONDS/);
    expect(() => loadConfig({ RAPPORT_X_API_BASE: 'ftp://x' })).toThrow(/RAPPORT_X_API_BASE/);
    // A short key is refused, and the message names the variable, never the value.
    const short = () => loadConfig({ RAPPORT_SECRET_KEY: 'hunter2' });
    expect(short).toThrow(/RAPPORT_SECRET_KEY/);
    expect(short).not.toThrow(/hunter2/);
  });

  it('refuses a bad value, naming the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ RAPPORT_BOOTSTRAP: 'maybe' })).toThrow(/RAPPORT_BOOTSTRAP/);
  });
});
