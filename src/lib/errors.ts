import type { ErrorCode } from './messages';

/** An error with a code the caller can branch on; the router turns it into an error envelope. */
export class RapportError extends Error {
  constructor(
    readonly code: ErrorCode | 'unreachable',
    message: string,
  ) {
    super(message);
    this.name = 'RapportError';
  }
}
