import type { ComponentChildren } from 'preact';
import { useLocation } from 'preact-iso';
import { DASHBOARD_BASE_PATH } from '../../runtime-config.js';
import { may } from '../auth/principal.js';
import { defineMessages, LANGS, type Lang, useI18n, useMessages } from '../i18n/i18n.js';
import { TENANT_VIEWS } from '../views/registry.js';
import { useApp } from './app-context.js';

const words = defineMessages({
  en: {
    skip: 'Skip to content',
    product: 'ISO 18295 compliance',
    overview: 'Overview',
    tenant: 'Client organisation',
    language: 'Language',
    signOut: 'Sign out',
    signedInAs: 'Signed in as',
    tenantNav: 'Views of this client organisation',
    localHint: 'Local stack: tokens are signed by the local key.',
  },
  fr: {
    skip: 'Aller au contenu',
    product: 'Conformité ISO 18295',
    overview: "Vue d'ensemble",
    tenant: 'Organisation cliente',
    language: 'Langue',
    signOut: 'Se déconnecter',
    signedInAs: 'Connecté en tant que',
    tenantNav: 'Vues de cette organisation cliente',
    localHint: 'Pile locale : les jetons sont signés par la clé locale.',
  },
});

const LANG_NAMES: Record<Lang, string> = { en: 'English', fr: 'Français' };

/** The tenant in the address, if any: `/app/tenants/<id>/...`. */
export function tenantInPath(path: string): string | undefined {
  const match = /^\/app\/tenants\/([^/]+)/.exec(path);
  return match?.[1] === undefined ? undefined : decodeURIComponent(match[1]);
}

/** The frame of every page: who is signed in, which client organisation, the language, and the views. */
export function Layout(props: { children: ComponentChildren }) {
  const w = useMessages(words);
  const { lang, choose } = useI18n();
  const { principal, session, config } = useApp();
  const { path, route } = useLocation();
  const tenantId = tenantInPath(path);
  const view = tenantId === undefined ? undefined : path.split('/')[4];
  const shownViews = TENANT_VIEWS.filter((candidate) => may(principal, candidate.route));
  return (
    <>
      <a class="skip-link" href="#content">
        {w.skip}
      </a>
      <header class="site-header">
        <a class="brand" href={DASHBOARD_BASE_PATH}>
          {w.product}
        </a>
        <div class="header-controls">
          {principal.tenants.length > 1 || tenantId === undefined ? (
            <label class="inline-field">
              <span>{w.tenant}</span>
              <select
                value={tenantId ?? ''}
                onChange={(event) => {
                  const next = event.currentTarget.value;
                  route(next === '' ? DASHBOARD_BASE_PATH : `/app/tenants/${encodeURIComponent(next)}/${view ?? ''}`);
                }}
              >
                <option value="">{w.overview}</option>
                {principal.tenants.map((id) => (
                  <option value={id} key={id}>
                    {id}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <label class="inline-field">
            <span>{w.language}</span>
            <select value={lang} onChange={(event) => choose(event.currentTarget.value as Lang)}>
              {LANGS.map((code) => (
                <option value={code} key={code} lang={code}>
                  {LANG_NAMES[code]}
                </option>
              ))}
            </select>
          </label>
          <span class="who">
            <span class="visually-hidden">{w.signedInAs} </span>
            {principal.name} · <span data-testid="roles">{principal.roles.join(', ')}</span>
          </span>
          <button type="button" class="secondary" onClick={() => void session.signOut()}>
            {w.signOut}
          </button>
        </div>
      </header>
      {tenantId !== undefined && principal.tenants.includes(tenantId) && (
        <nav class="tenant-nav" aria-label={w.tenantNav}>
          <ul>
            {shownViews.map((candidate) => {
              const href = `/app/tenants/${encodeURIComponent(tenantId)}/${candidate.key}`;
              const current = view === candidate.key;
              return (
                <li key={candidate.key}>
                  <a href={href} aria-current={current ? 'page' : undefined}>
                    {candidate.label[lang]}
                  </a>
                </li>
              );
            })}
          </ul>
        </nav>
      )}
      <main id="content">{props.children}</main>
      {config.environment === 'local' && <footer class="site-footer">{w.localHint}</footer>}
    </>
  );
}
