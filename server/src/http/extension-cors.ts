import { cors } from 'hono/cors';

/** Chrome extension ids are 32 letters a–p; Firefox gives each install a UUID. */
const EXTENSION_ORIGIN = /^(chrome-extension:\/\/[a-p]{32}|moz-extension:\/\/[0-9a-f-]{36})$/;

/**
 * Lets the extension's pages and worker call the API from their own origins. Web pages get no CORS headers: the
 * API is for the extension only. No cookies are involved (tokens travel in Authorization), so no credentials.
 */
export const extensionCors = () =>
  cors({
    origin: (origin) => (EXTENSION_ORIGIN.test(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type'],
    credentials: false,
    maxAge: 600,
  });
