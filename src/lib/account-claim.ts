import { COMPANIES_LOOK_LIKE_PEOPLE } from './networks';
import type { ProfileRef } from './profile-ref';

/**
 * The account a profile nobody linked yet may belong to, by name, and how:
 * - `own`: the profile may be the company's own. A company page is; so may be a profile that looks like a person's
 *   and names no company on a network where companies look like people (lib/networks.ts): X shows a company's
 *   profile exactly as a person's (@NorthwindHQ, "Northwind Analytics"). Its own name is then asked for.
 * - `employer`: a person's company, whose account is the context an account manager needs about a stranger.
 * Never acted on silently: two companies can share a name, so linking is the person's click.
 */
export interface AccountClaim {
  name: string;
  as: 'own' | 'employer';
}

export function accountClaimOf(profile: ProfileRef): AccountClaim | undefined {
  if (profile.kind === 'person' && profile.company) return { name: profile.company, as: 'employer' };
  const mayBeOwn = profile.kind === 'company' || COMPANIES_LOOK_LIKE_PEOPLE[profile.network];
  return mayBeOwn && profile.name ? { name: profile.name, as: 'own' } : undefined;
}

/** The profile as the company's own: saving it links it to the account of its name (made if there is none). */
export const asCompany = (profile: ProfileRef): ProfileRef => ({ ...profile, kind: 'company', company: undefined });
