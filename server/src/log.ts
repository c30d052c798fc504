/**
 * Structured logs: one JSON object per line on stdout, so a log shipper can index them as they are. Callers pass
 * facts (ids, counts, timings), never secrets: tokens and request bodies are not logged.
 */

/** Plain facts; an `error` field may be any thrown value and is logged as its message and stack. */
export type LogFields = Record<string, unknown>;

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

type Level = 'info' | 'warn' | 'error';

function describeError(error: unknown): LogFields {
  if (error instanceof Error) return { error: error.message, stack: error.stack };
  return { error: String(error) };
}

export function createLogger(write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Logger {
  const emit = (level: Level, message: string, fields: LogFields | undefined) => {
    const { error, ...facts } = fields ?? {};
    write(
      JSON.stringify({
        time: new Date().toISOString(),
        level,
        msg: message,
        ...facts,
        ...(error === undefined ? {} : describeError(error)),
      }),
    );
  };
  return {
    info: (message, fields) => emit('info', message, fields),
    warn: (message, fields) => emit('warn', message, fields),
    error: (message, fields) => emit('error', message, fields),
  };
}

/** For tests that start many servers and only care about what the HTTP answers say. */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
