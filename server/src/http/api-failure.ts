import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import type { ApiError } from '../../../src/lib/sync';

/** The error codes of the API (docs/sync-protocol.md lists when each is sent). */
export type ApiErrorCode =
  | 'malformed_json'
  | 'invalid_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'payload_too_large'
  | 'internal'
  | 'unavailable';

type ApiErrorBody = z.infer<typeof ApiError>;

export const errorBody = (code: ApiErrorCode, message: string): ApiErrorBody => ({ error: { code, message } });

/** Thrown anywhere while handling a request; the app turns it into its status and an ApiError body. */
export class ApiFailure extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}
