import type { PullRequest, PullResponse, PushRequest, PushResponse, SyncRecord, WhoAmI } from '../../../src/lib/sync';

/** An HTTP answer as a test sees it: the status and the parsed JSON body. */
export interface Answer<Body = unknown> {
  status: number;
  body: Body;
}

/** Sends a request over real HTTP and reads the JSON answer (or the text, if it is not JSON). */
export async function request<Body = unknown>(url: string, init: RequestInit = {}): Promise<Answer<Body>> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: keep the text, the assertion will show it.
  }
  return { status: response.status, body: body as Body };
}

/** The API as one client of one team calls it. */
export function apiClient(baseUrl: string, token: string) {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const post = <Body>(path: string, body: unknown) =>
    request<Body>(`${baseUrl}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  return {
    push: (body: PushRequest) => post<PushResponse>('/v1/push', body),
    pull: (body: Omit<PullRequest, 'limit'> & { limit?: number }) => post<PullResponse>('/v1/pull', body),
    whoami: () => request<WhoAmI>(`${baseUrl}/v1/whoami`, { headers }),
    /** Pulls every page from `cursor`, as a client's first sync does. */
    async pullAll(clientId: string, cursor = 0, limit = 1000) {
      const records: SyncRecord[] = [];
      const pages: PullResponse[] = [];
      for (;;) {
        const answer = await post<PullResponse>('/v1/pull', { clientId, cursor, limit });
        if (answer.status !== 200) throw new Error(`pull failed: ${answer.status} ${JSON.stringify(answer.body)}`);
        pages.push(answer.body);
        records.push(...answer.body.records);
        cursor = answer.body.cursor;
        if (!answer.body.more) return { records, cursor, pages, head: answer.body.head };
      }
    },
  };
}

export type ApiClient = ReturnType<typeof apiClient>;
