import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { ApiError } from '../api/client.js';
import { defineMessages, useMessages } from '../i18n/i18n.js';
import type { Loadable } from './use-api.js';

const words = defineMessages({
  en: {
    loading: 'Loading…',
    failed: 'This could not be loaded',
    retry: 'Try again',
    notFound: 'Not found, or not one you may see.',
    forbidden: 'Your role may not see this.',
    empty: 'Nothing to show.',
  },
  fr: {
    loading: 'Chargement…',
    failed: 'Le chargement a échoué',
    retry: 'Réessayer',
    notFound: 'Introuvable, ou hors de votre périmètre.',
    forbidden: 'Votre rôle ne permet pas de voir ceci.',
    empty: 'Rien à afficher.',
  },
});

/** A view's title: the page's `<h1>`, the tab's title, and where focus goes after a navigation. */
export function PageTitle(props: { title: string; subtitle?: string }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${props.title} · ISO 18295`;
    heading.current?.focus({ preventScroll: true });
  }, [props.title]);
  return (
    <header class="page-title">
      <h1 ref={heading} tabIndex={-1}>
        {props.title}
      </h1>
      {props.subtitle && <p class="subtitle">{props.subtitle}</p>}
    </header>
  );
}

/** Renders a request: a polite "loading", an alert with the API's reason and a retry, or the data. */
export function Loaded<T>(props: {
  value: Loadable<T> & { reload?: () => void };
  children: (data: T) => ComponentChildren;
}) {
  const w = useMessages(words);
  const { value } = props;
  if (value.state === 'loading')
    return (
      <p class="loading" role="status" aria-live="polite">
        {w.loading}
      </p>
    );
  if (value.state === 'error') {
    const { error } = value;
    const reason =
      error instanceof ApiError && error.status === 404
        ? w.notFound
        : error instanceof ApiError && error.status === 403
          ? w.forbidden
          : error.message;
    return (
      <div class="error" role="alert">
        <p>
          <strong>{w.failed}.</strong> {reason}
        </p>
        {value.reload && (
          <button type="button" onClick={value.reload}>
            {w.retry}
          </button>
        )}
      </div>
    );
  }
  return <>{props.children(value.data)}</>;
}

/** "Nothing to show", said once for every empty list. */
export function Empty(props: { children?: ComponentChildren }) {
  const w = useMessages(words);
  return <p class="empty">{props.children ?? w.empty}</p>;
}

/** A status written in words and marked by colour and shape, never by colour alone (WCAG 1.4.1). */
export function StatusBadge(props: { status: string; label: string; title?: string }) {
  return (
    <span class={`badge badge-${props.status}`} title={props.title} data-status={props.status}>
      {props.label}
    </span>
  );
}

/** A table that scrolls sideways on a phone instead of overflowing the page. */
export function TableScroll(props: { label: string; children: ComponentChildren }) {
  return (
    // A scrolling region must be reachable by keyboard (WCAG 2.1.1), so it takes focus.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: see above.
    <section class="table-scroll" aria-label={props.label} tabIndex={0}>
      {props.children}
    </section>
  );
}

/** A labelled form field. */
export function Field(props: { label: string; children: JSX.Element; hint?: string }) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is the child passed in.
    <label class="field">
      <span class="field-label">{props.label}</span>
      {props.children}
      {props.hint && <span class="field-hint">{props.hint}</span>}
    </label>
  );
}
