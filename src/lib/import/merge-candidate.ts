import { newId } from '../ids';
import type { Contact, SocialIdentity } from '../records';
import type { Candidate } from './candidate';

/**
 * Turning a candidate into records: a new contact with its identities, or what it adds to a contact the store
 * already has. Pure (ids and time come from the caller's `now` and `newId`), so the store decides when to write.
 */

const MAX_EMAILS = 20;
const MAX_PHONES = 20;
const MAX_TAGS = 100;

function identityRecord(
  identity: Candidate['identities'][number],
  contactId: string,
  now: number,
  displayName: string,
): SocialIdentity {
  const record: SocialIdentity = {
    id: newId(),
    createdAt: now,
    updatedAt: now,
    deleted: false,
    network: identity.network,
    profileKey: identity.profileKey,
    url: identity.url,
    displayName,
    aliases: [],
    contactId,
  };
  if (identity.handle) record.handle = identity.handle;
  return record;
}

export interface NewContactOptions {
  now: number;
  /** The account found or created for `candidate.accountName`. */
  accountId?: string;
  /** The importing user, as the contact's owner. */
  owner?: string;
}

/** A new contact and its identities from a candidate nobody has yet. */
export function candidateToRecords(
  candidate: Candidate,
  options: NewContactOptions,
): { contact: Contact; identities: SocialIdentity[] } {
  const { now } = options;
  const contact: Contact = {
    id: newId(),
    createdAt: now,
    updatedAt: now,
    deleted: false,
    name: candidate.name,
    relationship: 'prospect',
    stage: 'lead',
    tags: candidate.tags,
    notes: candidate.notes,
    emails: candidate.emails,
    phones: candidate.phones,
  };
  if (candidate.headline) contact.headline = candidate.headline;
  if (candidate.company) contact.company = candidate.company;
  if (candidate.title) contact.title = candidate.title;
  if (candidate.location) contact.location = candidate.location;
  if (candidate.website) contact.website = candidate.website;
  if (options.accountId) contact.accountId = options.accountId;
  if (options.owner) contact.owner = options.owner;
  const identities = candidate.identities.map((identity) => identityRecord(identity, contact.id, now, candidate.name));
  return { contact, identities };
}

/** Adds values not already present (case-insensitively, or by digits for phones), up to the record's limit. */
function union(current: readonly string[], added: readonly string[], max: number, key: (v: string) => string) {
  const seen = new Set(current.map(key));
  const result = [...current];
  for (const value of added) {
    if (result.length >= max) break;
    const k = key(value);
    if (seen.has(k)) continue;
    seen.add(k);
    result.push(value);
  }
  return result;
}

const lower = (value: string) => value.trim().toLowerCase();
const phoneKey = (value: string) => value.replace(/[^\d+]/g, '') || lower(value);

type FillableField = 'headline' | 'company' | 'title' | 'location' | 'website';
const FILLABLE: readonly FillableField[] = ['headline', 'company', 'title', 'location', 'website'];

export interface MergeOptions {
  now: number;
  /** The account found or created for `candidate.accountName`; set only if the contact has none. */
  accountId?: string;
}

export interface MergeResult {
  /** The contact with the candidate's additions; the same object as `existing.contact` when nothing changed. */
  contact: Contact;
  /** Identities to add, already pointing at the contact. */
  identities: SocialIdentity[];
  /** Whether anything is to be written: a re-import of the same file changes nothing and writes nothing. */
  changed: boolean;
}

/**
 * What a candidate adds to a contact the store already has. It fills fields that are empty and adds emails,
 * phones, tags and identities the contact lacks; it never replaces anything the contact has, because what is
 * stored may be the user's own edit and an import file is older news.
 */
export function mergeCandidateIntoContact(
  existing: { contact: Contact; identities: readonly Pick<SocialIdentity, 'profileKey'>[] },
  candidate: Candidate,
  options: MergeOptions,
): MergeResult {
  const before = existing.contact;
  const next: Contact = { ...before };
  for (const field of FILLABLE) {
    const value = candidate[field];
    if (value && !before[field]?.trim()) next[field] = value;
  }
  if (!before.notes.trim() && candidate.notes) next.notes = candidate.notes;
  if (!before.accountId && options.accountId) next.accountId = options.accountId;
  next.emails = union(before.emails, candidate.emails, MAX_EMAILS, lower);
  next.phones = union(before.phones, candidate.phones, MAX_PHONES, phoneKey);
  next.tags = union(before.tags, candidate.tags, MAX_TAGS, lower);

  const known = new Set(existing.identities.map((identity) => identity.profileKey));
  const identities = candidate.identities
    .filter((identity) => !known.has(identity.profileKey))
    .map((identity) => identityRecord(identity, before.id, options.now, before.name));

  const contactChanged =
    FILLABLE.some((field) => next[field] !== before[field]) ||
    next.notes !== before.notes ||
    next.accountId !== before.accountId ||
    next.emails.length !== before.emails.length ||
    next.phones.length !== before.phones.length ||
    next.tags.length !== before.tags.length;
  if (!contactChanged) return { contact: before, identities, changed: identities.length > 0 };
  next.updatedAt = Math.max(options.now, before.updatedAt);
  return { contact: next, identities, changed: true };
}
