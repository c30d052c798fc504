import { z } from 'zod';
import { ProfileRef } from './profile-ref';
import { Account, CHANNELS, Contact, INTERACTION_TYPES, Interaction, SocialIdentity, Task } from './records';

/**
 * The one protocol between content scripts, pages (popup, options, side panel) and the background.
 * Each request type names its response schema; `from` says who may send it: `page` means any of this
 * extension's own contexts including content scripts on the supported sites, `extension` only the
 * extension's own pages (never a content script, which runs next to hostile page code).
 */

const profileKey = z.string().min(3).max(600);

export const ContactContext = z.object({
  kind: z.literal('contact'),
  contact: Contact,
  account: Account.optional(),
  identities: z.array(SocialIdentity),
  lastInteraction: Interaction.optional(),
  openTasks: z.array(Task),
});
export type ContactContext = z.infer<typeof ContactContext>;

export const AccountContext = z.object({
  kind: z.literal('account'),
  account: Account,
  contactCount: z.number().int().nonnegative(),
  openTasks: z.array(Task),
});
export type AccountContext = z.infer<typeof AccountContext>;

export const LookupResult = z.union([ContactContext, AccountContext]).nullable();
export type LookupResult = z.infer<typeof LookupResult>;

/** What a person fills in to log a touch; the background adds id, times and validates it as an Interaction. */
export const NewInteraction = z.object({
  contactId: z.uuid(),
  type: z.enum(INTERACTION_TYPES),
  channel: z.enum(CHANNELS),
  occurredAt: z.number().int().nonnegative().optional(),
  summary: z.string().trim().min(1, 'a summary is needed').max(500),
  notes: z.string().max(20_000).optional(),
  outcome: z.string().max(500).optional(),
});
export type NewInteraction = z.infer<typeof NewInteraction>;

export const protocol = {
  lookup: {
    from: 'page',
    request: z.object({ type: z.literal('lookup'), keys: z.array(profileKey).min(1).max(500) }),
    response: z.object({ results: z.record(z.string(), LookupResult) }),
  },
  saveLead: {
    from: 'page',
    request: z.object({ type: z.literal('saveLead'), profile: ProfileRef }),
    response: ContactContext,
  },
  logInteraction: {
    from: 'page',
    request: z.object({ type: z.literal('logInteraction'), interaction: NewInteraction }),
    response: ContactContext,
  },
  pageProfile: {
    from: 'page',
    request: z.object({ type: z.literal('pageProfile'), profile: ProfileRef.nullable() }),
    response: z.object({ ok: z.literal(true) }),
  },
  tabProfile: {
    from: 'extension',
    request: z.object({ type: z.literal('tabProfile'), tabId: z.number().int() }),
    response: z.object({ profile: ProfileRef.nullable(), result: LookupResult }),
  },
  recentContacts: {
    from: 'extension',
    request: z.object({ type: z.literal('recentContacts'), limit: z.number().int().min(1).max(200) }),
    response: z.object({ contacts: z.array(Contact) }),
  },
} as const;

export type MessageType = keyof typeof protocol;

export const Request = z.discriminatedUnion('type', [
  protocol.lookup.request,
  protocol.saveLead.request,
  protocol.logInteraction.request,
  protocol.pageProfile.request,
  protocol.tabProfile.request,
  protocol.recentContacts.request,
]);
export type Request = z.infer<typeof Request>;
export type RequestOf<T extends MessageType> = z.infer<(typeof protocol)[T]['request']>;
export type ResponseOf<T extends MessageType> = z.infer<(typeof protocol)[T]['response']>;

export const ERROR_CODES = ['bad_request', 'forbidden', 'not_found', 'conflict', 'internal'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Every answer from the background has this envelope, so a failure is never mistaken for data. */
export type Envelope<T> = { ok: true; data: T } | { ok: false; error: { code: ErrorCode; message: string } };
