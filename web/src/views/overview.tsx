import { useEffect } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { type ApiClient, unwrap } from '../api/client.js';
import type { components } from '../api/schema.js';
import { may, type Principal } from '../auth/principal.js';
import { useFormat } from '../i18n/format.js';
import { defineMessages, useMessages } from '../i18n/i18n.js';
import { useApp } from '../ui/app-context.js';
import { Loaded, PageTitle, StatusBadge, TableScroll } from '../ui/common.js';
import { statusLabel, statusWords } from '../ui/status-words.js';
import { useApi } from '../ui/use-api.js';
import { TENANT_VIEWS } from './registry.js';

type ControlState = components['schemas']['ControlState'];
type Transition = components['schemas']['ControlHistoryEntry'];

const words = defineMessages({
  en: {
    title: 'Overview of every client organisation',
    subtitle: (count: number) => `${count} client organisation${count === 1 ? '' : 's'} in your care`,
    matrix: 'Controls by client organisation',
    matrixCaption: 'The state of each control of ISO 18295 and the GDPR, per client organisation, as last evaluated.',
    control: 'Control',
    attention: 'Needs attention',
    breachedSince: 'Breached since yesterday',
    overdueComplaints: 'Overdue complaints',
    expiringCompetence: 'Competence expiring',
    actionsPastDue: 'Nonconformities or actions past due',
    none: 'None',
    more: (count: number) => `${count} or more`,
    open: (tenantId: string) => `Open ${tenantId}`,
    choose: 'Choose a client organisation',
    notFound: 'Page not found',
    notFoundText: 'There is no page at this address.',
    home: 'Back to the overview',
    noTenants: 'Your sign-in names no client organisation.',
  },
  fr: {
    title: 'Vue d’ensemble des organisations clientes',
    subtitle: (count: number) =>
      `${count} organisation${count === 1 ? '' : 's'} cliente${count === 1 ? '' : 's'} suivie${count === 1 ? '' : 's'}`,
    matrix: 'Contrôles par organisation cliente',
    matrixCaption: 'L’état de chaque contrôle ISO 18295 et RGPD, par organisation cliente, à la dernière évaluation.',
    control: 'Contrôle',
    attention: 'À traiter',
    breachedSince: 'Non conformes depuis hier',
    overdueComplaints: 'Réclamations en retard',
    expiringCompetence: 'Compétences qui expirent',
    actionsPastDue: 'Non-conformités ou actions en retard',
    none: 'Aucune',
    more: (count: number) => `${count} ou plus`,
    open: (tenantId: string) => `Ouvrir ${tenantId}`,
    choose: 'Choisissez une organisation cliente',
    notFound: 'Page introuvable',
    notFoundText: 'Il n’y a pas de page à cette adresse.',
    home: 'Retour à la vue d’ensemble',
    noTenants: 'Votre connexion ne donne accès à aucune organisation cliente.',
  },
});

/** What the overview shows of one tenant. */
interface TenantSummary {
  readonly tenantId: string;
  readonly controls: readonly ControlState[];
  readonly breachedSinceYesterday: readonly Transition[];
  readonly overdueComplaints: Count;
  readonly expiringAgents: Count;
  readonly pastDueNonconformities: Count;
}

/** A count of a first page, and whether there are more pages. */
interface Count {
  readonly count: number;
  readonly more: boolean;
}

const PAGE = 200;

function startOfYesterday(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - 1));
}

async function summarise(api: ApiClient, principal: Principal, tenantId: string, now: Date): Promise<TenantSummary> {
  const path = { tenantId };
  const count = (items: readonly unknown[], nextCursor: string | undefined): Count => ({
    count: items.length,
    more: nextCursor !== undefined,
  });
  const none: Count = { count: 0, more: false };
  const [controls, history, complaints, agents, nonconformities] = await Promise.all([
    unwrap(api.GET('/v1/tenants/{tenantId}/controls', { params: { path } })),
    unwrap(
      api.GET('/v1/tenants/{tenantId}/control-history', {
        params: { path, query: { from: startOfYesterday(now).toISOString(), to: now.toISOString() } },
      }),
    ),
    may(principal, 'GET /v1/tenants/{tenantId}/complaints')
      ? unwrap(
          api.GET('/v1/tenants/{tenantId}/complaints', { params: { path, query: { status: 'overdue', limit: PAGE } } }),
        )
      : undefined,
    may(principal, 'GET /v1/tenants/{tenantId}/agents')
      ? unwrap(
          api.GET('/v1/tenants/{tenantId}/agents', {
            params: { path, query: { competence: 'expiring', limit: PAGE } },
          }),
        )
      : undefined,
    may(principal, 'GET /v1/tenants/{tenantId}/nonconformities')
      ? unwrap(
          api.GET('/v1/tenants/{tenantId}/nonconformities', {
            params: { path, query: { status: 'overdue', limit: PAGE } },
          }),
        )
      : undefined,
  ]);
  return {
    tenantId,
    controls: controls.controls,
    breachedSinceYesterday: history.transitions.filter((transition) => transition.to === 'breached'),
    overdueComplaints: complaints ? count(complaints.complaints, complaints.nextCursor) : none,
    expiringAgents: agents ? count(agents.agents, agents.nextCursor) : none,
    pastDueNonconformities: nonconformities ? count(nonconformities.nonconformities, nonconformities.nextCursor) : none,
  };
}

/**
 * `/app/`: the compliance officer's overview across every tenant of the sign-in (the controls matrix and what needs
 * attention). Someone who sees one tenant goes straight to it; others choose one.
 */
