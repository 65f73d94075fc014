import { useEffect, useMemo, useState } from 'preact/hooks';
import { LocationProvider, Route, Router, useLocation } from 'preact-iso';
import { CALLBACK_PATH, DASHBOARD_BASE_PATH, type DashboardRuntimeConfig } from '../runtime-config.js';
import { apiClient, unwrap } from './api/client.js';
import { may, type Principal } from './auth/principal.js';
import { Session } from './auth/session.js';
import { loadRuntimeConfig } from './config.js';
import { I18nProvider, type Lang } from './i18n/i18n.js';
import { AppContext, type AppServices } from './ui/app-context.js';
import { Layout } from './ui/layout.js';
import { NotFound, Overview } from './views/overview.js';
import { SignedOut } from './views/signed-out.js';
import { TenantPage } from './views/tenant-page.js';

type Boot =
  | { readonly state: 'starting' }
  | { readonly state: 'signed-out'; readonly session: Session; readonly reason?: string }
  | { readonly state: 'signed-in'; readonly services: AppServices; readonly agreementLang: Lang | undefined }
  | { readonly state: 'failed'; readonly message: string };

/** Reads the configuration, finishes a sign-in coming back on `/app/callback`, and finds who is signed in. */
async function boot(): Promise<Boot> {
  const config = await loadRuntimeConfig();
  const session = new Session(config);
  if (window.location.pathname === CALLBACK_PATH) {
    try {
      const next = await session.completeSignIn();
      window.history.replaceState(null, '', next);
    } catch (error) {
      window.history.replaceState(null, '', DASHBOARD_BASE_PATH);
      return { state: 'signed-out', session, reason: error instanceof Error ? error.message : String(error) };
    }
  }
  const current = await session.current();
  if (current === undefined) return { state: 'signed-out', session };
  const services = servicesFor(config, session, current.principal, () => current.user.id_token);
  return { state: 'signed-in', services, agreementLang: await agreementLanguage(services) };
}

function servicesFor(
  config: DashboardRuntimeConfig,
  session: Session,
  principal: Principal,
  token: () => string | undefined,
): AppServices {
  const api = apiClient({
    baseUrl: config.apiBaseUrl,
    token,
    // An expired token: sign in again and come back to the same page.
    onUnauthorized: () => void session.signIn(window.location.pathname + window.location.search),
  });
  return { api, principal, session, config };
}

/** A person who sees one client organisation reads the dashboard in that agreement's language. */
async function agreementLanguage({ api, principal }: AppServices): Promise<Lang | undefined> {
  const [tenantId] = principal.tenants;
  if (principal.tenants.length !== 1 || tenantId === undefined) return undefined;
  if (!may(principal, 'GET /v1/tenants/{tenantId}/agreement')) return undefined;
  try {
    const agreement = await unwrap(api.GET('/v1/tenants/{tenantId}/agreement', { params: { path: { tenantId } } }));
    return agreement.language.value;
  } catch {
    return undefined;
  }
}

export function App() {
  const [state, setState] = useState<Boot>({ state: 'starting' });
  useEffect(() => {
    boot().then(setState, (error: unknown) =>
      setState({ state: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
  }, []);
  if (state.state === 'starting') return <p class="boot">…</p>;
  if (state.state === 'failed')
    return (
      <main class="boot" role="alert">
        <h1>Compliance dashboard</h1>
        <p>The dashboard could not start: {state.message}</p>
      </main>
    );
  if (state.state === 'signed-out')
    return (
      <I18nProvider agreementLang={undefined}>
        <SignedOut session={state.session} reason={state.reason} />
      </I18nProvider>
    );
  return (
    <AppContext.Provider value={state.services}>
      <I18nProvider agreementLang={state.agreementLang}>
        <LocationProvider scope={DASHBOARD_BASE_PATH}>
          <Layout>
            <Routes />
          </Layout>
        </LocationProvider>
      </I18nProvider>
    </AppContext.Provider>
  );
}

function Routes() {
  const { path } = useLocation();
  // Scroll to the top on a new page, as a full page load would.
  useMemo(() => window.scrollTo?.(0, 0), [path]);
  return (
    <Router>
      <Route path="/app/" component={Overview} />
      <Route path="/app/tenants/:tenantId" component={TenantPage} />
      <Route path="/app/tenants/:tenantId/:view" component={TenantPage} />
      <Route path="/app/tenants/:tenantId/:view/:itemId" component={TenantPage} />
      <Route default component={NotFound} />
    </Router>
  );
}
