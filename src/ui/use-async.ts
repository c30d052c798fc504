import { useCallback, useEffect, useState } from 'preact/hooks';

export type Async<T> = { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; message: string };

export const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * An action a button starts (a save, a link): `busy` while it runs, so its buttons can be disabled, and its error
 * as a message after; a new run clears the last error.
 */
export function useAction<A extends unknown[]>(action: (...args: A) => Promise<void>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const run = async (...args: A) => {
    setBusy(true);
    setError(undefined);
    try {
      await action(...args);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

/** Loads a value for a page and reloads it on demand; errors become a message, never a raw exception. */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): [Async<T>, () => Promise<void>] {
  const [state, setState] = useState<Async<T>>({ status: 'loading' });
  const reload = useCallback(async () => {
    try {
      setState({ status: 'ready', value: await load() });
    } catch (error) {
      setState({ status: 'error', message: errorMessage(error) });
    }
  }, deps);
  useEffect(() => {
    void reload();
  }, [reload]);
  return [state, reload];
}
