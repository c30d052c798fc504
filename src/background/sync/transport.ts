import type { z } from 'zod';
import { ApiError, type PullRequest, PullResponse, type PushRequest, PushResponse, WhoAmI } from '../../lib/sync';
import { XDismissed, XStatus, XSuggestions } from '../../lib/x-connector';

/** A failed exchange with the sync server, classified so the engine knows whether retrying can help. */
export class SyncError extends Error {
  constructor(
    readonly kind: 'network' | 'auth' | 'rejected' | 'server' | 'invalid-response',
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'SyncError';
  }

  /** Network trouble and server errors pass; a bad token or a refused request does not, until something changes. */
  get retryable(): boolean {
    return this.kind === 'network' || this.kind === 'server' || this.kind === 'invalid-response';
  }
}

export interface SyncTransport {
  whoami(): Promise<WhoAmI>;
  push(request: PushRequest): Promise<PushResponse>;
  pull(request: PullRequest): Promise<PullResponse>;
}

export interface ServerConfig {
  serverUrl: string;
  token: string;
}

/** The sync server over HTTP. Every response is parsed with its schema before the engine sees it. */
export class HttpTransport implements SyncTransport {
  constructor(
    private readonly config: ServerConfig,
    private readonly fetcher: typeof fetch = (...args) => fetch(...args),
  ) {}

  whoami() {
    return this.call('GET', '/v1/whoami', undefined, WhoAmI);
  }

  push(request: PushRequest) {
    return this.call('POST', '/v1/push', request, PushResponse);
  }

  pull(request: PullRequest) {
    return this.call('POST', '/v1/pull', request, PullResponse);
  }

  /** The team's X connector: how its polling goes, and who mentioned the company without being a contact. */
  xStatus() {
    return this.call('GET', '/v1/x/status', undefined, XStatus);
  }

  xSuggestions() {
    return this.call('GET', '/v1/x/suggestions', undefined, XSuggestions);
  }

  dismissXSuggestion(userId: string) {
    return this.call('POST', `/v1/x/suggestions/${encodeURIComponent(userId)}/dismiss`, {}, XDismissed);
  }

  private async call<T>(method: string, path: string, body: unknown, schema: z.ZodType<T>): Promise<T> {
    const url = new URL(
      path,
      this.config.serverUrl.endsWith('/') ? this.config.serverUrl : `${this.config.serverUrl}/`,
    );
    let response: Response;
    try {
      response = await this.fetcher(url, {
        method,
        headers: {
          authorization: `Bearer ${this.config.token}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
      });
    } catch (error) {
      throw new SyncError(
        'network',
        `Cannot reach ${url.origin}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const text = await response.text().catch(() => '');
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (!response.ok) {
      const detail = ApiError.safeParse(json);
      const message = detail.success ? detail.data.error.message : `HTTP ${response.status}`;
      if (response.status === 401 || response.status === 403) {
        throw new SyncError('auth', `The server refused the token: ${message}`, response.status);
      }
      throw new SyncError(response.status >= 500 ? 'server' : 'rejected', message, response.status);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success)
      throw new SyncError('invalid-response', `The server sent an answer Rapport does not understand (${path})`);
    return parsed.data;
  }
}
