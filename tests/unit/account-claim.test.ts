import { describe, expect, it } from 'vitest';
import { accountClaimOf, asCompany } from '../../src/lib/account-claim';
import type { ProfileRef } from '../../src/lib/profile-ref';

const ref = (fields: Partial<ProfileRef>): ProfileRef => ({
  network: 'x',
  kind: 'person',
  profileKey: 'x:northwindhq',
  url: 'https://x.com/northwindhq',
  ...fields,
});

describe('the account a profile may belong to by name', () => {
  it("is a company page's own", () => {
    expect(accountClaimOf(ref({ kind: 'company', name: 'Northwind Analytics' }))).toEqual({
      name: 'Northwind Analytics',
      as: 'own',
    });
  });

  it("is a person's employer when the page names their company, never their own name's", () => {
    expect(accountClaimOf(ref({ name: 'Jane Doe', company: 'Northwind Analytics' }))).toEqual({
      name: 'Northwind Analytics',
      as: 'employer',
    });
  });

  it('may be its own when a profile looks like a person but names no company, as companies do on X', () => {
    expect(accountClaimOf(ref({ name: 'Northwind Analytics' }))).toEqual({ name: 'Northwind Analytics', as: 'own' });
  });

  it('is never its own for a person on LinkedIn, which gives companies pages of their own', () => {
    expect(accountClaimOf(ref({ network: 'linkedin', name: 'Northwind Analytics' }))).toBeUndefined();
    expect(accountClaimOf(ref({ network: 'facebook', name: 'Northwind Analytics' }))).toEqual({
      name: 'Northwind Analytics',
      as: 'own',
    });
  });

  it('is none without a name', () => {
    expect(accountClaimOf(ref({}))).toBeUndefined();
  });

  it('is saved as the company: the account of its name, with no employer of its own', () => {
    expect(asCompany(ref({ name: 'Northwind Analytics', company: 'Someone' }))).toMatchObject({
      kind: 'company',
      name: 'Northwind Analytics',
      company: undefined,
    });
  });
});
