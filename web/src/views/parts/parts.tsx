import type { ComponentChildren } from 'preact';
import { useLocation } from 'preact-iso';
import { defineMessages, useMessages } from '../../i18n/i18n.js';
import type { Paged } from './paged.js';

const words = defineMessages({
  en: {
    more: 'More',
    loadingMore: 'Loading more…',
    moreFailed: 'The next page could not be loaded',
    shown: (count: number) => `${count} shown`,
    back: 'Back to the list',
    yes: 'Yes',
    no: 'No',
  },
  fr: {
    more: 'Afficher plus',
    loadingMore: 'Chargement de la suite…',
    moreFailed: 'La page suivante n’a pas pu être chargée',
    shown: (count: number) => `${count} affiché${count > 1 ? 's' : ''}`,
    back: 'Retour à la liste',
    yes: 'Oui',
    no: 'Non',
  },
});

/** The "More" button under a paged list, with a polite announcement of what arrived (WCAG 4.1.3). */
export function MoreButton(props: { paged: Paged<unknown>; count: number }) {
  const w = useMessages(words);
  const { paged } = props;
  return (
    <div class="more">
      <p class="visually-hidden" aria-live="polite">
        {paged.loadingMore ? w.loadingMore : w.shown(props.count)}
      </p>
      {paged.moreError && (
        <p class="error" role="alert">
          {w.moreFailed}: {paged.moreError.message}
        </p>
      )}
      {paged.hasMore && (
        <button type="button" class="secondary" onClick={paged.more} disabled={paged.loadingMore}>
          {paged.loadingMore ? w.loadingMore : w.more}
        </button>
      )}
    </div>
  );
}

/** The link from a detail page back to its list. */
export function BackLink(props: { href: string }) {
  const w = useMessages(words);
  return (
    <p class="back-link">
      <a href={props.href}>← {w.back}</a>
    </p>
  );
}

/** Yes or no, in words. */
export function YesNo(props: { value: boolean | null | undefined }) {
  const w = useMessages(words);
  if (props.value === null || props.value === undefined) return <>—</>;
  return <>{props.value ? w.yes : w.no}</>;
}

/** A `<dl>` of label and value pairs, for an item's facts. */
export function Facts(props: { items: readonly (readonly [string, ComponentChildren])[]; testId?: string }) {
  return (
    <dl class="facts" data-testid={props.testId}>
      {props.items.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value ?? '—'}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * A filter kept in the address (`?status=open`), so a link or a reload shows the same list. The default value is
 * left out of the address.
 */
export function useQueryFilter<T extends string>(
  name: string,
  values: readonly T[],
  fallback: T,
): [T, (next: T) => void] {
  const { path, query, route } = useLocation();
  const raw = query[name];
  const value = values.includes(raw as T) ? (raw as T) : fallback;
  const set = (next: T) => {
    const params = new URLSearchParams(query);
    if (next === fallback) params.delete(name);
    else params.set(name, next);
    const search = params.toString();
    route(search === '' ? path : `${path}?${search}`);
  };
  return [value, set];
}

/** The address of a tenant's view, or one of its items. */
export function viewHref(tenantId: string, view: string, itemId?: string): string {
  const base = `/app/tenants/${encodeURIComponent(tenantId)}/${view}`;
  return itemId === undefined ? base : `${base}/${encodeURIComponent(itemId)}`;
}
