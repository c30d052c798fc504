import { accountClaimOf } from '../lib/account-claim';
import { RapportError } from '../lib/errors';
import { lookupKeysOf, profileKeyFor } from '../lib/profile-keys';
import { filterForPage } from './account-names';
import { accountPeople, saveAccount, unlinkProfileFromAccount } from './accounts';
import { contactDetail, lookupKeys, recentContacts, saveLead, setContactAccount, updateContact } from './contacts';
import { db, type RapportDb, SCHEMA_VERSION } from './db';
import { deleteContact, linkProfile, mergeContacts, unlinkIdentity } from './identity';
import { importStatus, receiveImportText, startImport } from './import-jobs';
import { logInteraction } from './interactions';
import type { Handlers } from './router';
import { searchIndex } from './search-service';
import { getSettings, saveSettings } from './settings';
import { recordMisses, siteHealth } from './site-health';
import { fromSwitchedOffSite } from './site-switches';
import { connect, disconnect, readStatus, syncConfig, syncNow } from './sync/scheduler';
import { HttpTransport, SyncError } from './sync/transport';
import { tabProfileChanged } from './tab-events';
import { getTabProfile, rememberRapportTab, setTabProfile } from './tab-profiles';
import { createTask, dueTasks, setTaskDone } from './tasks';
import { deleteEverything, storeCounts } from './wipe';

/** The team server, when one is connected: X conversations come from its connector. */
async function teamServer(): Promise<HttpTransport | undefined> {
  const config = await syncConfig();
  return config ? new HttpTransport(config) : undefined;
}

/**
 * A page's first answer: the keys looked up and, read at the same time, the filter of account names its strangers'
 * names (or companies) are checked against before anyone asks the worker about them.
 */
async function lookupWithAccountNames(database: RapportDb, keys: readonly string[], companies?: readonly string[]) {
  const [answer, accountNames] = await Promise.all([lookupKeys(database, keys, companies), filterForPage(database)]);
  return { ...answer, accountNames };
}

