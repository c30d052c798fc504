import { z } from 'zod';
import { lazySchema } from '../lazy-schema';
import { Account, Contact, Network } from '../records';
import { formatCount } from './text';

/**
 * What an importer makes of one row or card: a person to add or merge, in the shape of the records they will
 * become. The field limits are the records' own, so a candidate that passes here can always be saved.
 */

export const CandidateIdentity = lazySchema(() =>
  z.object({
    network: Network,
    profileKey: z.string().min(3).max(600),
    url: z.string().max(2048),
    handle: z.string().max(200).optional(),
  }),
);
export type CandidateIdentity = z.infer<typeof CandidateIdentity>;

export const Candidate = lazySchema(() =>
  z.object({
    name: Contact.shape.name,
    headline: Contact.shape.headline,
    company: Contact.shape.company,
    title: Contact.shape.title,
    location: Contact.shape.location,
    website: Contact.shape.website,
    /** The company as an account to find or create; usually the same text as `company`. */
    accountName: Account.shape.name.optional(),
    identities: z.array(CandidateIdentity).max(20),
    emails: Contact.shape.emails,
    phones: Contact.shape.phones,
    tags: Contact.shape.tags,
    notes: Contact.shape.notes,
    /** When the connection was made (LinkedIn's "Connected On"), as epoch ms at 00:00 UTC of that day. */
    connectedOn: z.number().int().nonnegative().optional(),
  }),
);
export type Candidate = z.infer<typeof Candidate>;
export type CandidateDraft = z.input<typeof Candidate>;

/** One row (or card) that became a candidate. `row` counts data rows from 1; `line` is where it starts in the file. */
export interface ImportedRow {
  kind: 'candidate';
  row: number;
  line: number;
  candidate: Candidate;
  /** Values that were dropped while the row itself was kept (an email that is not one, an unknown profile URL). */
  warnings?: string[];
}

/** One row (or card) that was not imported, with the reason in words a person understands. */
export interface SkippedRow {
  kind: 'skip';
  row: number;
  line: number;
  reason: string;
}

export type RowResult = ImportedRow | SkippedRow;

/** "Row 1,234 (line 1,238): no name": how a skip reads in the summary. */
export function describeSkip(skip: SkippedRow, unit: 'row' | 'card' = 'row'): string {
  const label = unit === 'card' ? 'Card' : 'Row';
  return `${label} ${formatCount(skip.row)} (line ${formatCount(skip.line)}): ${skip.reason}`;
}

const FIELD_LABELS: Record<string, string> = {
  name: 'the name',
  headline: 'the headline',
  company: 'the company',
  title: 'the job title',
  location: 'the location',
  accountName: 'the company',
  notes: 'the notes',
  connectedOn: 'the connection date',
};

const ITEM_LABELS: Record<string, string> = {
  emails: 'an email address',
  phones: 'a phone number',
  tags: 'a tag',
  identities: 'a profile',
};

const PLURALS: Record<string, string> = {
  emails: 'email addresses',
  phones: 'phone numbers',
  tags: 'tags',
  identities: 'profiles',
};

/** A zod issue as a sentence: "the job title is longer than 300 characters". */
function describeIssue(issue: z.core.$ZodIssue): string {
  const [field, index] = issue.path;
  const key = String(field ?? '');
  const subject = index !== undefined ? (ITEM_LABELS[key] ?? `an entry of ${key}`) : (FIELD_LABELS[key] ?? key);
  if (issue.code === 'too_big') {
    const max = formatCount(Number(issue.maximum));
    return issue.origin === 'array'
      ? `more than ${max} ${PLURALS[key] ?? key}`
      : `${subject} is longer than ${max} characters`;
  }
  if (issue.code === 'too_small' && issue.origin === 'string') return `${subject} is empty`;
  return `${subject}: ${issue.message}`;
}

/**
 * The records' own limits, read from their schemas so they cannot drift apart; on first use, as the schemas are built
 * (see lazySchema).
 */
const readLimits = () => ({
  name: Contact.shape.name.maxLength ?? 0,
  headline: Contact.shape.headline.unwrap().maxLength ?? 0,
  company: Contact.shape.company.unwrap().maxLength ?? 0,
  title: Contact.shape.title.unwrap().maxLength ?? 0,
  location: Contact.shape.location.unwrap().maxLength ?? 0,
  accountName: Account.shape.name.maxLength ?? 0,
  notes: Contact.shape.notes.unwrap().maxLength ?? 0,
  email: Contact.shape.emails.unwrap().element.maxLength ?? 0,
  phone: Contact.shape.phones.unwrap().element.maxLength ?? 0,
  tag: Contact.shape.tags.unwrap().element.maxLength ?? 0,
});
let limits: ReturnType<typeof readLimits> | undefined;

const fits = (value: string | undefined, max: number): boolean => value === undefined || value.length <= max;

/**
 * The common row, checked without zod: a LinkedIn row has one identity, at most one email and short fields, and
 * schema parsing costs more per row than papaparse does. Anything unusual (several values in a list, a long field)
 * returns false and goes through the schema, which also words the reason. Drafts hold cleaned (trimmed) text.
 */
function plainlyValid(draft: CandidateDraft): boolean {
  const { emails = [], phones = [], tags = [], identities, notes = '' } = draft;
  if (emails.length > 1 || phones.length > 1 || tags.length > 1 || identities.length > 1) return false;
  const identity = identities[0];
  limits ??= readLimits();
  const MAX = limits;
  if (identity && (identity.profileKey.length > 600 || identity.url.length > 2048 || !fits(identity.handle, 200))) {
    return false;
  }
  return (
    draft.name.length > 0 &&
    fits(draft.name, MAX.name) &&
    fits(draft.headline, MAX.headline) &&
    fits(draft.company, MAX.company) &&
    fits(draft.title, MAX.title) &&
    fits(draft.location, MAX.location) &&
    fits(draft.accountName, MAX.accountName) &&
    fits(notes, MAX.notes) &&
    fits(emails[0], MAX.email) &&
    fits(phones[0], MAX.phone) &&
    fits(tags[0], MAX.tag) &&
    (draft.connectedOn === undefined || (Number.isInteger(draft.connectedOn) && draft.connectedOn >= 0))
  );
}

/** Checks a draft against the records' limits; the reason names the field a person would fix. */
export function finalizeCandidate(draft: CandidateDraft): { candidate: Candidate } | { reason: string } {
  if (plainlyValid(draft)) {
    const { emails = [], phones = [], tags = [], notes = '' } = draft;
    return { candidate: { ...draft, emails, phones, tags, notes } };
  }
  const parsed = Candidate.safeParse(draft);
  if (parsed.success) return { candidate: parsed.data };
  return { reason: [...new Set(parsed.error.issues.map(describeIssue))].join('; ') };
}
