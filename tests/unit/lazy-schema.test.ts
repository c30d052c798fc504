import { describe, expect, it } from 'vitest';

/**
 * The worker's schemas are built when first used, not when their modules load (a stopped worker starts again for a
 * person's next page). Zod calls its global config's `postProcessor` for every schema it makes: counted from before
 * zod loads, in this file's own module graph.
 */
let built = 0;
(globalThis as { __zod_globalConfig?: object }).__zod_globalConfig = {
  postProcessor: () => {
    built++;
  },
};

const policy = { extensionId: 'rapport-id', extensionOrigin: 'chrome-extension://rapport-id/' };
const linkedinTab = { id: 'rapport-id', url: 'https://www.linkedin.com/in/jane/', tab: { id: 7 } };

describe('lazy schemas', () => {
  it('build nothing while the modules load, and only what a message needs when it comes', async () => {
    const { z } = await import('zod');
    const { route } = await import('../../src/background/router');
    const { protocol } = await import('../../src/lib/messages');
    await Promise.all([
      import('../../src/lib/records'),
      import('../../src/lib/sync'),
      import('../../src/lib/transfer'),
      import('../../src/lib/settings'),
      import('../../src/lib/x-connector'),
      import('../../src/lib/export/backup'),
      import('../../src/lib/import/candidate'),
      import('../../src/lib/import/column-mapping'),
    ]);
    expect(built).toBe(0);

    const handlers = { pageStart: async () => ({ enabled: true, results: {} }) };
    const answer = await route(
      handlers as never,
      { type: 'pageStart', keys: ['linkedin:in/jane'] },
      linkedinTab as never,
      policy,
    );
    expect(answer).toEqual({ ok: true, data: { enabled: true, results: {} } });
    const forPageStart = built;
    expect(forPageStart).toBeGreaterThan(0);

    // Every message's schemas, for comparison: the first page's message built a small part of them.
    for (const entry of Object.values(protocol)) {
      entry.request.safeParse({});
      entry.response.safeParse({});
    }
    expect(built).toBeGreaterThan(forPageStart * 20);
    expect(z).toBeDefined();
  });
});

describe('a lazy schema', () => {
  it('is the schema it builds: parsing, nesting, unions, derived schemas, instanceof', async () => {
    const { z } = await import('zod');
    const { lazySchema } = await import('../../src/lib/lazy-schema');
    let builds = 0;
    const Person = lazySchema(() => {
      builds++;
      return z.object({ kind: z.literal('person'), name: z.string().min(1) });
    });
    const Company = lazySchema(() => z.object({ kind: z.literal('company'), name: z.string() }));
    expect(builds).toBe(0);
    expect(Person.parse({ kind: 'person', name: 'Jane' })).toEqual({ kind: 'person', name: 'Jane' });
    expect(Person.safeParse({ kind: 'person', name: '' }).success).toBe(false);
    const Either = z.discriminatedUnion('kind', [Person, Company]);
    expect(Either.parse({ kind: 'company', name: 'Northwind' })).toEqual({ kind: 'company', name: 'Northwind' });
    expect(z.object({ who: Person }).safeParse({ who: { kind: 'person' } }).success).toBe(false);
    expect(Person.pick({ name: true }).parse({ kind: 'x', name: 'Jane' })).toEqual({ name: 'Jane' });
    expect(Person.extend({ age: z.number() }).parse({ kind: 'person', name: 'Jane', age: 40 }).age).toBe(40);
    expect(z.array(Person.optional()).parse([undefined])).toEqual([undefined]);
    expect(Person instanceof z.ZodObject).toBe(true);
    const { parse } = Person;
    expect(parse({ kind: 'person', name: 'Jane' }).name).toBe('Jane');
    expect(builds).toBe(1);
  });
});
