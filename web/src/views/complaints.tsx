import { unwrap } from '../api/client.js';
import type { components } from '../api/schema.js';
import { useFormat } from '../i18n/format.js';
import { defineMessages, useMessages } from '../i18n/i18n.js';
import { Empty, Field, Loaded, PageTitle, StatusBadge, TableScroll } from '../ui/common.js';
import { statusLabel, statusWords } from '../ui/status-words.js';
import { useApi } from '../ui/use-api.js';
import { localDay, monthStart } from './parts/dates.js';
import { usePaged } from './parts/paged.js';
import { BackLink, Facts, MoreButton, useQueryFilter, viewHref } from './parts/parts.js';
import { vocabulary, word } from './parts/vocabulary.js';
import type { TenantViewProps } from './tenant-view.js';
import './views.css';

type ComplaintDeadline = components['schemas']['ComplaintDeadline'];
type ComplaintDetail = components['schemas']['ComplaintDetail'];

const FILTERS = ['all', 'open', 'overdue', 'closed'] as const;
type Filter = (typeof FILTERS)[number];

const words = defineMessages({
  en: {
    title: 'Complaints',
    subtitle: 'Complaints with their deadlines to acknowledge and resolve (ISO 18295-1 4.7, ISO 10002).',
    show: 'Show',
    all: 'All',
    open: 'Open',
    overdue: 'Overdue',
    closed: 'Closed',
    caption: (filter: string) => `Complaints: ${filter.toLowerCase()}; open ones most urgent first.`,
    complaint: 'Complaint',
    status: 'Status',
    channel: 'Channel',
    category: 'Category',
    severity: 'Severity',
    received: 'Received',
    acknowledge: 'Acknowledge by',
    resolve: 'Resolve by',
    due: (when: string) => `due ${when}`,
    doneAt: (when: string) => `done ${when}`,
    none: 'No complaint to show.',
    figures: 'This month so far',
    figuresPeriod: (from: string, to: string) => `Complaints received from ${from} to ${to}.`,
    receivedCount: 'Received',
    openCount: 'Open, in time',
    overdueCount: 'Open, overdue',
    acknowledgedOnTime: 'Acknowledged on time',
    resolvedOnTime: 'Resolved on time',
    ofDue: (onTime: string, due: string) => `${onTime} of ${due}`,
    detailTitle: (id: string) => `Complaint ${id}`,
    facts: 'Facts',
    deadlines: 'Deadlines',
    deadlineStep: 'Step',
    deadlineState: 'State',
    dueAt: 'Due',
    atRiskAt: 'At risk from',
    metAt: 'Done',
    escalations: 'Escalations',
    escalationsCaption: 'Where the complaint was escalated.',
    escalatedTo: 'To',
    body: 'Body',
    internal: 'Internal',
    external: 'External dispute body',
    noEscalations: 'Not escalated.',
    timeline: 'Timeline',
    centre: 'Centre',
    customer: 'Customer (pseudonymous)',
    contact: 'Contact',
    remedySought: 'Remedy sought',
    firstResolved: 'First resolved',
    resolved: 'Resolved',
    outcome: 'Outcome',
    remedy: 'Remedy',
    reopenings: 'Reopened',
    nextChange: 'Deadlines change next',
    agreementVersion: 'Agreement version',
    upheld: 'Upheld',
    'partially-upheld': 'Partially upheld',
    rejected: 'Rejected',
    withdrawn: 'Withdrawn',
    'complaint.received': 'Received',
    'complaint.acknowledged': 'Acknowledged',
    'complaint.resolved': 'Resolved',
    'complaint.escalated': 'Escalated',
    'complaint.reopened': 'Reopened',
  },
  fr: {
    title: 'Réclamations',
    subtitle: 'Les réclamations et leurs délais d’accusé de réception et de traitement (ISO 18295-1 4.7, ISO 10002).',
    show: 'Afficher',
    all: 'Toutes',
    open: 'Ouvertes',
    overdue: 'En retard',
    closed: 'Clôturées',
    caption: (filter: string) => `Réclamations : ${filter.toLowerCase()} ; les ouvertes, les plus urgentes d’abord.`,
    complaint: 'Réclamation',
    status: 'État',
    channel: 'Canal',
    category: 'Catégorie',
    severity: 'Gravité',
    received: 'Reçue le',
    acknowledge: 'Accuser réception avant',
    resolve: 'Traiter avant',
    due: (when: string) => `échéance ${when}`,
    doneAt: (when: string) => `fait le ${when}`,
    none: 'Aucune réclamation à afficher.',
    figures: 'Ce mois-ci à ce jour',
    figuresPeriod: (from: string, to: string) => `Réclamations reçues du ${from} au ${to}.`,
    receivedCount: 'Reçues',
    openCount: 'Ouvertes, dans les délais',
    overdueCount: 'Ouvertes, en retard',
    acknowledgedOnTime: 'Réception accusée à temps',
    resolvedOnTime: 'Traitées à temps',
    ofDue: (onTime: string, due: string) => `${onTime} sur ${due}`,
    detailTitle: (id: string) => `Réclamation ${id}`,
    facts: 'Les faits',
    deadlines: 'Délais',
    deadlineStep: 'Étape',
    deadlineState: 'État',
    dueAt: 'Échéance',
    atRiskAt: 'À risque dès',
    metAt: 'Fait le',
    escalations: 'Escalades',
    escalationsCaption: 'Où la réclamation a été portée.',
    escalatedTo: 'Vers',
    body: 'Organisme',
    internal: 'Interne',
    external: 'Médiateur externe',
    noEscalations: 'Aucune escalade.',
    timeline: 'Chronologie',
    centre: 'Centre',
    customer: 'Client (pseudonyme)',
    contact: 'Contact',
    remedySought: 'Réparation demandée',
    firstResolved: 'Premier traitement',
    resolved: 'Traitée le',
    outcome: 'Issue',
    remedy: 'Réparation',
    reopenings: 'Réouvertures',
    nextChange: 'Prochain changement des délais',
    agreementVersion: 'Version du contrat',
    upheld: 'Fondée',
    'partially-upheld': 'Partiellement fondée',
    rejected: 'Rejetée',
    withdrawn: 'Retirée',
    'complaint.received': 'Reçue',
    'complaint.acknowledged': 'Réception accusée',
    'complaint.resolved': 'Traitée',
    'complaint.escalated': 'Escaladée',
    'complaint.reopened': 'Rouverte',
  },
});

