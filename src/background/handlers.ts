import { RapportError } from '../lib/errors';
import { profileKeyFor } from '../lib/profile-keys';
import { logInteraction, lookupKeys, recentContacts, saveLead } from './contacts';
import { db } from './db';
import type { Handlers } from './router';
import { getTabProfile, setTabProfile } from './tab-profiles';

/** What the background does for each message type; validation and sender checks happen before, in the router. */
export const handlers: Handlers = {
  async lookup({ keys }) {
    return { results: await lookupKeys(await db(), keys) };
  },
  async saveLead({ profile }) {
    // The page says which profile it is; the key must still be the one its URL canonicalises to.
    const canonical = profileKeyFor(profile.network, profile.url);
    if (!canonical || canonical.key !== profile.profileKey) {
      throw new RapportError('bad_request', `The profile URL does not match the key ${profile.profileKey}`);
    }
    return saveLead(await db(), profile);
  },
  async logInteraction({ interaction }) {
    return logInteraction(await db(), interaction);
  },
  async pageProfile({ profile }, sender) {
    if (sender.tab?.id !== undefined) await setTabProfile(sender.tab.id, profile);
    return { ok: true };
  },
  async tabProfile({ tabId }) {
    const profile = await getTabProfile(tabId);
    if (!profile) return { profile: null, result: null };
    const results = await lookupKeys(await db(), [profile.profileKey]);
    return { profile, result: results[profile.profileKey] ?? null };
  },
  async recentContacts({ limit }) {
    return { contacts: await recentContacts(await db(), limit) };
  },
};
