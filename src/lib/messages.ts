import { z } from 'zod';
import { MAX_FILTER_LENGTH } from './account-filter';
import { ColumnMapping } from './import/column-mapping';
import { TEXT_ENCODINGS } from './import/decode';
import { IMPORT_FORMATS } from './import/run';
import { lazySchema } from './lazy-schema';
import { MAX_LOOKUP_KEYS } from './lookup-limits';
import { ProfileRef } from './profile-ref';
import {
  Account,
  CHANNELS,
  Contact,
  DIRECTIONS,
  INTERACTION_TYPES,
  Interaction,
  Network,
  Relationship,
  SocialIdentity,
  Stage,
  Task,
} from './records';
import { Settings } from './settings';
import { SyncConfig, SyncStatus } from './sync-status';
import { XDismissed, XStatus, XSuggestions, XUserId } from './x-connector';

/**
 * The one protocol between content scripts, pages (popup, options, side panel) and the background.
 * Each request type names its response schema; `from` says who may send it: `page` means any of this
 * extension's own contexts including content scripts on the supported sites, `extension` only the
 * extension's own pages (never a content script, which runs next to hostile page code).
 */

const profileKey = lazySchema(() => z.string().min(3).max(600));

export const ContactContext = lazySchema(() =>
  z.object({
    kind: z.literal('contact'),
    contact: Contact,
    account: Account.optional(),
    identities: z.array(SocialIdentity),
    lastInteraction: Interaction.optional(),
    /** Up to five latest interactions, newest first (the conversation on the card). */
    recentInteractions: z.array(Interaction).default([]),
    openTasks: z.array(Task),
  }),
);
export type ContactContext = z.infer<typeof ContactContext>;

export const AccountContext = lazySchema(() =>
  z.object({
    kind: z.literal('account'),
    account: Account,
    contactCount: z.number().int().nonnegative(),
    openTasks: z.array(Task),
  }),
);
export type AccountContext = z.infer<typeof AccountContext>;

export const LookupResult = lazySchema(() => z.union([ContactContext, AccountContext]).nullable());

/** Who the team knows at an account, as the popup lists them (the first `ACCOUNT_PEOPLE_SHOWN` by name). */
export const AccountPeople = lazySchema(() =>
  z.object({
    people: z.array(
      z.object({
        contactId: z.uuid(),
        name: z.string(),
        headline: z.string().optional(),
        stage: Stage,
      }),
    ),
    total: z.number().int().nonnegative(),
  }),
);
export type AccountPeople = z.infer<typeof AccountPeople>;
export const ACCOUNT_PEOPLE_SHOWN = 50;

/** Saving someone who looks like a known contact asks first: link the profile to one of these, or save anew. */
export const PossibleDuplicates = lazySchema(() =>
  z.object({
    kind: z.literal('possibleDuplicates'),
    candidates: z.array(
      z.object({
        contactId: z.uuid(),
        name: z.string(),
        company: z.string().optional(),
        networks: z.array(z.string()),
      }),
    ),
  }),
);
export type PossibleDuplicates = z.infer<typeof PossibleDuplicates>;

export const SaveMode = lazySchema(() =>
  z
    .union([z.enum(['auto', 'new']), z.object({ linkTo: z.uuid() })])
    .default('auto')
    .describe('auto: ask when the person looks known; new: save anyway; linkTo: add the profile to that contact'),
);
export type SaveMode = z.infer<typeof SaveMode>;

export const SiteHealth = lazySchema(() =>
  z.object({
    day: z.string(),
    misses: z.record(z.string(), z.record(z.string(), z.number().int().nonnegative())),
  }),
);
export type SiteHealth = z.infer<typeof SiteHealth>;
export type LookupResult = z.infer<typeof LookupResult>;

const epochMs = lazySchema(() => z.number().int().nonnegative());
const id = lazySchema(() => z.uuid());

/** What a person fills in to log a touch; the background adds id, times and validates it as an Interaction. */
export const NewInteraction = lazySchema(() =>
  z.object({
    contactId: id,
    type: z.enum(INTERACTION_TYPES),
    channel: z.enum(CHANNELS),
    direction: z.enum(DIRECTIONS).optional(),
    occurredAt: epochMs.optional(),
    summary: z.string().trim().min(1, 'a summary is needed').max(500),
    notes: z.string().max(20_000).optional(),
    outcome: z.string().max(500).optional(),
    followUp: z.object({ title: z.string().trim().min(1).max(500), dueAt: epochMs }).optional(),
  }),
);
export type NewInteraction = z.infer<typeof NewInteraction>;

export const NewTask = lazySchema(() =>
  z.object({
    contactId: id.optional(),
    accountId: id.optional(),
    title: z.string().trim().min(1, 'a follow-up needs a title').max(500),
    dueAt: epochMs,
  }),
);
export type NewTask = z.infer<typeof NewTask>;

