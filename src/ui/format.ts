import type { PossibleDuplicates } from '../lib/messages';
import { NETWORK_LABELS, type Network } from '../lib/networks';

/** Display helpers shared by the card, popup, side panel and options page. */

const capitalise = (value: string) => value.charAt(0).toUpperCase() + value.slice(1).replace(/_/g, ' ');

export const label = (value: string | undefined) => (value ? capitalise(value) : '');

/** "1 contact", "2,300 contacts": a count with its noun, in the reader's digits. */
export const counted = (count: number, one: string, many = `${one}s`) =>
  `${count.toLocaleString()} ${count === 1 ? one : many}`;

/** "2 open follow-ups · next: Send pricing (in 3 days)", soonest first as the store gives them. */
export function followUpsLine(tasks: ReadonlyArray<{ title: string; dueAt: number }>): string {
  const next = tasks[0];
  return next
    ? `${counted(tasks.length, 'open follow-up')} · next: ${next.title} (${relativeTime(next.dueAt)})`
    : 'No open follow-ups';
}

export const networkLabel = (network: Network) => NETWORK_LABELS[network];

/**
 * "Link to Jane Doe (Northwind Analytics · LinkedIn)": the button that links a profile to a contact it may be, saying
 * who that contact is and where they are known, so two people of one name can be told apart.
 */
export function linkToLabel({ name, company, networks }: PossibleDuplicates['candidates'][number]): string {
  const where = networks.map((network) => NETWORK_LABELS[network as Network] ?? network);
  const about = [company, ...where].filter(Boolean).join(' · ');
  return about ? `Link to ${name} (${about})` : `Link to ${name}`;
}

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['week', 7 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

let relativeFormat: Intl.RelativeTimeFormat | undefined;

/** "3 days ago", "in 2 hours", in the reader's language. (The formatter is made once: a feed asks hundreds of times.) */
export function relativeTime(at: number, now = Date.now()): string {
  const diff = at - now;
  relativeFormat ??= new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  const format = relativeFormat;
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms) return format.format(Math.round(diff / ms), unit);
  }
  return format.format(0, 'minute');
}

const RELATIONSHIP_COLOURS: Record<string, string> = {
  customer: '#0a7d32',
  prospect: '#1f5fbf',
  partner: '#7a3fb8',
  vendor: '#9a5b00',
};

/** A relationship's colour (every pill and badge), grey for a value that has none. */
export const relationshipColour = (relationship: string) => RELATIONSHIP_COLOURS[relationship] ?? '#57606a';

export function endOfDay(now = Date.now()): number {
  const end = new Date(now);
  end.setHours(23, 59, 59, 999);
  return end.getTime();
}

const CHANNEL_LABELS: Record<string, string> = { ...NETWORK_LABELS, in_person: 'In person' };
export const channelLabel = (channel: string) => CHANNEL_LABELS[channel] ?? label(channel);
