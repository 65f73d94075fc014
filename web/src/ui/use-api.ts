import { useCallback, useEffect, useState } from 'preact/hooks';
import type { ApiClient } from '../api/client.js';
import { useApp } from './app-context.js';

/** A request's state as a view shows it. */
export type Loadable<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'ready'; readonly data: T }
  | { readonly state: 'error'; readonly error: Error };

/**
 * Loads data through the API client when the view appears and whenever `deps` change; an answer that arrives after
 * the view moved on (a newer request, another tenant) is dropped, so a slow answer never overwrites a newer one.
 */
export function useApi<T>(
  load: (api: ApiClient) => Promise<T>,
  deps: readonly unknown[],
): Loadable<T> & { reload: () => void } {
  const { api } = useApp();
  const [state, setState] = useState<Loadable<T>>({ state: 'loading' });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  useEffect(() => {
    let current = true;
    setState({ state: 'loading' });
    load(api).then(
      (data) => current && setState({ state: 'ready', data }),
      (error: unknown) =>
        current && setState({ state: 'error', error: error instanceof Error ? error : new Error(String(error)) }),
    );
    return () => {
      current = false;
    };
  }, [api, generation, ...deps]);
  return { ...state, reload };
}