const PAGE = 50;

/** `/app/tenants/:tenantId/complaints[/:complaintId]`: the complaints and their deadlines, or one with its timeline. */
export function ComplaintsView(props: TenantViewProps) {
  return props.itemId === undefined ? <ComplaintList {...props} /> : <ComplaintPage {...props} itemId={props.itemId} />;
}

function ComplaintList(props: TenantViewProps) {
  const w = useMessages(words);
  const s = useMessages(statusWords);
  const v = useMessages(vocabulary);
  const format = useFormat();
  const { tenantId, timeZone } = props;
  const [filter, setFilter] = useQueryFilter<Filter>('status', FILTERS, 'all');
  const complaints = usePaged(
    async (api, cursor) => {
      const page = await unwrap(
        api.GET('/v1/tenants/{tenantId}/complaints', {
          params: { path: { tenantId }, query: { status: filter, limit: PAGE, ...(cursor ? { cursor } : {}) } },
        }),
      );
      return { items: page.complaints, nextCursor: page.nextCursor };
    },
    [tenantId, filter],
  );
  return (
    <section>
      <PageTitle title={w.title} subtitle={w.subtitle} />
      <MonthFigures tenantId={tenantId} timeZone={timeZone} />
      <h2>{w.title}</h2>
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
      <Loaded value={complaints}>
        {(items) =>
          items.length === 0 ? (
            <Empty>{w.none}</Empty>
          ) : (
            <TableScroll label={w.title}>
              <table data-testid="complaints-table">
                <caption>{w.caption(w[filter])}</caption>
                <thead>
                  <tr>
                    <th scope="col">{w.complaint}</th>
                    <th scope="col">{w.status}</th>
                    <th scope="col">{w.channel}</th>
                    <th scope="col">{w.category}</th>
                    <th scope="col">{w.severity}</th>
                    <th scope="col">{w.received}</th>
                    <th scope="col">{w.acknowledge}</th>
                    <th scope="col">{w.resolve}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((complaint) => (
                    <tr key={complaint.complaintId} data-status={complaint.status}>
                      <th scope="row" class="nowrap">
                        <a href={viewHref(tenantId, 'complaints', complaint.complaintId)}>{complaint.complaintId}</a>
                      </th>
                      <td>
                        <StatusBadge status={complaint.status} label={statusLabel(s, complaint.status)} />
                      </td>
                      <td>{word(v, complaint.channel)}</td>
                      <td>{complaint.category ?? '—'}</td>
                      <td>{word(v, complaint.severity)}</td>
                      <td class="nowrap">{format.dateTime(complaint.receivedAt, timeZone)}</td>
                      <td>
                        <Deadline deadline={complaint.deadlines.acknowledge} timeZone={timeZone} />
                      </td>
                      <td>
                        <Deadline deadline={complaint.deadlines.resolve} timeZone={timeZone} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )
        }
      </Loaded>
      {complaints.state === 'ready' && <MoreButton paged={complaints} count={complaints.data.length} />}
    </section>
  );
}

function Deadline(props: { deadline: ComplaintDeadline | undefined; timeZone: string }) {
  const w = useMessages(words);
  const s = useMessages(statusWords);
  const format = useFormat();
  const { deadline } = props;
  if (deadline === undefined) return <>—</>;
  return (
    <span class="deadline">
      <StatusBadge status={deadline.state} label={statusLabel(s, deadline.state)} />
      <span class="due">
        {deadline.metAt
          ? w.doneAt(format.dateTime(deadline.metAt, props.timeZone))
          : w.due(format.dateTime(deadline.dueAt, props.timeZone))}
      </span>
    </span>
  );
}

/** The complaint figures of the tenant-local month to date, as GET complaint-figures counts them. */
function MonthFigures(props: { tenantId: string; timeZone: string }) {
  const w = useMessages(words);
  const format = useFormat();
  const { tenantId, timeZone } = props;
  const to = localDay(new Date(), timeZone);
  const from = monthStart(to);
  const figures = useApi(
    (api) =>
      unwrap(
        api.GET('/v1/tenants/{tenantId}/complaint-figures', { params: { path: { tenantId }, query: { from, to } } }),
      ),
    [tenantId, from, to],
  );
  const share = (value: { onTime: number; due: number; share: number | null }) => (
    <>
      {format.percent(value.share)}{' '}
      <span class="field-hint">({w.ofDue(format.integer(value.onTime), format.integer(value.due))})</span>
    </>
  );
  return (
    <section aria-labelledby="figures-title">
      <h2 id="figures-title">{w.figures}</h2>
      <p class="hint">{w.figuresPeriod(format.date(from), format.date(to))}</p>
      <Loaded value={figures}>
        {({ figures: f }) => (
          <dl class="figures card" data-testid="complaint-figures">
            <div>
              <dt>{w.receivedCount}</dt>
              <dd data-testid="figure-received">{format.integer(f.received)}</dd>
            </div>
            <div>
              <dt>{w.openCount}</dt>
              <dd data-testid="figure-open">{format.integer(f.open)}</dd>
            </div>
            <div>
              <dt>{w.overdueCount}</dt>
              <dd data-testid="figure-overdue">{format.integer(f.overdue)}</dd>
            </div>
            <div>
              <dt>{w.acknowledgedOnTime}</dt>
              <dd data-testid="figure-acknowledged-on-time">{share(f.acknowledgedOnTime)}</dd>
            </div>
            <div>
              <dt>{w.resolvedOnTime}</dt>
              <dd data-testid="figure-resolved-on-time">{share(f.resolvedOnTime)}</dd>
            </div>
          </dl>
        )}
      </Loaded>
    </section>
  );
}

function ComplaintPage(props: TenantViewProps & { itemId: string }) {
  const w = useMessages(words);
  const { tenantId, itemId } = props;
  const complaint = useApi(
    (api) =>
      unwrap(
        api.GET('/v1/tenants/{tenantId}/complaints/{complaintId}', {
          params: { path: { tenantId, complaintId: itemId } },
        }),
      ),
    [tenantId, itemId],
  );
  return (
    <section>
      <BackLink href={viewHref(tenantId, 'complaints')} />
      <PageTitle title={w.detailTitle(itemId)} />
      <Loaded value={complaint}>{(data) => <ComplaintBody complaint={data} timeZone={props.timeZone} />}</Loaded>
    </section>
  );
}

function ComplaintBody(props: { complaint: ComplaintDetail; timeZone: string }) {
  const w = useMessages(words);
  const s = useMessages(statusWords);
  const v = useMessages(vocabulary);
  const format = useFormat();
  const { complaint: c, timeZone } = props;
  const at = (value: string | undefined) => format.dateTime(value, timeZone);
  return (
    <>
      <h2>{w.facts}</h2>
      <Facts
        testId="complaint-facts"
        items={[
          [w.status, <StatusBadge status={c.status} label={statusLabel(s, c.status)} />],
          [w.channel, word(v, c.channel)],
          [w.category, c.category ?? '—'],
          [w.severity, word(v, c.severity)],
          [w.received, at(c.receivedAt)],
          [w.centre, c.centerId ?? '—'],
          [w.customer, c.customerRef ?? '—'],
          [w.contact, c.contactId ?? '—'],
          [w.remedySought, c.remedySought ?? '—'],
          [w.firstResolved, at(c.firstResolvedAt)],
          [w.resolved, at(c.resolvedAt)],
          [w.outcome, word(w, c.outcome)],
          [w.remedy, c.remedy ?? '—'],
          [w.reopenings, format.integer(c.reopenings)],
          [w.nextChange, at(c.nextChangeAt)],
          [w.agreementVersion, String(c.agreementVersion)],
        ]}
      />
      <h2>{w.deadlines}</h2>
      <TableScroll label={w.deadlines}>
        <table data-testid="complaint-deadlines">
          <caption>{w.deadlines}</caption>
          <thead>
            <tr>
              <th scope="col">{w.deadlineStep}</th>
              <th scope="col">{w.deadlineState}</th>
              <th scope="col">{w.dueAt}</th>
              <th scope="col">{w.atRiskAt}</th>
              <th scope="col">{w.metAt}</th>
            </tr>
          </thead>
          <tbody>
            {(['acknowledge', 'resolve'] as const).map((step) => {
              const deadline = c.deadlines[step];
              return (
                <tr key={step}>
                  <th scope="row">{w[step]}</th>
                  <td>
                    {deadline ? <StatusBadge status={deadline.state} label={statusLabel(s, deadline.state)} /> : '—'}
                  </td>
                  <td class="nowrap">{at(deadline?.dueAt)}</td>
                  <td class="nowrap">{at(deadline?.atRiskAt)}</td>
                  <td class="nowrap">{at(deadline?.metAt)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
      <h2>{w.escalations}</h2>
      {c.escalations.length === 0 ? (
        <Empty>{w.noEscalations}</Empty>
      ) : (
        <TableScroll label={w.escalations}>
          <table>
            <caption>{w.escalationsCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{w.metAt}</th>
                <th scope="col">{w.escalatedTo}</th>
                <th scope="col">{w.body}</th>
              </tr>
            </thead>
            <tbody>
              {c.escalations.map((escalation) => (
                <tr key={escalation.at}>
                  <th scope="row" class="nowrap">
                    {at(escalation.at)}
                  </th>
                  <td>{w[escalation.to]}</td>
                  <td>{escalation.body ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <h2>{w.timeline}</h2>
      <ol class="timeline" data-testid="complaint-timeline">
        {c.timeline.map((entry, index) => (
          <li key={`${entry.type}-${entry.at}-${index}`}>
            <time dateTime={entry.at}>{at(entry.at)}</time>
            <span class="event">{word(w, entry.type)}</span>
            {Object.keys(entry.fields).length > 0 && <Facts items={Object.entries(entry.fields)} />}
          </li>
        ))}
      </ol>
    </>
  );
}
