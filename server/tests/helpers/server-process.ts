import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A server running as its own process, as `npm run server` runs it, so a test can signal or kill it. */
export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Everything it printed on stdout and stderr so far. */
  output(): string;
  /** Resolves with the match once the output matches `pattern` (within a few seconds). */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Resolves when the process has ended, with its exit code (null when a signal ended it). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Spawns `node --import tsx server/src/main.ts` on a free port with `env` (DATABASE_URL or RAPPORT_DATA_DIR, …)
 * and resolves once it logs that it listens.
 */
export function spawnServer(env: Record<string, string>, timeoutMs = 30_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', RAPPORT_BOOTSTRAP: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    let listening = false;
    const fail = (why: string) => {
      if (listening) return;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${why}. Its output:\n${output}`));
    };
    const timer = setTimeout(() => fail(`The server did not listen within ${timeoutMs} ms`), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /"msg":"listening","url":"([^"]+)"/.exec(output)?.[1];
      if (url && !listening) {
        listening = true;
        clearTimeout(timer);
        const waitForOutput = async (pattern: RegExp, waitMs = 5000) => {
          for (const deadline = Date.now() + waitMs; Date.now() < deadline; ) {
            const match = pattern.exec(output);
            if (match) return match;
            await new Promise((wake) => setTimeout(wake, 20));
          }
          throw new Error(`The server did not print ${pattern} within ${waitMs} ms. Its output:\n${output}`);
        };
        resolve({ url, child, output: () => output, waitForOutput, exited });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    void exited.then(({ code, signal }) => fail(`The server exited (code ${code}, signal ${signal}) before listening`));
  });
}