export const DueTask = lazySchema(() =>
  z.object({ task: Task, contactName: z.string().optional(), accountName: z.string().optional() }),
);
export type DueTask = z.infer<typeof DueTask>;

/** The contact fields a person edits; `accountId: null` unlinks the account. */
export const ContactPatch = lazySchema(() =>
  Contact.pick({
    name: true,
    headline: true,
    company: true,
    title: true,
    location: true,
    relationship: true,
    stage: true,
    owner: true,
    tags: true,
    notes: true,
    emails: true,
    phones: true,
  })
    .partial()
    .extend({
      accountId: id.nullable().optional(),
      // '' clears the website (a message cannot carry undefined), so it is let through here.
      website: Contact.shape.website.or(z.literal('')),
    }),
);
export type ContactPatch = z.infer<typeof ContactPatch>;

export const TimelineEntry = lazySchema(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('interaction'), at: epochMs, interaction: Interaction }),
    z.object({ kind: z.literal('task'), at: epochMs, task: Task }),
  ]),
);
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export const ContactDetail = lazySchema(() => ContactContext.extend({ timeline: z.array(TimelineEntry) }));
export type ContactDetail = z.infer<typeof ContactDetail>;

export const AccountInput = lazySchema(() =>
  z.object({
    id: id.optional(),
    name: z.string().trim().min(1, 'an account needs a name').max(300),
    domain: z.string().trim().max(253).optional(),
    relationship: Relationship,
    stage: Stage,
    owner: z.string().trim().max(200).optional(),
    notes: z.string().max(20_000).default(''),
  }),
);
export type AccountInput = z.infer<typeof AccountInput>;

export const SearchHit = lazySchema(() =>
  z.object({
    contactId: id,
    name: z.string(),
    company: z.string().optional(),
    relationship: Relationship,
    stage: Stage,
    handles: z.array(z.string()),
  }),
);
export type SearchHit = z.infer<typeof SearchHit>;

export const ImportOutcome = lazySchema(() =>
  z.object({
    added: z.number().int().nonnegative(),
    merged: z.number().int().nonnegative(),
    unchanged: z.number().int().nonnegative(),
  }),
);
export type ImportOutcome = z.infer<typeof ImportOutcome>;

export const SKIP_REASONS_SHOWN = 200;

/** Where an import running in the background is: the page polls it for its progress bar and summary. */
export const ImportStatus = lazySchema(() =>
  z.discriminatedUnion('state', [
    z.object({
      state: z.literal('running'),
      /** Characters of the text read so far and in all, and rows read: for "12,000 rows read" and the bar. */
      done: z.number().int().nonnegative(),
      total: z.number().int().nonnegative(),
      rows: z.number().int().nonnegative(),
    }),
    ImportOutcome.extend({
      state: z.literal('done'),
      skipped: z.number().int().nonnegative(),
      /** The first skipped rows or cards, each with its reason (a summary lists that many). */
      skipReasons: z.array(z.string()).max(SKIP_REASONS_SHOWN),
      warnings: z.array(z.string()),
    }),
    z.object({ state: z.literal('failed'), message: z.string() }),
  ]),
);
export type ImportStatus = z.infer<typeof ImportStatus>;

const importId = lazySchema(() => z.string().min(8).max(64));
/** Characters of a file's text per `importText` message: well under the 64 MiB a browser message may carry. */
export const IMPORT_PART_CHARS = 4_000_000;

export const StoreCounts = lazySchema(() => z.record(z.string(), z.number().int().nonnegative()));

