import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { NETWORKS } from './networks';

/**
 * Every stored and synced record. Types are inferred from these schemas, never written twice.
 * Each record carries created/updated times and a `deleted` tombstone flag so sync can replicate deletions.
 */

export const RELATIONSHIPS = ['customer', 'prospect', 'partner', 'vendor'] as const;
export const STAGES = ['lead', 'contacted', 'qualified', 'proposal', 'negotiation', 'won', 'lost'] as const;
export const INTERACTION_TYPES = ['message', 'call', 'meeting', 'email', 'note', 'post'] as const;
export const CHANNELS = ['linkedin', 'x', 'facebook', 'phone', 'email', 'in_person'] as const;
export type Channel = (typeof CHANNELS)[number];
export const DIRECTIONS = ['inbound', 'outbound'] as const;

const text = (max: number) => z.string().trim().max(max);
const optionalText = (max: number) => text(max).optional();
const id = lazySchema(() => z.uuid());
const epochMs = lazySchema(() => z.number().int().nonnegative());
const httpUrl = lazySchema(() =>
  z
    .string()
    .max(2048)
    .refine((value) => /^https?:\/\//i.test(value), 'must be an http(s) URL'),
);

export const Relationship = lazySchema(() => z.enum(RELATIONSHIPS));
export const Stage = lazySchema(() => z.enum(STAGES));
export const Network = lazySchema(() => z.enum(NETWORKS));

/** The fields every record has; a function, so that nothing is built before a record schema is. */
const base = () => ({
  id,
  createdAt: epochMs,
  updatedAt: epochMs,
  deleted: z.boolean().default(false),
});

export const Contact = lazySchema(() =>
  z.object({
    ...base(),
    name: text(300).min(1),
    headline: optionalText(1000),
    company: optionalText(300),
    title: optionalText(300),
    location: optionalText(300),
    avatarUrl: httpUrl.optional(),
    /** The website the person's profile links to (X's header link). */
    website: httpUrl.optional(),
    accountId: id.optional(),
    relationship: Relationship.default('prospect'),
    stage: Stage.default('lead'),
    owner: optionalText(200),
    tags: z.array(text(100)).max(100).default([]),
    notes: text(20_000).default(''),
    emails: z.array(text(320)).max(20).default([]),
    phones: z.array(text(50)).max(20).default([]),
  }),
);
export type Contact = z.infer<typeof Contact>;

export const Account = lazySchema(() =>
  z.object({
    ...base(),
    name: text(300).min(1),
    domain: optionalText(253),
    relationship: Relationship.default('prospect'),
    stage: Stage.default('lead'),
    owner: optionalText(200),
    notes: text(20_000).default(''),
  }),
);
export type Account = z.infer<typeof Account>;

/** A profile on one network. It belongs to a contact (a person) or an account (a company page). */
export const SocialIdentity = lazySchema(() =>
  z
    .object({
      ...base(),
      network: Network,
      profileKey: text(600).min(3),
      url: httpUrl,
      handle: optionalText(200),
      displayName: optionalText(300),
      /** The network's own stable id (X's numeric user id): it survives handle renames. */
      networkUserId: optionalText(64),
      /** Other profile keys of the same account (an X handle's key when `profileKey` is the id key, old handles). */
      aliases: z.array(text(600)).max(20).default([]),
      /** Filled by enrichment (the server's X connector): what the network says about the profile. */
      bio: optionalText(2000),
      location: optionalText(300),
      followers: z.number().int().nonnegative().optional(),
      avatarUrl: httpUrl.optional(),
      enrichedAt: epochMs.optional(),
      contactId: id.optional(),
      accountId: id.optional(),
    })
    .refine((identity) => Boolean(identity.contactId) !== Boolean(identity.accountId), {
      message: 'an identity belongs to exactly one contact or one account',
    }),
);
export type SocialIdentity = z.infer<typeof SocialIdentity>;

export const Interaction = lazySchema(() =>
  z.object({
    ...base(),
    contactId: id,
    type: z.enum(INTERACTION_TYPES),
    channel: z.enum(CHANNELS),
    direction: z.enum(DIRECTIONS).optional(),
    occurredAt: epochMs,
    summary: text(500).default(''),
    notes: text(20_000).default(''),
    outcome: optionalText(500),
    url: httpUrl.optional(),
    /** Id at the source (a tweet or DM event id), so a re-import adds nothing. */
    externalId: optionalText(200),
  }),
);
export type Interaction = z.infer<typeof Interaction>;

export const Task = lazySchema(() =>
  z.object({
    ...base(),
    contactId: id.optional(),
    accountId: id.optional(),
    title: text(500).min(1),
    dueAt: epochMs,
    done: z.boolean().default(false),
    completedAt: epochMs.optional(),
    notifiedAt: epochMs.optional(),
  }),
);
export type Task = z.infer<typeof Task>;

export const RECORD_SCHEMAS = {
  contacts: Contact,
  accounts: Account,
  identities: SocialIdentity,
  interactions: Interaction,
  tasks: Task,
} as const;
export type RecordStoreName = keyof typeof RECORD_SCHEMAS;
export const RECORD_STORES = Object.keys(RECORD_SCHEMAS) as RecordStoreName[];
