import { describe, expect, it } from 'vitest';
import { Candidate, type CandidateDraft } from '../../src/lib/import';
import { finalizeCandidate } from '../../src/lib/import/candidate';
import { identityFor } from '../../src/lib/import/social';
import { linkedinKey } from '../../src/lib/profile-keys';

const identity = {
  network: 'linkedin' as const,
  profileKey: 'linkedin:in/jane-doe',
  url: 'https://www.linkedin.com/in/jane-doe/',
};
const base: CandidateDraft = { name: 'Jane Doe', identities: [identity], emails: [], phones: [], tags: [], notes: '' };

describe('the quick check of common rows agrees with the candidate schema', () => {
  const drafts: Array<[string, CandidateDraft]> = [
    ['a plain row', base],
    ['a name at the limit', { ...base, name: 'x'.repeat(300) }],
    ['a name over the limit', { ...base, name: 'x'.repeat(301) }],
    ['an empty name', { ...base, name: '' }],
    ['a company over the limit', { ...base, company: 'x'.repeat(301), accountName: 'x'.repeat(301) }],
    ['a headline at the limit', { ...base, headline: 'x'.repeat(1000) }],
    ['notes over the limit', { ...base, notes: 'x'.repeat(20_001) }],
    ['a long email', { ...base, emails: ['x'.repeat(321)] }],
    ['a long phone', { ...base, phones: ['1'.repeat(51)] }],
    ['a long tag', { ...base, tags: ['x'.repeat(101)] }],
    ['21 emails', { ...base, emails: Array.from({ length: 21 }, (_, i) => `p${i}@example.com`) }],
    ['a negative date', { ...base, connectedOn: -1 }],
    ['a fractional date', { ...base, connectedOn: 1.5 }],
    ['no identity', { ...base, identities: [] }],
  ];
  it.each(drafts)('%s', (_, draft) => {
    const schema = Candidate.safeParse(draft);
    const quick = finalizeCandidate(draft);
    expect('candidate' in quick).toBe(schema.success);
    if ('candidate' in quick) expect(quick.candidate).toEqual(schema.data);
  });

  it('words the reason for the field a person would fix', () => {
    expect(finalizeCandidate({ ...base, title: 'x'.repeat(301) })).toEqual({
      reason: 'the job title is longer than 300 characters',
    });
    expect(finalizeCandidate({ ...base, phones: Array.from({ length: 21 }, (_, i) => `+1 555 01${i}`) })).toEqual({
      reason: 'more than 20 phone numbers',
    });
  });
});

describe('the shortcut for plain LinkedIn URLs gives what linkedinKey gives', () => {
  it.each([
    'https://www.linkedin.com/in/jane-doe-4a1b2c',
    'https://www.linkedin.com/in/jane-doe-4a1b2c/',
    'http://linkedin.com/in/samlee',
    'https://www.linkedin.com/in/jane.doe_1',
    'https://www.linkedin.com/in/j',
    'https://www.linkedin.com/in/Jane-Doe',
    'https://www.linkedin.com/in/jos%C3%A9-garc%C3%ADa',
    'https://de.linkedin.com/in/jane-doe/de',
    'https://www.linkedin.com/in/..',
    'https://www.linkedin.com/in/jane-doe?trk=x',
  ])('%s', (url) => {
    const key = linkedinKey(url);
    const expected = key?.kind === 'person' ? { network: 'linkedin', profileKey: key.key, url: key.url } : null;
    expect(identityFor('linkedin', url)).toEqual(expected);
  });
});
