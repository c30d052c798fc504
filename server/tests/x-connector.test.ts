import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { XStatus, XSuggestions } from '../../src/lib/x-connector';
import { type ApiClient, apiClient, request } from './helpers/api';
import { type MockXApi, startMockXApi } from './helpers/mock-x-api';
import { TestReplica } from './helpers/records';
import { startTestServer, type TestServer, type TestTeam } from './helpers/test-server';
import { pulledBook, saveXContact } from './helpers/x-fixtures';

/** The connector's clock: tests move it past rate-limit resets and backoffs instead of waiting. */
let offsetMs = 0;
const now = () => Date.now() + offsetMs;

const SECRET_KEY = 'test-secret-key-of-at-least-16-characters';
let x: MockXApi;
let server: TestServer;
let teams = 0;

beforeAll(async () => {
  x = await startMockXApi();
  server = await startTestServer({ xApiBase: x.url, xNow: now, secretKey: SECRET_KEY });
});
afterEach(() => {
  offsetMs = 0;
  x.setPageSize(100);
});
afterAll(async () => {
  await server?.stop();
  await x?.stop();
});

interface XTeam extends TestTeam {
  api: ApiClient;
  /** The mock X as this team's company account sees it. */
  x: MockXApi;
  replica: TestReplica;
  /** A handle no other test uses (the mock's people are shared by all teams, like X's). */
  handle(base: string): string;
  poll(): ReturnType<TestServer['pollX']>;
  status(): Promise<XStatus>;
  suggestions(): Promise<XSuggestions['suggestions']>;
}

/** A team of its own, with a company account of its own on the mock X, connected. */
async function connectedTeam(): Promise<XTeam> {
  const n = ++teams;
  const company = x.addCompanyAccount(`acme${n}`);
  const team = await server.createTeam(`Team ${n}`);
  await server.connectX(team.team.id, company.credentials);
  const headers = { authorization: `Bearer ${team.token}` };
  return {
    ...team,
    api: apiClient(server.url, team.token),
    x: company,
    replica: new TestReplica(),
    handle: (base) => `${base.slice(0, 10)}_${n}`,
    poll: () => server.pollX(team.team.id),
    status: async () => XStatus.parse((await request(`${server.url}/v1/x/status`, { headers })).body),
    suggestions: async () =>
      XSuggestions.parse((await request(`${server.url}/v1/x/suggestions`, { headers })).body).suggestions,
  };
}

describe('X conversations with contacts', () => {
  it('brings mentions, replies and direct messages both ways onto the contact, each once', async () => {
    const team = await connectedTeam();
    const ada = team.x.setUser({
      username: team.handle('ada'),
      name: 'Ada Lovelace',
      description: 'Analyst of engines',
      location: 'London',
      followers: 1815,
      profile_image_url: 'https://pbs.twimg.com/profile_images/1/ada_normal.jpg',
    });
    // Saved from her profile page, which showed her handle only.
    const saved = await saveXContact(team.api, team.replica, { name: 'Ada', handle: ada.username });
    const mention = team.x.addMention({ from: ada.id, text: `@${team.x.account.username} is the engine ready?` });
    const reply = team.x.addReply({ to: ada.id, text: `@${ada.username} it is!` });
    team.x.addCompanyPost({ text: 'We are hiring' });
    const dmIn = team.x.addDm({ from: ada.id, text: 'Can I see a demo?' });
    const dmOut = team.x.addDm({ to: ada.id, text: 'Tuesday at ten?' });

    const report = await team.poll();
    expect(report).toMatchObject({ status: 'polled', interactions: 4, pending: 0, errors: [] });

    const book = await pulledBook(team.api);
    const byExternal = new Map(book.interactions.map((interaction) => [interaction.externalId, interaction]));
    expect(byExternal.get(`x:tweet:${mention}`)).toMatchObject({
      contactId: saved.contactId,
      type: 'post',
      channel: 'x',
      direction: 'inbound',
      summary: `@${team.x.account.username} is the engine ready?`,
      url: `https://x.com/${ada.username}/status/${mention}`,
    });
    expect(byExternal.get(`x:tweet:${reply}`)).toMatchObject({
      direction: 'outbound',
      url: `https://x.com/${team.x.account.username}/status/${reply}`,
    });
    expect(byExternal.get(`x:dm:${dmIn}`)).toMatchObject({ type: 'message', direction: 'inbound' });
    expect(byExternal.get(`x:dm:${dmOut}`)).toMatchObject({ type: 'message', direction: 'outbound' });
    expect(book.interactions).toHaveLength(4);

    // Enrichment: the identity learned her user id (handle key kept as profile key, id key as alias) and profile.
    expect(book.identities[0]).toMatchObject({
      id: saved.identityId,
      profileKey: `x:${ada.username}`,
      networkUserId: ada.id,
      aliases: [`x:id/${ada.id}`],
      displayName: 'Ada Lovelace',
      bio: 'Analyst of engines',
      location: 'London',
      followers: 1815,
      avatarUrl: 'https://pbs.twimg.com/profile_images/1/ada_normal.jpg',
    });

    // A re-poll adds nothing and changes nothing.
    const again = await team.poll();
    expect(again).toMatchObject({ status: 'polled', interactions: 0, pending: 0, identities: 0 });
    expect((await pulledBook(team.api)).head).toBe(book.head);
    expect((await team.status()).lastError).toBeUndefined();
  });
});

