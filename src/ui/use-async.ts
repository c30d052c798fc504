import { useCallback, useEffect, useState } from 'preact/hooks';

export type Async<T> = { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; message: string };

export const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

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
