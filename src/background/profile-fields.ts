import { websiteFromUrl } from '../lib/import/social';
import type { ProfileRef } from '../lib/profile-ref';
import type { Contact } from '../lib/records';

/** Trimmed and cut to the record's limit; nothing for an empty value. */
export const clip = (value: string | undefined, max: number) =>
  value ? value.trim().slice(0, max) || undefined : undefined;

/** What a page's profile says about its person, in a contact's fields and within their limits. */
export function contactFieldsOf(
  profile: ProfileRef,
): Pick<Contact, 'headline' | 'company' | 'location' | 'avatarUrl' | 'website'> & { name?: string } {
  return {
    name: clip(profile.name, 300),
    headline: clip(profile.headline, 1000),
    company: clip(profile.company, 300),
    location: clip(profile.location, 300),
    // A picture is only ever loaded from https.
    avatarUrl: profile.avatarUrl && /^https:\/\//i.test(profile.avatarUrl) ? profile.avatarUrl : undefined,
    website: profile.website ? websiteFromUrl(profile.website) : undefined,
  };
}
