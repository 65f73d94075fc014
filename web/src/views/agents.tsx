import { unwrap } from '../api/client.js';
import type { components } from '../api/schema.js';
import { useFormat } from '../i18n/format.js';
import { defineMessages, useMessages } from '../i18n/i18n.js';
import { Empty, Field, Loaded, PageTitle, StatusBadge, TableScroll } from '../ui/common.js';
import { statusLabel, statusWords } from '../ui/status-words.js';
import { useApi } from '../ui/use-api.js';
import { AgentMatrix } from './parts/agent-matrix.js';
import { usePaged } from './parts/paged.js';
import { BackLink, MoreButton, useQueryFilter, viewHref } from './parts/parts.js';
import type { TenantViewProps } from './tenant-view.js';
import './views.css';

type AgentCourseLapse = components['schemas']['AgentCourseLapse'];

const FILTERS = ['all', 'expiring', 'expired', 'missing-induction'] as const;
type Filter = (typeof FILTERS)[number];

const words = defineMessages({
  en: {
    title: 'Agent competence',
    subtitle: 'Induction, mandatory courses and quality monitoring of each agent (ISO 18295-1 4.4).',
    show: 'Show',
    all: 'All agents',
    expiring: 'A course expiring soon',
    expired: 'A course expired',
    'missing-induction': 'Induction missing',
    caption: (filter: string) => `Agents: ${filter.toLowerCase()}, by agent id.`,
    agent: 'Agent',
    status: 'Status',
    inducted: 'Inducted',
    expiringCourses: 'Expiring',
    expiredCourses: 'Expired',
    missing: 'Never taken',
    violations: 'Open violations',
    qa: 'QA this month',
    qaOf: (count: string, required: string) => `${count} of ${required}`,
    none: 'No agent to show.',
    until: (requirement: string, when: string) => `${requirement} (until ${when})`,
    detailTitle: (agentId: string) => `Agent ${agentId}`,
  },
  fr: {
    title: 'Compétences des conseillers',
    subtitle: 'Formation initiale, formations obligatoires et suivi qualité de chaque conseiller (ISO 18295-1 4.4).',
    show: 'Afficher',
    all: 'Tous les conseillers',
    expiring: 'Une formation expire bientôt',
    expired: 'Une formation expirée',
    'missing-induction': 'Formation initiale manquante',
    caption: (filter: string) => `Conseillers : ${filter.toLowerCase()}, par identifiant.`,
    agent: 'Conseiller',
    status: 'Statut',
    inducted: 'Formation initiale',
    expiringCourses: 'Expirent bientôt',
    expiredCourses: 'Expirées',
    missing: 'Jamais suivies',
    violations: 'Manquements ouverts',
    qa: 'Évaluations qualité du mois',
    qaOf: (count: string, required: string) => `${count} sur ${required}`,
    none: 'Aucun conseiller à afficher.',
    until: (requirement: string, when: string) => `${requirement} (jusqu’au ${when})`,
    detailTitle: (agentId: string) => `Conseiller ${agentId}`,
  },
});

const PAGE = 100;

/** `/app/tenants/:tenantId/agents[/:agentId]`: the agents' competence, or one agent's competence matrix. */
export function AgentsView(props: TenantViewProps) {
  return props.itemId === undefined ? <AgentList {...props} /> : <AgentPage {...props} itemId={props.itemId} />;
}

function Lapses(props: { lapses: readonly AgentCourseLapse[] }) {
  const w = useMessages(words);
  const format = useFormat();
  if (props.lapses.length === 0) return <>—</>;
  return (
    <ul class="plain">
      {props.lapses.map((lapse) => (
        <li key={lapse.requirementId}>{w.until(lapse.requirementId, format.date(lapse.validUntil))}</li>
      ))}
    </ul>
  );
}

function AgentList(props: TenantViewProps) {
  const w = useMessages(words);
  const s = useMessages(statusWords);
  const format = useFormat();
  const { tenantId } = props;
  const [filter, setFilter] = useQueryFilter<Filter>('competence', FILTERS, 'all');
  const agents = usePaged(
    async (api, cursor) => {
      const page = await unwrap(
        api.GET('/v1/tenants/{tenantId}/agents', {
          params: { path: { tenantId }, query: { competence: filter, limit: PAGE, ...(cursor ? { cursor } : {}) } },
        }),
      );
      return { items: page.agents, nextCursor: page.nextCursor };
    },
    [tenantId, filter],
  );
  return (
    <section>
      <PageTitle title={w.title} subtitle={w.subtitle} />
      <form class="toolbar" onSubmit={(event) => event.preventDefault()}>
        <Field label={w.show}>
          <select value={filter} onChange={(event) => setFilter(event.currentTarget.value as Filter)}>
            {FILTERS.map((value) => (
              <option key={value} value={value}>
                {w[value]}
              </option>
            ))}
          </select>
        </Field>
      </form>
      <Loaded value={agents}>
        {(items) =>
          items.length === 0 ? (
            <Empty>{w.none}</Empty>
          ) : (
            <TableScroll label={w.title}>
              <table data-testid="agents-table">
                <caption>{w.caption(w[filter])}</caption>
                <thead>
                  <tr>
                    <th scope="col">{w.agent}</th>
                    <th scope="col">{w.status}</th>
                    <th scope="col">{w.inducted}</th>
                    <th scope="col">{w.expiringCourses}</th>
                    <th scope="col">{w.expiredCourses}</th>
                    <th scope="col">{w.missing}</th>
                    <th scope="col" class="number">
                      {w.violations}
                    </th>
                    <th scope="col" class="number">
                      {w.qa}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((agent) => (
                    <tr key={agent.agentId} data-agent={agent.agentId}>
                      <th scope="row" class="nowrap">
                        <a href={viewHref(tenantId, 'agents', agent.agentId)}>{agent.agentId}</a>
                      </th>
                      <td>
                        <StatusBadge status={agent.status} label={statusLabel(s, agent.status)} />
                      </td>
                      <td>
                        {agent.inducted ? (
                          <StatusBadge status="valid" label={statusLabel(s, 'valid')} />
                        ) : (
                          <StatusBadge status="missing" label={statusLabel(s, 'missing')} />
                        )}
                      </td>
                      <td>
                        <Lapses lapses={agent.expiring} />
                      </td>
                      <td>
                        <Lapses lapses={agent.expired} />
                      </td>
                      <td>{agent.missing.length === 0 ? '—' : agent.missing.join(', ')}</td>
                      <td class="number">{format.integer(agent.openViolations)}</td>
                      <td class="number">
                        {w.qaOf(format.integer(agent.qa.count), format.integer(agent.qa.required))}{' '}
                        <StatusBadge
                          status={agent.qa.met ? 'met' : 'missed'}
                          label={statusLabel(s, agent.qa.met ? 'met' : 'missed')}
                        />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )
        }
      </Loaded>
      {agents.state === 'ready' && <MoreButton paged={agents} count={agents.data.length} />}
    </section>
  );
}

function AgentPage(props: TenantViewProps & { itemId: string }) {
  const w = useMessages(words);
  const { tenantId, itemId } = props;
  const agent = useApi(
    (api) =>
      unwrap(api.GET('/v1/tenants/{tenantId}/agents/{agentId}', { params: { path: { tenantId, agentId: itemId } } })),
    [tenantId, itemId],
  );
  return (
    <section>
      <BackLink href={viewHref(tenantId, 'agents')} />
      <PageTitle title={w.detailTitle(itemId)} />
      <Loaded value={agent}>{(data) => <AgentMatrix agent={data} timeZone={props.timeZone} />}</Loaded>
    </section>
  );
}