describe('X polling through pages, limits and failures', () => {
  it('reads several pages, then only what is new since the newest it stored', async () => {
    const team = await connectedTeam();
    const bob = team.x.setUser({ username: team.handle('bob') });
    await saveXContact(team.api, team.replica, { name: 'Bob', handle: bob.username, userId: bob.id });
    const first = Array.from({ length: 5 }, (_, i) => team.x.addMention({ from: bob.id, text: `@acme note ${i}` }));
    x.setPageSize(2);

    expect(await team.poll()).toMatchObject({ interactions: 5, errors: [] });
    const pages = team.x.requests('mentions');
    expect(pages).toHaveLength(3);
    expect(pages[0]?.query.pagination_token).toBeUndefined();
    expect(pages[1]?.query.pagination_token).toMatch(/\w+/);
    expect(pages[2]?.query.pagination_token).toMatch(/\w+/);

    const later = team.x.addMention({ from: bob.id, text: '@acme one more' });
    expect(await team.poll()).toMatchObject({ interactions: 1 });
    const next = team.x.requests('mentions').slice(3);
    expect(next).toHaveLength(1);
    expect(next[0]?.query).toMatchObject({ since_id: first.at(-1) });
    expect(next[0]?.query.pagination_token).toBeUndefined();
    const { interactions } = await pulledBook(team.api);
    expect(interactions.map((interaction) => interaction.externalId).sort()).toEqual(
      [...first, later].map((id) => `x:tweet:${id}`).sort(),
    );
  });

  it("reads the last 30 days of a newly connected account's history, then goes by since_id", async () => {
    const team = await connectedTeam();
    const una = team.x.setUser({ username: team.handle('una') });
    await saveXContact(team.api, team.replica, { name: 'Una', handle: una.username, userId: una.id });
    const day = 24 * 60 * 60 * 1000;
    team.x.addMention({ from: una.id, text: '@acme long ago', at: Date.now() - 40 * day });
    const recent = team.x.addMention({ from: una.id, text: '@acme lately', at: Date.now() - 10 * day });
    expect(await team.poll()).toMatchObject({ interactions: 1 });
    const [first] = team.x.requests('mentions');
    expect(first?.query.start_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Date.parse(first?.query.start_time ?? '')).toBeLessThan(Date.now() - 29 * day);
    expect((await pulledBook(team.api)).interactions.map((interaction) => interaction.externalId)).toEqual([
      `x:tweet:${recent}`,
    ]);
    await team.poll();
    expect(team.x.requests('mentions')[1]?.query).not.toHaveProperty('start_time');
  });

  it('after a 429 calls that endpoint no more until its reset, then resumes at the same page', async () => {
    const team = await connectedTeam();
    const cy = team.x.setUser({ username: team.handle('cy') });
    await saveXContact(team.api, team.replica, { name: 'Cy', handle: cy.username, userId: cy.id });
    for (let i = 0; i < 5; i++) team.x.addMention({ from: cy.id, text: `@acme ${i}` });
    x.setPageSize(2);
    const reset = now() + 60_000;
    team.x.rateLimitNext('mentions', reset, 1);

    const first = await team.poll();
    expect(first.interactions).toBe(2);
    expect(first.errors.join()).toMatch(/rate limit/);
    const status = await team.status();
    expect(status.rateLimitedUntil).toBe(Math.ceil(reset / 1000) * 1000);
    const refused = team.x.requests('mentions').at(-1);
    expect(refused?.query.pagination_token).toMatch(/\w+/);

    offsetMs = 30_000;
    const waiting = await team.poll();
    expect(team.x.requests('mentions')).toHaveLength(2);
    expect(waiting.interactions).toBe(0);
    // The other endpoints are not held back by the mentions' limit.
    expect(team.x.requests('dm_events').length).toBeGreaterThanOrEqual(2);

    offsetMs = 62_000;
    expect(await team.poll()).toMatchObject({ interactions: 3, errors: [] });
    const resumed = team.x.requests('mentions')[2];
    expect(resumed?.query.pagination_token).toBe(refused?.query.pagination_token);
    expect((await pulledBook(team.api)).interactions).toHaveLength(5);
    expect(await team.status()).not.toHaveProperty('rateLimitedUntil');
  });

  it('backs off exponentially after 5xx answers and keeps its cursor', async () => {
    const team = await connectedTeam();
    const di = team.x.setUser({ username: team.handle('di') });
    await saveXContact(team.api, team.replica, { name: 'Di', handle: di.username, userId: di.id });
    for (let i = 0; i < 4; i++) team.x.addDm({ from: di.id, text: `message ${i}` });
    x.setPageSize(2);
    const unavailable = { status: 503, body: { title: 'Service Unavailable', type: 'about:blank', status: 503 } };
    team.x.scriptNext('dm_events', unavailable, 1);
    team.x.scriptNext('dm_events', { status: 0 });

    expect(await team.poll()).toMatchObject({ interactions: 2 });
    expect((await team.status()).lastError).toMatch(/X is unavailable \(HTTP 503/);
    const failed = team.x.requests('dm_events').at(-1);

    await team.poll();
    expect(team.x.requests('dm_events')).toHaveLength(2);
    offsetMs = 61_000;
    await team.poll();
    // The second failure in a row (the connection was cut): two minutes now.
    expect(team.x.requests('dm_events')).toHaveLength(3);
    expect((await team.status()).lastError).toMatch(/X could not be reached \(socket hang up\)/);
    expect(team.x.requests('dm_events')[2]?.query.pagination_token).toBe(failed?.query.pagination_token);
    offsetMs = 61_000 + 61_000;
    await team.poll();
    expect(team.x.requests('dm_events')).toHaveLength(3);
    offsetMs = 61_000 + 121_000;
    expect(await team.poll()).toMatchObject({ interactions: 2, errors: [] });
    expect(team.x.requests('dm_events')[3]?.query.pagination_token).toBe(failed?.query.pagination_token);
    expect((await pulledBook(team.api)).interactions).toHaveLength(4);
    expect((await team.status()).lastError).toBeUndefined();
  });

  it('rejects a malformed answer: stores nothing of it, says why, keeps the cursor', async () => {
    const team = await connectedTeam();
    const ed = team.x.setUser({ username: team.handle('ed') });
    const stranger = team.x.setUser({ username: team.handle('stranger') });
    await saveXContact(team.api, team.replica, { name: 'Ed', handle: ed.username, userId: ed.id });
    const stored = team.x.addMention({ from: ed.id, text: '@acme first' });
    expect(await team.poll()).toMatchObject({ interactions: 1 });
    const ok = team.x.addMention({ from: ed.id, text: '@acme fine' });
    const fromStranger = team.x.addMention({ from: stranger.id, text: '@acme who are you' });
    const page = team.x.pageOf('tweets', [fromStranger, ok]) as { data: Record<string, unknown>[] };
    const malformed = [
      // A tweet without its author.
      { ...page, data: [page.data[0], { ...page.data[1], author_id: undefined }] },
      // A count that does not match the items.
      { ...page, meta: { result_count: 7 } },
      // A user whose handle is not one.
      { ...page, includes: { users: [{ id: ed.id, name: 'Ed', username: 'ed<script>' }] } },
      // Not JSON at all.
      'Service temporarily overloaded',
    ];
    for (const [i, body] of malformed.entries()) {
      team.x.scriptNext(
        'mentions',
        typeof body === 'string'
          ? { status: 200, text: body, headers: { 'content-type': 'text/html' } }
          : { status: 200, body },
      );
      offsetMs = i * 3_600_000;
      const report = await team.poll();
      expect(report.interactions).toBe(0);
      expect(report.errors.join()).toMatch(/malformed/);
      expect((await team.status()).lastError).toMatch(/X sent a malformed answer to users\/:id\/mentions/);
    }
    expect((await pulledBook(team.api)).interactions).toHaveLength(1);
    expect(await team.suggestions()).toEqual([]);
    const asked = team.x.requests('mentions').slice(1);
    expect(asked).toHaveLength(4);
    expect(asked.every((entry) => entry.query.since_id === stored)).toBe(true);

    offsetMs = 5 * 3_600_000;
    expect(await team.poll()).toMatchObject({ interactions: 1, pending: 1, errors: [] });
    expect(team.x.requests('mentions').at(-1)?.query.since_id).toBe(stored);
    expect((await team.suggestions()).map((suggestion) => suggestion.userId)).toEqual([stranger.id]);
    expect((await team.status()).lastError).toBeUndefined();
  });

  it('reports an expired or revoked token in the status, and recovers after reconnecting', async () => {
    const team = await connectedTeam();
    const fay = team.x.setUser({ username: team.handle('fay') });
    await saveXContact(team.api, team.replica, { name: 'Fay', handle: fay.username });
    team.x.addMention({ from: fay.id, text: '@acme hi' });
    team.x.revokeUserToken();

    const report = await team.poll();
    expect(report.interactions).toBe(0);
    const status = await team.status();
    expect(status).toMatchObject({ connected: true, account: { handle: team.x.account.username } });
    expect(status.lastError).toMatch(/^X rejected the company account's token: reconnect it with x-connect/);
    expect(status.lastPollAt).toBeGreaterThan(0);
    // The app's bearer token still works: Fay was enriched.
    expect((await pulledBook(team.api)).identities[0]).toMatchObject({ networkUserId: fay.id });

    const renewed = team.x.renewUserToken();
    await server.connectX(team.team.id, { ...team.x.credentials, userToken: renewed });
    expect((await team.status()).lastError).toBeUndefined();
    expect(await team.poll()).toMatchObject({ interactions: 1, errors: [] });
  });
});

describe('X user tokens that expire', () => {
  it('renews an expired user token with its refresh token, keeps the rotated one, and says when X refuses', async () => {
    const team = await connectedTeam();
    const { clientId, clientSecret } = team.x.oauth;
    const given = team.x.oauth.refreshToken();
    // Connected with a refresh token only: the connector renews at once (and X rotates the refresh token).
    await server.connectX(team.team.id, {
      account: team.x.account.username,
      bearer: team.x.bearerToken,
      renewal: { refreshToken: given, clientId, clientSecret },
    });
    expect(team.x.oauth.refreshToken()).not.toBe(given);
    const [row] = await server.server.db.query<{ refresh_token: string; client_secret: string }>(
      'SELECT refresh_token, client_secret FROM x_connectors WHERE team_id = $1',
      [team.team.id],
    );
    expect(row?.refresh_token).toMatch(/^enc:v1:/);
    expect(JSON.stringify(row)).not.toContain(team.x.oauth.refreshToken());
    expect(JSON.stringify(row)).not.toContain(clientSecret);

    const vi = team.x.setUser({ username: team.handle('vi') });
    await saveXContact(team.api, team.replica, { name: 'Vi', handle: vi.username, userId: vi.id });
    team.x.addMention({ from: vi.id, text: '@acme hi' });
    team.x.addDm({ from: vi.id, text: 'and hello' });
    // Two hours later: the access token has expired.
    team.x.revokeUserToken();
    expect(await team.poll()).toMatchObject({ interactions: 2, errors: [] });
    // Renewed once for the whole poll, not once per endpoint.
    expect(team.x.requests('oauth2_token')).toHaveLength(2);
    expect((await team.status()).lastError).toBeUndefined();

    // A 403 (a token without the DM scope, say) is not mended by a renewal: none is tried, the status says why.
    const forbidden = { title: 'Forbidden', detail: 'Missing scope dm.read', type: 'about:blank', status: 403 };
    team.x.scriptNext('dm_events', { status: 403, body: forbidden });
    await team.poll();
    expect(team.x.requests('oauth2_token')).toHaveLength(2);
    expect((await team.status()).lastError).toMatch(/^X rejected the company account's token.*Missing scope dm\.read/);
    offsetMs = 61_000;

    // The rotated refresh token was kept: the next expiry renews again.
    team.x.revokeUserToken();
    expect(await team.poll()).toMatchObject({ errors: [] });
    expect(team.x.requests('oauth2_token')).toHaveLength(3);

    // The company revoked the app: X refuses the refresh, and the status says what to do.
    team.x.revokeUserToken();
    team.x.scriptNext('oauth2_token', {
      status: 400,
      body: { error: 'invalid_request', error_description: 'Value passed for the token was invalid.' },
    });
    const refused = await team.poll();
    expect(refused.errors[0]).toMatch(/^X refused to renew the company account's token: reconnect it with x-connect/);
    expect((await team.status()).lastError).toMatch(/^X refused to renew the company account's token/);
    expect(team.x.requests('oauth2_token')).toHaveLength(4);
  });
});

describe('X people: renames, duplicates, suggested leads', () => {
  it('keeps a renamed contact: same contact, new handle, both handles as aliases', async () => {
    const team = await connectedTeam();
    const oldHandle = team.handle('gus');
    const gus = team.x.setUser({ username: oldHandle, name: 'Gus' });
    // Saved from a page that showed his user id: keyed by it, the handle as alias.
    const saved = await saveXContact(team.api, team.replica, { name: 'Gus', handle: oldHandle, userId: gus.id });
    team.x.addMention({ from: gus.id, text: '@acme before' });
    await team.poll();

    const newHandle = team.handle('gustavo');
    team.x.setUser({ id: gus.id, username: newHandle });
    const after = team.x.addMention({ from: gus.id, text: '@acme after my rename' });
    // Someone else takes the old handle and mentions the company too: not Gus.
    const impostor = team.x.setUser({ username: oldHandle, name: 'Not Gus' });
    team.x.addMention({ from: impostor.id, text: '@acme hello, I am new here' });
    expect(await team.poll()).toMatchObject({ interactions: 1, pending: 1, identities: 1 });

    const book = await pulledBook(team.api);
    expect(book.identities).toHaveLength(1);
    expect(book.identities[0]).toMatchObject({
      id: saved.identityId,
      contactId: saved.contactId,
      profileKey: `x:id/${gus.id}`,
      handle: newHandle,
      aliases: [`x:${oldHandle}`, `x:${newHandle}`],
      url: `https://x.com/${newHandle}`,
    });
    const interactions = book.interactions.filter((interaction) => interaction.contactId === saved.contactId);
    expect(interactions).toHaveLength(2);
    expect(interactions.find((interaction) => interaction.externalId === `x:tweet:${after}`)?.url).toBe(
      `https://x.com/${newHandle}/status/${after}`,
    );
    expect((await team.suggestions()).map((suggestion) => suggestion.userId)).toEqual([impostor.id]);
  });

  it('looks up well-formed handles only, so one odd identity does not hold up the others', async () => {
    const team = await connectedTeam();
    const wes = team.x.setUser({ username: team.handle('wes'), name: 'Wes' });
    await saveXContact(team.api, team.replica, { name: 'Odd', handle: 'not a handle!' });
    const saved = await saveXContact(team.api, team.replica, { name: 'Wes', handle: wes.username });
    expect(await team.poll()).toMatchObject({ identities: 1, errors: [] });
    expect(team.x.requests('users_by')[0]?.query.usernames).toBe(wes.username);
    const identity = (await pulledBook(team.api)).identities.find((entry) => entry.id === saved.identityId);
    expect(identity).toMatchObject({ networkUserId: wes.id, displayName: 'Wes' });
  });

  it('stores a duplicate delivery and a re-delivered item once', async () => {
    const team = await connectedTeam();
    const hal = team.x.setUser({ username: team.handle('hal') });
    const ivy = team.x.setUser({ username: team.handle('ivy') });
    await saveXContact(team.api, team.replica, { name: 'Hal', handle: hal.username, userId: hal.id });
    const seen = team.x.addMention({ from: hal.id, text: '@acme one' });
    const dm = team.x.addDm({ from: hal.id, text: 'private one' });
    const strangerSeen = team.x.addMention({ from: ivy.id, text: '@acme from Ivy' });
    await team.poll();
    const before = await pulledBook(team.api);
    expect(before.interactions).toHaveLength(2);

    const fresh = team.x.addMention({ from: hal.id, text: '@acme two' });
    // X sends the new post twice, with posts it sent before (an overlapping page): and DMs again, twice.
    team.x.scriptNext('mentions', { status: 200, body: team.x.pageOf('tweets', [fresh, fresh, seen, strangerSeen]) });
    team.x.scriptNext('dm_events', { status: 200, body: team.x.pageOf('dm_events', [dm, dm]) });
    expect(await team.poll()).toMatchObject({ interactions: 1, errors: [] });
    expect(await team.poll()).toMatchObject({ interactions: 0 });

    const after = await pulledBook(team.api);
    const ids = after.interactions.map((interaction) => interaction.externalId).sort();
    expect(ids).toEqual([`x:dm:${dm}`, `x:tweet:${fresh}`, `x:tweet:${seen}`].sort());
    expect(after.head).toBe(before.head + 1);
    expect((await team.suggestions())[0]).toMatchObject({ userId: ivy.id, mentionCount: 1 });
  });

  it('suggests people who mention the company, and turns their mentions into interactions once they are saved', async () => {
    const team = await connectedTeam();
    const jo = team.x.setUser({
      username: team.handle('jo'),
      name: 'Jo March',
      description: 'Writer',
      followers: 42,
      profile_image_url: 'https://pbs.twimg.com/profile_images/2/jo_normal.jpg',
    });
    const kit = team.x.setUser({ username: team.handle('kit'), name: 'Kit' });
    const lu = team.x.setUser({ username: team.handle('lu'), name: 'Lu' });
    const mo = team.x.setUser({ username: team.handle('mo'), name: 'Mo' });
    const joFirst = team.x.addMention({ from: jo.id, text: '@acme do you ship to Concord?' });
    team.x.addMention({ from: kit.id, text: '@acme nice' });
    const joLast = team.x.addMention({ from: jo.id, text: '@acme still waiting on an answer' });
    const reply = team.x.addReply({ to: jo.id, text: `@${jo.username} we do!` });
    team.x.addMention({ from: lu.id, text: '@acme meh' });
    const moDm = team.x.addDm({ from: mo.id, text: 'Only a DM, no mention' });
    expect(await team.poll()).toMatchObject({ interactions: 0, pending: 6 });

    const suggestions = await team.suggestions();
    expect(suggestions.map((suggestion) => suggestion.handle)).toEqual([lu.username, jo.username, kit.username]);
    expect(suggestions[1]).toEqual({
      userId: jo.id,
      handle: jo.username,
      name: 'Jo March',
      avatarUrl: 'https://pbs.twimg.com/profile_images/2/jo_normal.jpg',
      bio: 'Writer',
      followers: 42,
      mentionCount: 2,
      lastMention: {
        text: '@acme still waiting on an answer',
        url: `https://x.com/${jo.username}/status/${joLast}`,
        at: expect.any(Number),
      },
    });

    const headers = { authorization: `Bearer ${team.token}` };
    const dismiss = (userId: string) =>
      request(`${server.url}/v1/x/suggestions/${userId}/dismiss`, { method: 'POST', headers });
    expect(await dismiss(lu.id)).toEqual({ status: 200, body: { dismissed: true } });
    expect(await dismiss('12345')).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    expect(await dismiss('lu')).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
    expect((await team.suggestions()).map((suggestion) => suggestion.handle)).toEqual([jo.username, kit.username]);

    // A manager saves Jo from the popup (by handle only, as a page without her id would), and Mo by user id.
    const savedJo = await saveXContact(team.api, team.replica, { name: 'Jo', handle: jo.username });
    const savedMo = await saveXContact(team.api, team.replica, { name: 'Mo', handle: mo.username, userId: mo.id });
    expect((await team.suggestions()).map((suggestion) => suggestion.handle)).toEqual([kit.username]);

    expect(await team.poll()).toMatchObject({ interactions: 4, errors: [] });
    const book = await pulledBook(team.api);
    const onJo = book.interactions.filter((interaction) => interaction.contactId === savedJo.contactId);
    expect(onJo.map((interaction) => interaction.externalId).sort()).toEqual(
      [joFirst, joLast, reply].map((id) => `x:tweet:${id}`).sort(),
    );
    expect(onJo.find((interaction) => interaction.externalId === `x:tweet:${reply}`)?.direction).toBe('outbound');
    expect(book.interactions.filter((interaction) => interaction.contactId === savedMo.contactId)).toMatchObject([
      { externalId: `x:dm:${moDm}`, type: 'message', direction: 'inbound' },
    ]);
    expect(book.identities.find((identity) => identity.id === savedJo.identityId)).toMatchObject({
      networkUserId: jo.id,
      displayName: 'Jo March',
    });
    // Backfilled once: a re-poll and Jo's mention delivered again add nothing.
    team.x.scriptNext('mentions', { status: 200, body: team.x.pageOf('tweets', [joLast]) });
    expect(await team.poll()).toMatchObject({ interactions: 0, pending: 0 });
    expect((await team.suggestions()).map((suggestion) => suggestion.handle)).toEqual([kit.username]);
  });
});

describe('X connector boundaries', () => {
  it("keeps each team's status and suggestions to itself, and answers only with a token", async () => {
    const one = await connectedTeam();
    const two = await connectedTeam();
    const stranger = one.x.setUser({ username: one.handle('nia') });
    one.x.addMention({ from: stranger.id, text: `@${one.x.account.username} hello` });
    await one.poll();
    await two.poll();
    expect((await one.suggestions()).map((suggestion) => suggestion.userId)).toEqual([stranger.id]);
    expect(await two.suggestions()).toEqual([]);
    expect((await two.status()).account).toEqual({ handle: two.x.account.username, userId: two.x.account.id });

    const asTwo = await request(`${server.url}/v1/x/suggestions/${stranger.id}/dismiss`, {
      method: 'POST',
      headers: { authorization: `Bearer ${two.token}` },
    });
    expect(asTwo.status).toBe(404);
    expect(await one.suggestions()).toHaveLength(1);

    const unconnected = await server.createTeam();
    const status = await request(`${server.url}/v1/x/status`, {
      headers: { authorization: `Bearer ${unconnected.token}` },
    });
    expect(status).toEqual({ status: 200, body: { connected: false } });
    for (const path of ['/v1/x/status', '/v1/x/suggestions']) {
      expect((await request(`${server.url}${path}`)).status).toBe(401);
    }
  });

  it('polls at most two teams at once in one process, so polls never take every database connection', async () => {
    const teams = await Promise.all([connectedTeam(), connectedTeam(), connectedTeam(), connectedTeam()]);
    x.setDelay(40);
    x.resetConcurrency();
    try {
      const reports = await Promise.all(teams.map((team) => team.poll()));
      expect(reports.map((report) => report.status)).toEqual(['polled', 'polled', 'polled', 'polled']);
    } finally {
      x.setDelay(0);
    }
    expect(x.maxConcurrent()).toBe(2);
  });

  it('keeps the tokens encrypted at rest and out of every answer; a wrong key is a clear error', async () => {
    const team = await connectedTeam();
    const [row] = await server.server.db.query<{ bearer_token: string; user_token: string }>(
      'SELECT bearer_token, user_token FROM x_connectors WHERE team_id = $1',
      [team.team.id],
    );
    expect(row?.bearer_token).toMatch(/^enc:v1:/);
    expect(row?.user_token).toMatch(/^enc:v1:/);
    expect(JSON.stringify(row)).not.toContain(team.x.bearerToken);
    expect(JSON.stringify(row)).not.toContain(team.x.userToken);
    const headers = { authorization: `Bearer ${team.token}` };
    for (const path of ['/v1/x/status', '/v1/x/suggestions']) {
      const answer = JSON.stringify((await request(`${server.url}${path}`, { headers })).body);
      expect(answer).not.toContain(team.x.userToken);
      expect(answer).not.toContain(team.x.bearerToken);
    }
    // Sealed for another team: it does not open here.
    const [other] = await server.server.db.query<{ user_token: string }>(
      'SELECT user_token FROM x_connectors WHERE team_id <> $1 LIMIT 1',
      [team.team.id],
    );
    await server.server.db.query('UPDATE x_connectors SET user_token = $2 WHERE team_id = $1', [
      team.team.id,
      other?.user_token,
    ]);
    const report = await team.poll();
    expect(report.errors).toEqual([expect.stringMatching(/do not open with this RAPPORT_SECRET_KEY/)]);
    expect((await team.status()).lastError).toMatch(/do not open with this RAPPORT_SECRET_KEY/);
    // Nothing reached X after connecting: no token, no call.
    expect(team.x.requests().map((entry) => entry.endpoint)).toEqual(['users_by_username', 'users_me']);
  });
});
