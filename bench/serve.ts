import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { HTTPRequest, Page } from 'puppeteer';

const FIXTURES = resolve(import.meta.dirname, '../tests/fixtures');

/** Serves pages (saved fixtures or generated HTML) on the real site URLs, as the end-to-end tests do. */
export async function serve(page: Page, routes: Record<string, string | { html: string }>): Promise<void> {
  const table = new Map(
    Object.entries(routes).map(([url, route]) => [
      url,
      typeof route === 'string' ? readFileSync(join(FIXTURES, route), 'utf8') : route.html,
    ]),
  );
  await page.setRequestInterception(true);
  page.on('request', (request: HTTPRequest) => {
    const url = request.url();
    if (url.startsWith('chrome-extension://') || url.startsWith('data:')) return void request.continue();
    const body = table.get(url);
    if (body !== undefined && request.isNavigationRequest()) {
      return void request.respond({ status: 200, contentType: 'text/html; charset=utf-8', body });
    }
    const type = request.resourceType();
    if (type === 'script')
      return void request.respond({ status: 200, contentType: 'application/javascript', body: '' });
    return void request.respond({ status: 204, body: '' });
  });
}

export function fixture(path: string): string {
  return readFileSync(join(FIXTURES, path), 'utf8');
}
