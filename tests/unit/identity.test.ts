import { describe, expect, it } from 'vitest';
import { contactDetail, lookupKeys, saveLead } from '../../src/background/contacts';
import type { RapportDb } from '../../src/background/db';
import { deleteContact, mergeContacts, namesMatch, unlinkIdentity } from '../../src/background/identity';
import { logInteraction } from '../../src/background/interactions';
import { createTask } from '../../src/background/tasks';
import type { ProfileRef } from '../../src/lib/profile-ref';
import { freshDatabase, savedContact } from './helpers';

const onLinkedin: ProfileRef = {
  network: 'linkedin',
  kind: 'person',
  profileKey: 'linkedin:in/jane-doe',
  url: 'https://www.linkedin.com/in/jane-doe/',
  name: 'Jane Doe',
  company: 'Northwind Analytics',
};
const onX: ProfileRef = {
  network: 'x',
  kind: 'person',
  profileKey: 'x:janedoe',
  url: 'https://x.com/janedoe',
  name: 'jane doe',
  handle: 'janedoe',
  company: 'Northwind Analytics',
};

let db: RapportDb;
freshDatabase((opened) => {
  db = opened;
});

describe('one contact across networks', () => {
  it('offers to link a profile whose name and company match a known contact, instead of duplicating', async () => {
    const jane = await savedContact(db, onLinkedin);
    const answer = await saveLead(db, onX);
    expect(answer).toEqual({
      kind: 'possibleDuplicates',
      candidates: [
        { contactId: jane.contact.id, name: 'Jane Doe', company: 'Northwind Analytics', networks: ['linkedin'] },
      ],
    });
    expect(await db.count('contacts')).toBe(1);

    const linked = await saveLead(db, onX, undefined, { linkTo: jane.contact.id });
    expect(linked.kind === 'contact' && linked.identities.map((i) => i.profileKey).sort()).toEqual([
      'linkedin:in/jane-doe',
      'x:janedoe',
    ]);
    const { results } = await lookupKeys(db, ['x:janedoe', 'linkedin:in/jane-doe']);
    const ids = Object.values(results).map((r) => (r?.kind === 'contact' ? r.contact.id : null));
    expect(ids).toEqual([jane.contact.id, jane.contact.id]);
  });

  it('saves as new when asked, and does not ask when the company differs', async () => {
    await savedContact(db, onLinkedin);
    expect((await saveLead(db, { ...onX, company: 'Other Ltd' })).kind).toBe('contact');
    expect((await saveLead(db, { ...onX, profileKey: 'x:jd2', url: 'https://x.com/jd2' }, undefined, 'new')).kind).toBe(
      'contact',
    );
    expect(await db.count('contacts')).toBe(3);
  });

  it('offers to link a profile that names no company (X, Facebook) to the contact of that name', async () => {
    const jane = await savedContact(db, onLinkedin);
    // Display names on X carry emoji and more words; X names no company.
    for (const name of ['Jane Doe 🌿', 'jane doe', 'Jane Doe | Procurement @NorthwindHQ']) {
      const answer = await saveLead(db, { ...onX, name, company: undefined });
      expect(answer.kind === 'possibleDuplicates' && answer.candidates.map((c) => c.contactId)).toEqual([
        jane.contact.id,
      ]);
    }
    expect(await db.count('contacts')).toBe(1);
  });

  it('offers a contact saved without a company to a profile that names one, the other way round', async () => {
    const fromX = await savedContact(db, { ...onX, name: 'Jane Doe 🌿', company: undefined });
    const answer = await saveLead(db, onLinkedin);
    expect(answer.kind === 'possibleDuplicates' && answer.candidates.map((c) => c.contactId)).toEqual([
      fromX.contact.id,
    ]);
  });

  it('does not offer, on a name alone, a contact who already has a profile on that network', async () => {
    await savedContact(db, { ...onX, name: 'Jane Doe', company: undefined });
    const another = { ...onX, profileKey: 'x:janedoe_de', url: 'https://x.com/janedoe_de', company: undefined };
    expect((await saveLead(db, { ...another, name: 'Jane Doe' })).kind).toBe('contact');
  });

  it('fills what the contact lacks from the profile linked to it, its company and account first, and keeps the rest', async () => {
    const fromX = await savedContact(db, {
      ...onX,
      name: 'Jane Doe 🌿',
      company: undefined,
      headline: 'Buying analytics since 2012',
    });
    const linked = await saveLead(
      db,
      { ...onLinkedin, headline: 'Head of Procurement', location: 'Leeds' },
      undefined,
      { linkTo: fromX.contact.id },
    );
    if (linked.kind !== 'contact') throw new Error('expected a contact');
    expect(linked.contact).toMatchObject({
      name: 'Jane Doe 🌿',
      company: 'Northwind Analytics',
      headline: 'Buying analytics since 2012',
      location: 'Leeds',
    });
    expect(linked.account?.name).toBe('Northwind Analytics');
    expect(linked.contact.accountId).toBe(linked.account?.id);
  });

  it('merges two contacts: profiles, interactions and follow-ups move, nothing is lost', async () => {
    const keep = await savedContact(db, { ...onLinkedin });
    const other = await savedContact(db, { ...onX, company: undefined });
    await logInteraction(db, {
      contactId: other.contact.id,
      type: 'post',
      channel: 'x',
      summary: 'Replied to our launch',
    });
    await createTask(db, { contactId: other.contact.id, title: 'DM back', dueAt: 5 });
    const merged = await mergeContacts(db, keep.contact.id, other.contact.id);
    expect(merged.identities).toHaveLength(2);
    const detail = await contactDetail(db, keep.contact.id);
    expect(detail.timeline.map((e) => (e.kind === 'task' ? e.task.title : e.interaction.summary)).sort()).toEqual([
      'DM back',
      'Replied to our launch',
    ]);
    await expect(contactDetail(db, other.contact.id)).rejects.toThrow(/no longer exists/);
    expect((await db.get('contacts', other.contact.id))?.deleted).toBe(true);
  });

  it('unlinks a profile into a contact of its own, but never the last one', async () => {
    const jane = await savedContact(db, onLinkedin);
    const linked = await saveLead(db, onX, undefined, { linkTo: jane.contact.id });
    if (linked.kind !== 'contact') throw new Error('expected a contact');
    const xIdentity = linked.identities.find((i) => i.network === 'x');
    if (!xIdentity) throw new Error('no X identity');
    const detached = await unlinkIdentity(db, xIdentity.id);
    expect(detached.contact.id).not.toBe(jane.contact.id);
    expect(detached.identities.map((i) => i.profileKey)).toEqual(['x:janedoe']);
    await expect(unlinkIdentity(db, xIdentity.id)).rejects.toThrow(/only profile/);
  });

  it('deletes a contact as tombstones so the deletion can sync', async () => {
    const jane = await savedContact(db, onLinkedin);
    await deleteContact(db, jane.contact.id);
    expect((await lookupKeys(db, [onLinkedin.profileKey])).results[onLinkedin.profileKey]).toBeNull();
    expect(await db.count('contacts')).toBe(1);
    expect((await db.getAll('outbox')).at(-1)?.mutations.at(-1)?.patch).toMatchObject({ deleted: true });
  });
});

