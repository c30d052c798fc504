import { describe, expect, it } from 'vitest';
import { type Searchable, SearchIndex, tokenize } from '../../src/background/search-index';

const person = (contactId: string, name: string, extra: Partial<Searchable> = {}): Searchable => ({
  contactId,
  name,
  relationship: 'prospect',
  stage: 'lead',
  handles: [],
  tags: [],
  notes: '',
  ...extra,
});

describe('search index', () => {
  const index = new SearchIndex();
  index.load([
    person('1', 'Jane Doe', { company: 'Northwind Analytics', handles: ['janedoe'], tags: ['renewal'] }),
    person('2', 'Jürgen Müller', { company: 'Contoso GmbH', notes: 'Prefers calls on Tuesday mornings' }),
    person('3', 'Janet Lee', { company: 'Fabrikam' }),
    person('4', 'Sam Doe', { company: 'Jane Street' }),
  ]);

  it('finds by the prefix of any word of a name, company, handle, tag or note', () => {
    const ids = (q: string) => index.search(q, 10).map((hit) => hit.contactId);
    expect(ids('jan')).toEqual(['1', '3', '4']);
    expect(ids('northw')).toEqual(['1']);
    expect(ids('@janedoe')).toEqual(['1']);
    expect(ids('renew')).toEqual(['1']);
    expect(ids('tuesday')).toEqual(['2']);
  });

  it('needs every word of the query to match, in any order', () => {
    expect(index.search('doe jane', 10).map((h) => h.contactId)).toEqual(['1', '4']);
    expect(index.search('doe fabrikam', 10)).toEqual([]);
  });

  it('ranks name matches before matches elsewhere', () => {
    expect(index.search('jane', 10).map((h) => h.name)).toEqual(['Jane Doe', 'Janet Lee', 'Sam Doe']);
  });

  it('folds accents and case', () => {
    expect(index.search('MULLER', 10).map((h) => h.contactId)).toEqual(['2']);
    expect(tokenize('Jürgen-Müller')).toEqual(['jurgen', 'muller']);
  });

  it('follows updates and removals', () => {
    const live = new SearchIndex();
    live.upsert(person('a', 'Ada Lovelace'));
    live.upsert(person('b', 'Alan Turing'));
    expect(live.search('a', 10)).toHaveLength(2);
    live.upsert(person('a', 'Grace Hopper'));
    expect(live.search('ada', 10)).toEqual([]);
    expect(live.search('grace', 10).map((h) => h.contactId)).toEqual(['a']);
    live.remove('b');
    expect(live.search('alan', 10)).toEqual([]);
    expect(live.size).toBe(1);
  });

  it('returns nothing for an empty or punctuation-only query', () => {
    expect(index.search('', 10)).toEqual([]);
    expect(index.search('  ,.; ', 10)).toEqual([]);
  });

  it('stops at the limit', () => {
    const big = new SearchIndex();
    big.load(Array.from({ length: 1000 }, (_, i) => person(String(i), `Contact ${i}`)));
    expect(big.search('contact', 20)).toHaveLength(20);
  });
});

it('loads 100,000 contacts at once', () => {
  const big = new SearchIndex();
  big.load(
    Array.from({ length: 100_000 }, (_, i) => ({
      contactId: String(i),
      name: `Person ${i} Surname${i}`,
      company: `Company ${i % 5000}`,
      relationship: 'customer' as const,
      stage: 'won' as const,
      handles: [`handle_${i}`],
      tags: [],
      notes: '',
    })),
  );
  expect(big.size).toBe(100_000);
  expect(big.search('surname99999', 5).map((hit) => hit.contactId)).toEqual(['99999']);
});