/** What the background does for each message type; validation and sender checks happen before, in the router. */
export const handlers: Handlers = {
  async lookup({ keys, companies, accountNames }, sender) {
    if (await fromSwitchedOffSite(sender)) return { results: {}, accounts: {} };
    const database = await db();
    return accountNames ? lookupWithAccountNames(database, keys, companies) : lookupKeys(database, keys, companies);
  },
  async saveLead({ profile, mode }) {
    // The page says which profile it is; the key must still be the one its URL canonicalises to.
    const canonical = profileKeyFor(profile.network, profile.url);
    if (!canonical || canonical.key !== profile.profileKey) {
      throw new RapportError('bad_request', `The profile URL does not match the key ${profile.profileKey}`);
    }
    const { ownerName } = await getSettings();
    return saveLead(await db(), profile, ownerName || undefined, mode);
  },
  async linkProfile({ contactId, profile }) {
    return linkProfile(await db(), contactId, profile);
  },
  async unlinkIdentity({ identityId }) {
    return unlinkIdentity(await db(), identityId);
  },
  async mergeContacts({ keepId, mergeId }) {
    return mergeContacts(await db(), keepId, mergeId);
  },
  async deleteContact({ contactId }) {
    await deleteContact(await db(), contactId);
    return { deleted: true };
  },
  async pageStart({ keys }, sender) {
    // Every page is told when settings change, a switched-off one too (it starts when its site is switched on). Not
    // awaited: the page's first answer does not wait for a storage write.
    if (sender.tab?.id !== undefined) void rememberRapportTab(sender.tab.id).catch(() => {});
    // A site switched off learns nothing, and costs no lookup.
    if (await fromSwitchedOffSite(sender)) return { enabled: false, results: {} };
    if (!keys.length) return { enabled: true, results: {} };
    const database = await db();
    // With the filter, the card for a stranger knows at once whether their company may be an account.
    const { results, accountNames } = await lookupWithAccountNames(database, keys);
    return { enabled: true, results, accountNames };
  },
  async reportMisses({ network, fields }) {
    await recordMisses(network, fields);
    return { ok: true };
  },
  siteHealth,
  async logInteraction({ interaction }) {
    return logInteraction(await db(), interaction);
  },
  async pageProfile({ profile }, sender) {
    if (sender.tab?.id !== undefined) {
      await setTabProfile(sender.tab.id, (await fromSwitchedOffSite(sender)) ? null : profile);
      tabProfileChanged(sender.tab.id);
    }
    return { ok: true };
  },
  async tabProfile({ tabId }) {
    const profile = await getTabProfile(tabId);
    if (!profile) return { profile: null, result: null };
    const keys = lookupKeysOf(profile);
    // A company's page or own profile may be an account's by its name only, as the page's card shows it.
    const claim = accountClaimOf(profile);
    const name = claim?.as === 'own' ? claim.name : undefined;
    const { results, accounts } = await lookupKeys(await db(), keys, name ? [name] : []);
    const result = keys.map((key) => results[key]).find(Boolean) ?? null;
    return { profile, result, unlinkedAccount: !result && name ? accounts[name] : undefined };
  },
  async recentContacts({ limit }) {
    return { contacts: await recentContacts(await db(), limit) };
  },
  async contactDetail({ contactId }) {
    return contactDetail(await db(), contactId);
  },
  async updateContact({ contactId, patch }) {
    return updateContact(await db(), contactId, patch);
  },
  async setContactAccount({ contactId, accountName }) {
    return setContactAccount(await db(), contactId, accountName);
  },
  async accountPeople({ accountId }) {
    return accountPeople(await db(), accountId);
  },
  async unlinkProfileFromAccount({ profileKey }) {
    await unlinkProfileFromAccount(await db(), profileKey);
    return { unlinked: true as const };
  },
  async saveAccount({ account }) {
    return saveAccount(await db(), account);
  },
  async createTask({ task }) {
    return createTask(await db(), task);
  },
  async setTaskDone({ taskId, done }) {
    return setTaskDone(await db(), taskId, done);
  },
  async dueTasks({ until }) {
    return { tasks: await dueTasks(await db(), until) };
  },
  async search({ query, limit }) {
    return { hits: (await searchIndex(await db())).search(query, limit) };
  },
  getSettings,
  async saveSettings({ settings }) {
    return saveSettings(settings);
  },
  async storeCounts() {
    return storeCounts(await db());
  },
  async syncStatus() {
    return readStatus(await db());
  },
  async syncConnect({ config }) {
    return connect(await db(), config);
  },
  async syncDisconnect() {
    return disconnect(await db());
  },
  async syncNow() {
    const database = await db();
    await syncNow(database);
    return readStatus(database);
  },
  async schemaVersion() {
    return { version: SCHEMA_VERSION };
  },
  async importText({ importId, text }) {
    receiveImportText(importId, text);
    return { ok: true };
  },
  async importStart({ type: _type, ...request }) {
    const { ownerName } = await getSettings();
    await startImport(await db(), request, ownerName || undefined);
    return { ok: true };
  },
  async importStatus({ importId }) {
    return importStatus(importId);
  },
  async xStatus() {
    const transport = await teamServer();
    return transport ? transport.xStatus() : { connected: false };
  },
  async xSuggestions() {
    const transport = await teamServer();
    return transport ? transport.xSuggestions() : { suggestions: [] };
  },
  async xDismissSuggestion({ userId }) {
    const transport = await teamServer();
    if (!transport) throw new RapportError('bad_request', 'Connect a team server first');
    // The server no longer knows them (already saved and matched, or dismissed elsewhere): that is dismissed too.
    return transport.dismissXSuggestion(userId).catch((error: unknown) => {
      if (error instanceof SyncError && error.status === 404) return { dismissed: true as const };
      throw error;
    });
  },
  async deleteEverything() {
    await deleteEverything(await db());
    return { deleted: true };
  },
};