describe('company context', () => {
  it('saves a company page as an account, and shows it for unknown people who work there', async () => {
    const company: ProfileRef = {
      network: 'linkedin',
      kind: 'company',
      profileKey: 'linkedin:company/northwind-analytics',
      url: 'https://www.linkedin.com/company/northwind-analytics/',
      name: 'Northwind Analytics',
    };
    const saved = await saveLead(db, company);
    expect(saved.kind).toBe('account');
    expect(await db.count('contacts')).toBe(0);
    const { results, accounts } = await lookupKeys(
      db,
      [company.profileKey, 'linkedin:in/nobody'],
      ['Northwind Analytics'],
    );
    expect(results[company.profileKey]?.kind).toBe('account');
    expect(accounts['Northwind Analytics']?.account.name).toBe('Northwind Analytics');
  });
});

describe('X identities by user id', () => {
  it('keys an X profile by its numeric id when the page shows it, and still finds it by the handle', async () => {
    const saved = await saveLead(db, { ...onX, networkUserId: '2847561930', company: undefined }, undefined, 'new');
    if (saved.kind !== 'contact') throw new Error('expected a contact');
    expect(saved.identities[0]).toMatchObject({
      profileKey: 'x:id/2847561930',
      aliases: ['x:janedoe'],
      networkUserId: '2847561930',
    });
    const { results } = await lookupKeys(db, ['x:id/2847561930', 'x:janedoe', 'x:renamed_jane']);
    expect(results['x:id/2847561930']?.kind).toBe('contact');
    expect(results['x:janedoe']?.kind).toBe('contact');
    expect(results['x:renamed_jane']).toBeNull();
  });
});

describe('namesMatch', () => {
  it('reads names as people write them on each network', () => {
    expect(namesMatch('Jane Doe', 'Jane Doe 🌿')).toBe(true);
    expect(namesMatch('JANE DOE', 'jane doe')).toBe(true);
    expect(namesMatch('Jürgen Müller', 'Jurgen Muller')).toBe(true);
    expect(namesMatch('Jane Doe', 'Jane Doe (she/her)')).toBe(true);
    expect(namesMatch('Jane Doe', 'Jane Roe')).toBe(false);
    // One word is not enough to call a longer name the same person's.
    expect(namesMatch('Jane', 'Jane Doe')).toBe(false);
    expect(namesMatch('Jane', 'jane')).toBe(true);
    expect(namesMatch('🌿', '🌿')).toBe(false);
  });
});
