import { firstTeamMessage } from './bootstrap';
import { runCommand } from './cli';
import { loadConfig } from './config';
import { createLogger } from './log';
import { startServer } from './server';

/** `npm run server` starts the server; `npm run server -- <command>` runs an admin command (see cli.ts). */

async function serve() {
  const logger = createLogger();
  const running = await startServer(loadConfig(), logger);
  if (running.firstTeam) process.stdout.write(`${firstTeamMessage(running.firstTeam, running.url)}\n`);
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    // A second Ctrl-C means "now": skip waiting for requests in flight.
    if (++signals > 1) process.exit(1);
    logger.info('signal received', { signal });
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('shutdown failed', { error });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

const args = process.argv.slice(2);
if (args.length) {
  runCommand(args).then(
    (output) => process.stdout.write(`${output}\n`),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
} else {
  serve().catch((error: unknown) => {
    createLogger().error('server failed to start', { error });
    process.exitCode = 1;
  });
}
