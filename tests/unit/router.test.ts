import { describe, expect, it, vi } from 'vitest';
import { type Handlers, route, type Sender } from '../../src/background/router';
import { RapportError } from '../../src/lib/errors';
import { protocol } from '../../src/lib/messages';

const policy = { extensionId: 'rapport-id', extensionOrigin: 'chrome-extension://rapport-id/' };
const popup: Sender = { id: 'rapport-id', url: 'chrome-extension://rapport-id/src/popup/index.html' };
const linkedinTab: Sender = {
  id: 'rapport-id',
  url: 'https://www.linkedin.com/in/jane/',
  tab: { id: 7 } as Sender['tab'],
};

function fakeHandlers(): Handlers {
  return {
    lookup: vi.fn(async () => ({ results: {} })),
    saveLead: vi.fn(async () => {
      throw new RapportError('bad_request', 'nope');
    }),
    logInteraction: vi.fn(),
    pageProfile: vi.fn(async () => ({ ok: true as const })),
    tabProfile: vi.fn(async () => ({ profile: null, result: null })),
    recentContacts: vi.fn(async () => ({ contacts: [] })),
  } as unknown as Handlers;
}

describe('the message router', () => {
  it("finds each message's schema by its type: every schema names the type it is filed under", () => {
    for (const [type, entry] of Object.entries(protocol)) {
      expect(entry.request.safeParse({ type }).error?.issues.some((issue) => issue.path[0] === 'type')).not.toBe(true);
      expect(
        entry.request.safeParse({ type: `${type}X` }).error?.issues.some((issue) => issue.path[0] === 'type'),
      ).toBe(true);
    }
  });

  it("takes a company name for every author of a feed's batch, and no more", async () => {
    const handlers = fakeHandlers();
    const companies = (count: number) => Array.from({ length: count }, (_, i) => `Company ${i}`);
    const keys = Array.from({ length: 500 }, (_, i) => `x:author${i}`);
    const full = await route(handlers, { type: 'lookup', keys, companies: companies(500) }, linkedinTab, policy);
    expect(full.ok).toBe(true);
    const over = await route(handlers, { type: 'lookup', keys, companies: companies(501) }, linkedinTab, policy);
    expect(over.ok).toBe(false);
  });

  it('answers a well-formed message with data', async () => {
    const handlers = fakeHandlers();
    const answer = await route(handlers, { type: 'lookup', keys: ['linkedin:in/jane'] }, linkedinTab, policy);
    expect(answer).toEqual({ ok: true, data: { results: {} } });
    expect(handlers.lookup).toHaveBeenCalledOnce();
  });

  it.each([
    ['nothing', null, /Unknown message type "\?"/],
    ['a bare string', 'lookup', /Unknown message type/],
    ['an unknown type', { type: 'dropTables' }, /Unknown message type "dropTables"/],
    ['a type named like an object property', { type: 'constructor' }, /Unknown message type "constructor"/],
    ['a lookup without keys', { type: 'lookup' }, /Malformed "lookup" message: keys/],
    ['a lookup with a number for a key', { type: 'lookup', keys: [42] }, /Malformed "lookup" message: keys\.0/],
    ['a lookup with a 5,000-character key', { type: 'lookup', keys: ['x'.repeat(5000)] }, /Malformed "lookup" message/],
    ['a save from an unknown network', { type: 'saveLead', profile: { network: 'myspace' } }, /profile\.network/],
    [
      'a page start asking about eleven profiles',
      { type: 'pageStart', keys: Array.from({ length: 11 }, (_, i) => `x:user${i}`) },
      /Malformed "pageStart" message: keys/,
    ],
  ])('answers %s with a clear error', async (_label, message, pattern) => {
    const handlers = fakeHandlers();
    const answer = await route(handlers, message, linkedinTab, policy);
    expect(answer.ok).toBe(false);
    expect(!answer.ok && answer.error.code).toBe('bad_request');
    expect(!answer.ok && answer.error.message).toMatch(pattern);
    expect(handlers.lookup).not.toHaveBeenCalled();
  });

  it.each([
    [{ id: 'someone-else', url: 'chrome-extension://someone-else/x.html' }],
    [{ id: 'rapport-id', url: 'https://evil.example/', tab: { id: 1 } }],
    [{ id: 'rapport-id', url: 'https://x.com.evil.example/home', tab: { id: 1 } }],
    [{ id: 'rapport-id', url: 'http://www.linkedin.com/feed/', tab: { id: 1 } }],
    [{ id: 'rapport-id' }],
  ])('refuses senders that are not Rapport on a supported site: %j', async (sender) => {
    const handlers = fakeHandlers();
    const answer = await route(handlers, { type: 'lookup', keys: ['linkedin:in/jane'] }, sender as Sender, policy);
    expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(handlers.lookup).not.toHaveBeenCalled();
  });

  it('keeps extension-only messages away from content scripts', async () => {
    const handlers = fakeHandlers();
    const fromPage = await route(handlers, { type: 'recentContacts', limit: 5 }, linkedinTab, policy);
    expect(fromPage).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const fromPopup = await route(handlers, { type: 'recentContacts', limit: 5 }, popup, policy);
    expect(fromPopup).toEqual({ ok: true, data: { contacts: [] } });
  });

  it('reports a handler failure with its code instead of dropping it', async () => {
    const answer = await route(
      fakeHandlers(),
      {
        type: 'saveLead',
        profile: {
          network: 'linkedin',
          kind: 'person',
          profileKey: 'linkedin:in/j',
          url: 'https://www.linkedin.com/in/j',
        },
      },
      linkedinTab,
      policy,
    );
    expect(answer).toEqual({ ok: false, error: { code: 'bad_request', message: 'nope' } });
  });
});
