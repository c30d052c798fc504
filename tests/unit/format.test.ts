import { describe, expect, it } from 'vitest';
import { counted, followUpsLine, linkToLabel } from '../../src/ui/format';

describe('counted', () => {
  it('names one thing in the singular and any other count in the plural', () => {
    expect(counted(1, 'contact')).toBe('1 contact');
    expect(counted(0, 'contact')).toBe('0 contacts');
    expect(counted(2, 'open follow-up')).toBe('2 open follow-ups');
  });

  it('takes an irregular plural, and writes the count in the reader’s digits', () => {
    expect(counted(1, 'change waiting to sync', 'changes waiting to sync')).toBe('1 change waiting to sync');
    expect(counted(2300, 'social profile', 'social profiles')).toBe(`${(2300).toLocaleString()} social profiles`);
  });
});

describe('linkToLabel', () => {
  const jane = { contactId: '01900000-0000-7000-8000-000000000001', name: 'Jane Doe' };
  it('says who the contact is and where they are known', () => {
    expect(linkToLabel({ ...jane, company: 'Northwind Analytics', networks: ['linkedin', 'x'] })).toBe(
      'Link to Jane Doe (Northwind Analytics · LinkedIn · X)',
    );
    expect(linkToLabel({ ...jane, networks: ['x'] })).toBe('Link to Jane Doe (X)');
    expect(linkToLabel({ ...jane, networks: [] })).toBe('Link to Jane Doe');
  });
});

describe('followUpsLine', () => {
  it('counts the open follow-ups and names the soonest, or says there are none', () => {
    const now = Date.now();
    const day = 86_400_000;
    expect(followUpsLine([])).toBe('No open follow-ups');
    expect(
      followUpsLine([
        { title: 'Send pricing', dueAt: now + 3 * day + 60_000 },
        { title: 'Call back', dueAt: now + 9 * day },
      ]),
    ).toMatch(/^2 open follow-ups · next: Send pricing \(.+\)$/);
  });
});
