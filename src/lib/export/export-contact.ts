import type { Account, Contact, SocialIdentity } from '../records';

/** One contact with what an export needs beside it; the caller joins the stores, the exporters only format. */
export interface ExportContact {
  contact: Contact;
  identities?: readonly SocialIdentity[];
  account?: Account;
}

/** Deleted records are tombstones kept for sync; no export shows them. */
export function liveIdentities(row: ExportContact): SocialIdentity[] {
  return (row.identities ?? []).filter((identity) => !identity.deleted);
}

/** The company as the person reads it: the linked account's name, else the company typed on the contact. */
export function companyOf(row: ExportContact): string {
  return (row.account && !row.account.deleted ? row.account.name : undefined) ?? row.contact.company ?? '';
}

/** "Leeds, England, United Kingdom" → "Leeds": importers' City fields want the city alone. */
export function cityOf(contact: Contact): string {
  return (contact.location ?? '').split(',')[0]?.trim() ?? '';
}
