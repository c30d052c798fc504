import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTeam, createUser, type Team, type User } from '../../src/accounts';
import type { ServerConfig } from '../../src/config';
import { type Logger, silentLogger } from '../../src/log';
import { type RunningServer, startServer } from '../../src/server';
import { createToken } from '../../src/tokens';

/** A team with one user and a token of that user: what one account manager's extension needs to connect. */
export interface TestTeam {
  team: Team;
  user: User;
  token: string;
}

export interface TestServer {
  /** Base URL, `http://127.0.0.1:<port>`; the API is under `/v1`. */
  url: string;
  server: RunningServer;
  /** A team made at start, ready to use. */
  first: TestTeam;
  /** Another team, isolated from every other one. */
  createTeam(name?: string): Promise<TestTeam>;
  /** Another user (with a token) in an existing team: a teammate. */
  createTeammate(teamId: string, name?: string): Promise<{ user: User; token: string }>;
  /** Stops the server (gracefully) and removes its temporary data folder, if it made one. */
  stop(): Promise<void>;
}

export interface TestServerOptions {
  /** A PostgreSQL URL (see startTestPostgres); without it, PGlite in a fresh temporary folder. */
  databaseUrl?: string;
  /** Reuse a PGlite folder (to restart a server on the same data); the caller removes it. */
  dataDir?: string;
  maxBodyBytes?: number;
  shutdownTimeoutMs?: number;
  logger?: Logger;
}

/**
 * Starts a real server in this process, listening on a free loopback port, and makes a first team, user and token.
 * For any test that needs a sync server: the server's own tests, the extension's convergence and end-to-end tests.
 *
 *   const server = await startTestServer();
 *   await fetch(`${server.url}/v1/whoami`, { headers: { authorization: `Bearer ${server.first.token}` } });
 *   await server.stop();
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const ownDataDir =
    options.databaseUrl || options.dataDir ? undefined : mkdtempSync(join(tmpdir(), 'rapport-pglite-'));
  const config: ServerConfig = {
    port: 0,
    host: '127.0.0.1',
    database: options.databaseUrl
      ? { kind: 'postgres', url: options.databaseUrl }
      : { kind: 'pglite', dataDir: options.dataDir ?? ownDataDir },
    maxBodyBytes: options.maxBodyBytes ?? 5 * 1024 * 1024,
    shutdownTimeoutMs: options.shutdownTimeoutMs ?? 5000,
    bootstrap: false,
  };
  let server: RunningServer;
  try {
    server = await startServer(config, options.logger ?? silentLogger);
  } catch (error) {
    if (ownDataDir) rmSync(ownDataDir, { recursive: true, force: true });
    throw error;
  }
  const { db } = server;
  const createTeammate = async (teamId: string, name = 'Teammate') => {
    const user = await createUser(db, teamId, name);
    return { user, token: (await createToken(db, user.id)).token };
  };
  const makeTeam = async (name = 'Test team'): Promise<TestTeam> => {
    const team = await createTeam(db, name);
    return { team, ...(await createTeammate(team.id, 'Sam')) };
  };
  return {
    url: server.url,
    server,
    first: await makeTeam('First team'),
    createTeam: makeTeam,
    createTeammate,
    async stop() {
      await server.stop();
      if (ownDataDir) rmSync(ownDataDir, { recursive: true, force: true });
    },
  };
}
