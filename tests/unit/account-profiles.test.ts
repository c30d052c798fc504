import { describe, expect, it } from 'vitest';
import { accountPeople, unlinkProfileFromAccount } from '../../src/background/accounts';
import { lookupKeys, saveLead } from '../../src/background/contacts';
import type { RapportDb } from '../../src/background/db';
import { asCompany } from '../../src/lib/account-claim';
import type { ProfileRef } from '../../src/lib/profile-ref';
import { freshDatabase, jane } from './helpers';

/** A company's own X profile, which X shows as a person's; its account is made by saving Jane, who works there. */
const northwindOnX: ProfileRef = {
  network: 'x',
  kind: 'person',
  profileKey: 'x:northwindhq',
  url: 'https://x.com/northwindhq',
  name: 'Northwind',
  handle: 'NorthwindHQ',
};

let db: RapportDb;
freshDatabase((opened) => {
  db = opened;
});

const resultOf = async (key: string) => (await lookupKeys(db, [key])).results[key] ?? null;

describe("a company's own profile on an account", () => {
  it('joins the account of its name when saved as the company, with no second account and no contact', async () => {
    const saved = await saveLead(db, jane);
    const account = saved.kind === 'contact' ? saved.account : undefined;
    const linked = await saveLead(db, asCompany(northwindOnX));
    expect(linked).toMatchObject({ kind: 'account', account: { id: account?.id }, contactCount: 1 });
    expect(await db.count('accounts')).toBe(1);
    expect(await db.count('contacts')).toBe(1);
    expect(await resultOf('x:northwindhq')).toMatchObject({
      kind: 'account',
      account: { name: 'Northwind' },
    });
  });

  it('can be unlinked again: the profile is nobody’s, the account keeps its people', async () => {
    await saveLead(db, jane);
    await saveLead(db, asCompany(northwindOnX));
    await unlinkProfileFromAccount(db, 'x:northwindhq');
    expect(await resultOf('x:northwindhq')).toBeNull();
    expect(await resultOf(jane.profileKey)).toMatchObject({
      kind: 'contact',
      account: { name: 'Northwind' },
    });
    // Saved as a person afterwards, it is one.
    expect(await saveLead(db, northwindOnX, undefined, 'new')).toMatchObject({ kind: 'contact' });
  });

  it("refuses to unlink a person's profile or one nobody saved, and changes nothing", async () => {
    await saveLead(db, jane);
    await expect(unlinkProfileFromAccount(db, jane.profileKey)).rejects.toThrow('not linked to an account');
    await expect(unlinkProfileFromAccount(db, 'x:nobody')).rejects.toThrow('not linked to an account');
    expect(await resultOf(jane.profileKey)).toMatchObject({ kind: 'contact' });
  });
});

describe('the people the team knows at an account', () => {
  it('are its live contacts by name, with how many there are', async () => {
    const saved = await saveLead(db, jane);
    const accountId = saved.kind === 'contact' ? saved.account?.id : undefined;
    if (!accountId) throw new Error('no account');
    await saveLead(db, {
      ...jane,
      profileKey: 'linkedin:in/adam',
      url: 'https://www.linkedin.com/in/adam/',
      name: 'Adam Zhu',
      headline: 'CFO',
    });
    await saveLead(db, {
      ...jane,
      profileKey: 'linkedin:in/elsewhere',
      url: 'https://www.linkedin.com/in/elsewhere/',
      name: 'Eve Else',
      company: 'Contoso',
    });
    expect(await accountPeople(db, accountId)).toEqual({
      people: [
        { contactId: expect.any(String), name: 'Adam Zhu', headline: 'CFO', stage: 'lead' },
        { contactId: expect.any(String), name: 'Jane Doe', headline: undefined, stage: 'lead' },
      ],
      total: 2,
    });
  });
});
