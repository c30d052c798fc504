import type { Context } from 'hono';
import type { z } from 'zod';
import { ApiFailure } from './api-failure';

const MAX_ISSUES_SHOWN = 10;

/** Names the first few problems with their paths (`mutations.3.hlc: …`), enough to fix a client, never huge. */
export function describeIssues(error: z.ZodError): string {
  const lines = error.issues
    .slice(0, MAX_ISSUES_SHOWN)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(body)'}: ${issue.message}`);
  const hidden = error.issues.length - MAX_ISSUES_SHOWN;
  return hidden > 0 ? `${lines.join('; ')}; and ${hidden} more` : lines.join('; ');
}

/** The request's JSON body, checked against its schema: 400 with a clear message when it is not JSON or not valid. */
export async function readBody<Schema extends z.ZodType>(c: Context, schema: Schema): Promise<z.output<Schema>> {
  let body: unknown;
  try {
    body = JSON.parse(await c.req.text());
  } catch {
    throw new ApiFailure(400, 'malformed_json', 'The request body is not valid JSON');
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ApiFailure(400, 'invalid_request', describeIssues(parsed.error));
  return parsed.data;
}
