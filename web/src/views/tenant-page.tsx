import { useEffect } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { unwrap } from '../api/client.js';
import { may, seesTenant } from '../auth/principal.js';
import { defineMessages, useMessages } from '../i18n/i18n.js';
import { useApp } from '../ui/app-context.js';
import { PageTitle } from '../ui/common.js';
import { useApi } from '../ui/use-api.js';
import { TENANT_VIEWS } from './registry.js';

const words = defineMessages({
  en: {
    noAccess: 'No access',
    noAccessText: (tenantId: string) =>
      `Your sign-in does not name the client organisation “${tenantId}”. Nothing of it is shown, and the API refuses it too.`,
    forbidden: 'Not for your role',
    forbiddenText: 'Your role may not see this view.',
    unknown: 'No such view',
  },
  fr: {
    noAccess: 'Accès refusé',
    noAccessText: (tenantId: string) =>
      `Votre connexion ne donne pas accès à l’organisation cliente « ${tenantId} ». Rien n’en est affiché, et l’API le refuse aussi.`,
    forbidden: 'Hors de votre rôle',
    forbiddenText: 'Votre rôle ne permet pas de voir cette vue.',
    unknown: 'Vue inconnue',
  },
});

/**
 * `/app/tenants/:tenantId/:view/:itemId?`: checks, before any request, that the sign-in names the tenant and that
 * the role may read the view, then shows the view in the tenant's time zone.
 */
export function TenantPage(props: { params: { tenantId: string; view?: string; itemId?: string } }) {
  const w = useMessages(words);
  const { principal } = useApp();
  const { route } = useLocation();
  const { tenantId, view, itemId } = props.params;
  const allowed = TENANT_VIEWS.filter((candidate) => may(principal, candidate.route));
  const first = allowed[0];
  const sees = seesTenant(principal, tenantId);
  useEffect(() => {
    if (sees && view === undefined && first !== undefined)
      route(`/app/tenants/${encodeURIComponent(tenantId)}/${first.key}`, true);
  }, [sees, view, first, tenantId, route]);

  if (!sees)
    return (
      <section class="notice" data-testid="no-access">
        <PageTitle title={w.noAccess} />
        <p>{w.noAccessText(tenantId)}</p>
      </section>
    );
  if (view === undefined) return null;
  const definition = TENANT_VIEWS.find((candidate) => candidate.key === view);
  if (definition === undefined) return <PageTitle title={w.unknown} />;
  if (!may(principal, definition.route))
    return (
      <section class="notice" data-testid="forbidden">
        <PageTitle title={w.forbidden} />
        <p>{w.forbiddenText}</p>
      </section>
    );
  return <TenantViewWithZone tenantId={tenantId} view={definition} itemId={itemId} />;
}

function TenantViewWithZone(props: {
  tenantId: string;
  view: (typeof TENANT_VIEWS)[number];
  itemId: string | undefined;
}) {
  const { principal } = useApp();
  const { tenantId, view, itemId } = props;
  const readsAgreement = may(principal, 'GET /v1/tenants/{tenantId}/agreement');
  const zone = useApi(
    async (api) =>
      readsAgreement
        ? (await unwrap(api.GET('/v1/tenants/{tenantId}/agreement', { params: { path: { tenantId } } }))).timeZone.value
        : 'UTC',
    [tenantId, readsAgreement],
  );
  if (zone.state === 'loading') return null;
  const timeZone = zone.state === 'ready' ? zone.data : 'UTC';
  const View = view.component;
  return <View tenantId={tenantId} timeZone={timeZone} {...(itemId === undefined ? {} : { itemId })} />;
}
