import { createHash } from 'node:crypto';
import type { ServerPatch } from '../sync/server-writes';
import type { ConversationItem } from './conversation-items';

/**
 * The interaction an X conversation item becomes on a contact. Its record id is derived from the team and the
 * item's external id, so a re-poll, a duplicate delivery, a backfill or a second server process all name the same
 * record, and writing it only when absent makes it exist once.
 */

/** A UUID (version 8, RFC 9562's custom kind) from the SHA-256 of `${teamId}:${externalId}`. */
export function interactionId(teamId: string, externalId: string): string {
  const bytes = createHash('sha256').update(`${teamId}:${externalId}`).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const SUMMARY_MAX = 500;
const NOTES_MAX = 20_000;
const clip = (text: string, max: number) => text.trim().slice(0, max).trim();

export function interactionPatch(teamId: string, item: ConversationItem, contactId: string, now: number): ServerPatch {
  const text = item.text.trim();
  return {
    store: 'interactions',
    recordId: interactionId(teamId, item.externalId),
    onlyIfAbsent: true,
    patch: {
      createdAt: now,
      updatedAt: now,
      deleted: false,
      contactId,
      type: item.type,
      channel: 'x',
      direction: item.direction,
      occurredAt: item.occurredAt,
      summary: clip(text, SUMMARY_MAX),
      // The whole text only when the summary had to cut it.
      notes: text.length > SUMMARY_MAX ? clip(text, NOTES_MAX) : '',
      ...(item.url ? { url: item.url } : {}),
      externalId: item.externalId,
    },
  };
}
