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

let x: MockXApi;
let server: TestServer;
let teams = 0;

beforeAll(async () => {
  x = await startMockXApi();
  server = await startTestServer({ xApiBase: x.url, xNow: now });
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