export function Overview() {
  const { principal } = useApp();
  const { route } = useLocation();
  const [only] = principal.tenants;
  const overview =
    may(principal, 'GET /v1/tenants/{tenantId}/control-history') && principal.roles.includes('compliance-officer');
  useEffect(() => {
    if (!overview && principal.tenants.length === 1 && only !== undefined)
      route(`/app/tenants/${encodeURIComponent(only)}`, true);
  }, [overview, only, principal.tenants.length, route]);
  if (overview) return <OfficerOverview />;
  return <TenantChooser />;
}

function TenantChooser() {
  const w = useMessages(words);
  const { principal } = useApp();
  return (
    <section>
      <PageTitle title={w.choose} />
      {principal.tenants.length === 0 ? (
        <p>{w.noTenants}</p>
      ) : (
        <ul class="tenant-list">
          {principal.tenants.map((tenantId) => (
            <li key={tenantId}>
              <a href={`/app/tenants/${encodeURIComponent(tenantId)}`}>{tenantId}</a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function OfficerOverview() {
  const w = useMessages(words);
  const { principal } = useApp();
  const summaries = useApi(
    (api) => Promise.all(principal.tenants.map((tenantId) => summarise(api, principal, tenantId, new Date()))),
    [principal.tenants.join(',')],
  );
  return (
    <section class="overview">
      <PageTitle title={w.title} subtitle={w.subtitle(principal.tenants.length)} />
      <Loaded value={summaries}>
        {(data) => (
          <>
            <Attention summaries={data} />
            <ControlMatrix summaries={data} />
          </>
        )}
      </Loaded>
    </section>
  );
}

function Attention(props: { summaries: readonly TenantSummary[] }) {
  const w = useMessages(words);
  const s = useMessages(statusWords);
  const format = useFormat();
  const counted = (value: Count) =>
    value.count === 0 ? w.none : value.more ? w.more(value.count) : format.integer(value.count);
  const link = (tenantId: string, view: string) => `/app/tenants/${encodeURIComponent(tenantId)}/${view}`;
  return (
    <section aria-labelledby="attention-title">
      <h2 id="attention-title">{w.attention}</h2>
      <div class="cards">
        {props.summaries.map((summary) => (
          <article class="card" key={summary.tenantId} data-testid={`attention-${summary.tenantId}`}>
            <h3>
              <a href={link(summary.tenantId, TENANT_VIEWS[0]?.key ?? 'kpis')}>{summary.tenantId}</a>
            </h3>
            <dl class="figures">
              <div>
                <dt>{w.breachedSince}</dt>
                <dd data-testid="breached-since-yesterday">
                  {summary.breachedSinceYesterday.length === 0 ? (
                    w.none
                  ) : (
                    <ul class="plain">
                      {summary.breachedSinceYesterday.map((transition) => (
                        <li key={`${transition.controlId}-${transition.at}`}>
                          <a href={link(summary.tenantId, `controls/${encodeURIComponent(transition.controlId)}`)}>
                            {transition.controlId}
                          </a>{' '}
                          <StatusBadge status={transition.to} label={statusLabel(s, transition.to)} />
                        </li>
                      ))}
                    </ul>
                  )}
                </dd>
              </div>
              <div>
                <dt>{w.overdueComplaints}</dt>
                <dd data-testid="overdue-complaints">
                  <a href={link(summary.tenantId, 'complaints')}>{counted(summary.overdueComplaints)}</a>
                </dd>
              </div>
              <div>
                <dt>{w.expiringCompetence}</dt>
                <dd data-testid="expiring-competence">
                  <a href={link(summary.tenantId, 'agents')}>{counted(summary.expiringAgents)}</a>
                </dd>
              </div>
              <div>
                <dt>{w.actionsPastDue}</dt>
                <dd data-testid="actions-past-due">
                  <a href={link(summary.tenantId, 'nonconformities')}>{counted(summary.pastDueNonconformities)}</a>
                </dd>
              </div>
            </dl>
          </article>
        ))}
      </div>
    </section>
  );
}

function ControlMatrix(props: { summaries: readonly TenantSummary[] }) {
  const w = useMessages(words);
  const s = useMessages(statusWords);
  const controlIds = [...new Set(props.summaries.flatMap((summary) => summary.controls.map((c) => c.controlId)))];
  const requirement = new Map(
    props.summaries.flatMap((summary) => summary.controls.map((c) => [c.controlId, c] as const)),
  );
  return (
    <section aria-labelledby="matrix-title">
      <h2 id="matrix-title">{w.matrix}</h2>
      <TableScroll label={w.matrix}>
        <table class="matrix" data-testid="control-matrix">
          <caption>{w.matrixCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{w.control}</th>
              {props.summaries.map((summary) => (
                <th scope="col" key={summary.tenantId}>
                  {summary.tenantId}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {controlIds.map((controlId) => (
              <tr key={controlId}>
                <th scope="row">
                  <span class="control-id">{controlId}</span>
                  <span class="control-clause">{requirement.get(controlId)?.clause}</span>
                </th>
                {props.summaries.map((summary) => {
                  const state = summary.controls.find((c) => c.controlId === controlId);
                  return (
                    <td key={summary.tenantId} data-tenant={summary.tenantId} data-control={controlId}>
                      {state && (
                        <a
                          href={`/app/tenants/${encodeURIComponent(summary.tenantId)}/controls/${encodeURIComponent(controlId)}`}
                          aria-label={`${controlId}, ${summary.tenantId}: ${statusLabel(s, state.status)}`}
                        >
                          <StatusBadge status={state.status} label={statusLabel(s, state.status)} />
                        </a>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}

/** Any address under `/app/` that is no page. */
export function NotFound() {
  const w = useMessages(words);
  return (
    <section>
      <PageTitle title={w.notFound} />
      <p>{w.notFoundText}</p>
      <p>
        <a href="/app/">{w.home}</a>
      </p>
    </section>
  );
}
