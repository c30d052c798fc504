/**
 * A schema built the first time it is used, standing in for it meanwhile (same type, same methods, `instanceof` and
 * nesting in other schemas work through it).
 *
 * Why: Chrome stops the idle service worker after 30 s and starts it again for the next page, so a person who opens a
 * profile now and then waits for the worker's script to run first, and building every zod schema at the top of its
 * modules was most of that (about 30 of the worker's 40 ms here, measured with marks between the bundle's modules).
 * Lazy, a page's first message builds the few schemas its answer needs. tests/unit/lazy-schema.test.ts fails if a model
 * module builds one as it loads.
 */
export function lazySchema<T extends object>(build: () => T): T {
  let built: T | undefined;
  const schema = () => {
    built ??= build();
    return built;
  };
  return new Proxy(Object.create(null) as T, {
    get: (_, key) => Reflect.get(schema(), key, schema()),
    set: (_, key, value) => Reflect.set(schema(), key, value),
    has: (_, key) => Reflect.has(schema(), key),
    ownKeys: () => Reflect.ownKeys(schema()),
    // A proxy may not report as non-configurable a property its own (empty) target lacks.
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(schema(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(schema()),
  });
}
