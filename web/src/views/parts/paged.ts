import { useCallback, useEffect, useState } from 'preact/hooks';
import type { ApiClient } from '../../api/client.js';
import { useApp } from '../../ui/app-context.js';
import type { Loadable } from '../../ui/use-api.js';

/** One page of a list answer: its items and the cursor of the next page, if any. */
export interface Page<Item> {
  readonly items: readonly Item[];
  readonly nextCursor?: string | undefined;
}

/** A list read page by page: the first page as a {@link Loadable}, then "More" appends the next ones. */
export type Paged<Item> = Loadable<readonly Item[]> & {
  readonly reload: () => void;
  readonly hasMore: boolean;
  readonly loadingMore: boolean;
  readonly moreError: Error | undefined;
  readonly more: () => void;
};

/**
 * Loads the first page when the view appears and whenever `deps` change (a filter in the address), and the next page
 * on `more()`. Answers for an older filter are dropped, so a slow page never lands in a newer list.
 */
export function usePaged<Item>(
  load: (api: ApiClient, cursor: string | undefined) => Promise<Page<Item>>,
  deps: readonly unknown[],
): Paged<Item> {
  const { api } = useApp();
  const [state, setState] = useState<Loadable<readonly Item[]>>({ state: 'loading' });
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<Error | undefined>(undefined);
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  useEffect(() => {
    let current = true;
    setState({ state: 'loading' });
    setCursor(undefined);
    setMoreError(undefined);
    load(api, undefined).then(
      (page) => {
        if (!current) return;
        setState({ state: 'ready', data: page.items });
        setCursor(page.nextCursor);
      },
      (error: unknown) => current && setState({ state: 'error', error: asError(error) }),
    );
    return () => {
      current = false;
    };
  }, [api, generation, ...deps]);
  const more = () => {
    if (cursor === undefined || loadingMore || state.state !== 'ready') return;
    const shown = state.data;
    setLoadingMore(true);
    setMoreError(undefined);
    load(api, cursor).then(
      (page) => {
        setState({ state: 'ready', data: [...shown, ...page.items] });
        setCursor(page.nextCursor);
        setLoadingMore(false);
      },
      (error: unknown) => {
        setMoreError(asError(error));
        setLoadingMore(false);
      },
    );
  };
  return { ...state, reload, hasMore: cursor !== undefined, loadingMore, moreError, more };
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