export const protocol = {
  lookup: {
    from: 'page',
    request: lazySchema(() =>
      z.object({
        type: z.literal('lookup'),
        keys: z.array(profileKey).max(MAX_LOOKUP_KEYS),
        /** Company names shown with unknown people (one at most per key): their accounts' context is shown too. */
        companies: z.array(z.string().max(300)).max(MAX_LOOKUP_KEYS).optional(),
        /** Send the filter of account names too (see pageStart): a feed asks once, then only for names it may hold. */
        accountNames: z.boolean().optional(),
      }),
    ),
    response: lazySchema(() =>
      z.object({
        results: z.record(z.string(), LookupResult),
        accounts: z.record(z.string(), AccountContext),
        /** When asked for and the worker has it. */
        accountNames: z.string().max(MAX_FILTER_LENGTH).optional(),
      }),
    ),
  },
  saveLead: {
    from: 'page',
    request: lazySchema(() => z.object({ type: z.literal('saveLead'), profile: ProfileRef, mode: SaveMode })),
    response: lazySchema(() => z.union([ContactContext, AccountContext, PossibleDuplicates])),
  },
  logInteraction: {
    from: 'page',
    request: lazySchema(() => z.object({ type: z.literal('logInteraction'), interaction: NewInteraction })),
    response: ContactContext,
  },
  /**
   * Whether the sending page's site is switched on and, when it is, the answer for the profile its URL already names
   * (none asked after a settings change): the content script's first message on a page, so a switched-off site costs
   * one message and no lookup. The site is the sender's, as it is for every request that a switch holds back.
   */
  pageStart: {
    from: 'page',
    request: lazySchema(() =>
      z.object({
        type: z.literal('pageStart'),
        keys: z.array(profileKey).max(10),
      }),
    ),
    response: lazySchema(() =>
      z.object({
        enabled: z.boolean(),
        results: z.record(z.string(), LookupResult),
        /** Which company names may be accounts (lib/account-filter), when the page named a profile. */
        accountNames: z.string().max(MAX_FILTER_LENGTH).optional(),
      }),
    ),
  },
  reportMisses: {
    from: 'page',
    request: lazySchema(() =>
      z.object({
        type: z.literal('reportMisses'),
        network: Network,
        fields: z.array(z.string().max(60)).min(1).max(50),
      }),
    ),
    response: lazySchema(() => z.object({ ok: z.literal(true) })),
  },
  pageProfile: {
    from: 'page',
    request: lazySchema(() => z.object({ type: z.literal('pageProfile'), profile: ProfileRef.nullable() })),
    response: lazySchema(() => z.object({ ok: z.literal(true) })),
  },
  tabProfile: {
    from: 'extension',
    request: lazySchema(() => z.object({ type: z.literal('tabProfile'), tabId: z.number().int() })),
    response: lazySchema(() =>
      z.object({
        profile: ProfileRef.nullable(),
        result: LookupResult,
        /**
         * A company's page, or a profile that may be its own (lib/account-claim.ts), no account is linked to, whose
         * name is an account's: the account, to offer linking.
         */
        unlinkedAccount: AccountContext.optional(),
      }),
    ),
  },
  recentContacts: {
    from: 'extension',
    request: lazySchema(() => z.object({ type: z.literal('recentContacts'), limit: z.number().int().min(1).max(200) })),
    response: lazySchema(() => z.object({ contacts: z.array(Contact) })),
  },
  linkProfile: {
    from: 'page',
    request: lazySchema(() => z.object({ type: z.literal('linkProfile'), contactId: id, profile: ProfileRef })),
    response: ContactContext,
  },
  unlinkIdentity: {
    from: 'extension',
    request: lazySchema(() => z.object({ type: z.literal('unlinkIdentity'), identityId: id })),
    response: ContactContext,
  },
  accountPeople: {
    from: 'extension',
    request: lazySchema(() => z.object({ type: z.literal('accountPeople'), accountId: z.uuid() })),
    response: AccountPeople,
  },
  unlinkProfileFromAccount: {
    from: 'extension',
    request: lazySchema(() => z.object({ type: z.literal('unlinkProfileFromAccount'), profileKey })),
    response: lazySchema(() => z.object({ unlinked: z.literal(true) })),
  },
  mergeContacts: {
    from: 'extension',
    request: lazySchema(() => z.object({ type: z.literal('mergeContacts'), keepId: id, mergeId: id })),
    response: ContactContext,
  },
  deleteContact: {
    from: 'extension',
    request: lazySchema(() => z.object({ type: z.literal('deleteContact'), contactId: id })),
    response: lazySchema(() => z.object({ deleted: z.literal(true) })),
  },
  siteHealth: {
    from: 'extension',
    request: lazySchema(() => z.object({ type: z.literal('siteHealth') })),
    response: SiteHealth,
  },
  contactDetail: {
    from: 'extension',
    request: lazySchema(() => z.object({ type: z.literal('contactDetail'), contactId: id })),
    response: ContactDetail,
  },
  updateContact: {
    from: 'extension',
    request: lazySchema(() => z.object({ type: z.literal('updateContact'), contactId: id, patch: ContactPatch })),
    response: ContactContext,
  },
  setContactAccount: {
    from: 'extension',
    request: lazySchema(() =>
      z.object({
        type: z.literal('setContactAccount'),
        contactId: id,
        accountName: z.string().trim().max(300),
      }),
    ),
    response: ContactContext,
  },
  saveAccount: {
    from: 'extension',
    request: lazySchema(() => z.object({ type: z.literal('saveAccount'), account: AccountInput })),
    response: Account,
  },
  createTask: {
    from: 'extension',
    request: lazySchema(() => z.object({ type: z.literal('createTask'), task: NewTask })),
    response: Task,
  },
  setTaskDone: {
    from: 'extension',
    request: lazySchema(() => z.object({ type: z.literal('setTaskDone'), taskId: id, done: z.boolean() })),
    response: Task,
  },
  dueTasks: {
    from: 'extension',
    request: lazySchema(() => z.object({ type: z.literal('dueTasks'), until: epochMs })),
    response: lazySchema(() => z.object({ tasks: z.array(DueTask) })),
  },
  search: {
    from: 'extension',
    request: lazySchema(() =>
      z.object({
        type: z.literal('search'),
        query: z.string().max(200),
        limit: z.number().int().min(1).max(100),
      }),
    ),
    response: lazySchema(() => z.object({ hits: z.array(SearchHit) })),
  },
  getSettings: {
    from: 'page',
    request: lazySchema(() => z.object({ type: z.literal('getSettings') })),
    response: Settings,
  },
  saveSettings: {
    from: 'extension',
    request: lazySchema(() => z.object({ type: z.literal('saveSettings'), settings: Settings })),
    response: Settings,
  },
  storeCounts: {
    from: 'extension',
    request: lazySchema(() => z.object({ type: z.literal('storeCounts') })),
    response: StoreCounts,
  },
  syncStatus: {
    from: 'extension',
    request: lazySchema(() => z.object({ type: z.literal('syncStatus') })),
    response: SyncStatus,
  },
  syncConnect: {
    from: 'extension',
    request: lazySchema(() => z.object({ type: z.literal('syncConnect'), config: SyncConfig })),
    response: SyncStatus,
  },
  syncDisconnect: {
    from: 'extension',
    request: lazySchema(() => z.object({ type: z.literal('syncDisconnect') })),
    response: SyncStatus,
  },
  syncNow: {
    from: 'extension',
    request: lazySchema(() => z.object({ type: z.literal('syncNow') })),
    response: SyncStatus,
  },
  schemaVersion: {
    from: 'extension',
    request: lazySchema(() => z.object({ type: z.literal('schemaVersion') })),
    response: lazySchema(() => z.object({ version: z.number().int() })),
  },
  importText: {
    from: 'extension',
    /** One part of a file's text, sent before `importStart`: a message carries at most IMPORT_PART_CHARS of it. */
    request: lazySchema(() =>
      z.object({ type: z.literal('importText'), importId, text: z.string().max(IMPORT_PART_CHARS) }),
    ),
    response: lazySchema(() => z.object({ ok: z.literal(true) })),
  },
  importStart: {
    from: 'extension',
    /** Opens the text sent so far in the format the page detected; a file refused as a whole is refused here. */
    request: lazySchema(() =>
      z.object({
        type: z.literal('importStart'),
        importId,
        format: z.enum(IMPORT_FORMATS),
        encoding: z.enum(TEXT_ENCODINGS),
        warnings: z.array(z.string().max(2000)).max(20),
        columns: ColumnMapping.optional(),
      }),
    ),
    response: lazySchema(() => z.object({ ok: z.literal(true) })),
  },
  importStatus: {
    from: 'extension',
    request: lazySchema(() => z.object({ type: z.literal('importStatus'), importId })),
    response: ImportStatus,
  },
  xStatus: {
    from: 'extension',
    request: lazySchema(() => z.object({ type: z.literal('xStatus') })),
    response: XStatus,
  },
  xSuggestions: {
    from: 'extension',
    request: lazySchema(() => z.object({ type: z.literal('xSuggestions') })),
    response: XSuggestions,
  },
  xDismissSuggestion: {
    from: 'extension',
    request: lazySchema(() => z.object({ type: z.literal('xDismissSuggestion'), userId: XUserId })),
    response: XDismissed,
  },
  deleteEverything: {
    from: 'extension',
    request: lazySchema(() =>
      z.object({ type: z.literal('deleteEverything'), confirm: z.literal('delete everything') }),
    ),
    response: lazySchema(() => z.object({ deleted: z.literal(true) })),
  },
} as const;

export type MessageType = keyof typeof protocol;

/** What a caller sends (defaults may be left out)… */
export type RequestOf<T extends MessageType> = z.input<(typeof protocol)[T]['request']>;
/** …and what a handler receives once the router has parsed it (defaults filled in). */
export type ParsedRequestOf<T extends MessageType> = z.output<(typeof protocol)[T]['request']>;
export type Request = { [T in MessageType]: ParsedRequestOf<T> }[MessageType];

export type ResponseOf<T extends MessageType> = z.infer<(typeof protocol)[T]['response']>;

export const ERROR_CODES = ['bad_request', 'forbidden', 'not_found', 'conflict', 'internal'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Every answer from the background has this envelope, so a failure is never mistaken for data. */
export type Envelope<T> = { ok: true; data: T } | { ok: false; error: { code: ErrorCode; message: string } };
