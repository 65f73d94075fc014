import { useState } from 'preact/hooks';
import { unwrap } from '../api/client.js';
import type { components } from '../api/schema.js';
import { may } from '../auth/principal.js';
import { useFormat } from '../i18n/format.js';
import { defineMessages, useMessages } from '../i18n/i18n.js';
import { useApp } from '../ui/app-context.js';
import { Empty, Field, Loaded, PageTitle, StatusBadge, TableScroll } from '../ui/common.js';
import { statusLabel, statusWords } from '../ui/status-words.js';
import { useApi } from '../ui/use-api.js';
import { CorrectiveStepForm } from './parts/corrective-step-form.js';
import { localDay } from './parts/dates.js';
import { usePaged } from './parts/paged.js';
import { BackLink, Facts, MoreButton, useQueryFilter, viewHref, YesNo } from './parts/parts.js';
import { type StepKind, stepWords } from './parts/step-words.js';
import type { TenantViewProps } from './tenant-view.js';
import './views.css';

type Origin = components['schemas']['NonconformityOrigin'];
type NonconformityDetail = components['schemas']['NonconformityDetail'];
type CorrectiveAction = components['schemas']['CorrectiveAction'];

const FILTERS = ['open', 'overdue', 'closed', 'all'] as const;
type Filter = (typeof FILTERS)[number];

const words = defineMessages({
  en: {
    title: 'Nonconformities',
    subtitle: 'Findings of audits and breached controls, with their corrective actions (ISO 18295-1 4.8).',
    show: 'Show',
    open: 'Not closed',
    overdue: 'Overdue',
    closed: 'Closed',
    all: 'All',
    caption: (filter: string) => `Nonconformities: ${filter.toLowerCase()}.`,
    id: 'Nonconformity',
    origin: 'Origin',
    clause: 'Clause',
    grade: 'Grade',
    status: 'Status',
    due: 'Due',
    overdueFlag: 'Overdue',
    actions: 'Actions',
    actionsCount: (count: string, late: string) => `${count} (${late} past due)`,
    none: 'No nonconformity to show.',
    auditOrigin: (auditId: string, findingId: string) => `Audit ${auditId}, finding ${findingId}`,
    controlOrigin: 'Control',
    breachedSince: (when: string) => `breached since ${when}`,
    detailTitle: (id: string) => `Nonconformity ${id}`,
    facts: 'The nonconformity',
    description: 'Description',
    opened: 'Opened',
    closedAt: 'Closed',
    rootCause: 'Root cause',
    noRootCause: 'No root cause recorded yet.',
    actionsTitle: 'Corrective actions',
    actionsCaption: 'The actions planned against it, with their owner and due date.',
    action: 'Action',
    owner: 'Owner',
    completedOn: 'Done on',
    evidence: 'Evidence',
    noActions: 'No action planned yet.',
    verification: 'Verification of effectiveness',
    notVerified: 'Not verified yet.',
    effective: 'Effective',
    verifiedBy: 'Verified by',
    verifiedAt: 'Verified',
    note: 'Note',
    steps: 'Recorded steps',
    stepsCaption: 'Every step recorded, oldest first.',
    step: 'Step',
    recordedBy: 'Recorded by',
    occurredAt: 'Taken',
    what: 'What',
    noSteps: 'No step recorded yet.',
    recorded: (step: string) => `Step recorded: ${step}.`,
  },
  fr: {
    title: 'Non-conformités',
    subtitle: 'Constats d’audit et contrôles non conformes, avec leurs actions correctives (ISO 18295-1 4.8).',
    show: 'Afficher',
    open: 'Non clôturées',
    overdue: 'En retard',
    closed: 'Clôturées',
    all: 'Toutes',
    caption: (filter: string) => `Non-conformités : ${filter.toLowerCase()}.`,
    id: 'Non-conformité',
    origin: 'Origine',
    clause: 'Article',
    grade: 'Gravité',
    status: 'État',
    due: 'Échéance',
    overdueFlag: 'En retard',
    actions: 'Actions',
    actionsCount: (count: string, late: string) => `${count} (${late} en retard)`,
    none: 'Aucune non-conformité à afficher.',
    auditOrigin: (auditId: string, findingId: string) => `Audit ${auditId}, constat ${findingId}`,
    controlOrigin: 'Contrôle',
    breachedSince: (when: string) => `non conforme depuis le ${when}`,
    detailTitle: (id: string) => `Non-conformité ${id}`,
    facts: 'La non-conformité',
    description: 'Description',
    opened: 'Ouverte le',
    closedAt: 'Clôturée le',
    rootCause: 'Cause racine',
    noRootCause: 'Aucune cause racine enregistrée.',
    actionsTitle: 'Actions correctives',
    actionsCaption: 'Les actions prévues, avec leur responsable et leur échéance.',
    action: 'Action',
    owner: 'Responsable',
    completedOn: 'Réalisée le',
    evidence: 'Preuve',
    noActions: 'Aucune action prévue.',
    verification: 'Vérification de l’efficacité',
    notVerified: 'Pas encore vérifiée.',
    effective: 'Efficace',
    verifiedBy: 'Vérifiée par',
    verifiedAt: 'Vérifiée le',
    note: 'Remarque',
    steps: 'Étapes enregistrées',
    stepsCaption: 'Chaque étape enregistrée, de la plus ancienne à la plus récente.',
    step: 'Étape',
    recordedBy: 'Enregistrée par',
    occurredAt: 'Réalisée le',
    what: 'Quoi',
    noSteps: 'Aucune étape enregistrée.',
    recorded: (step: string) => `Étape enregistrée : ${step}.`,
  },
});

const PAGE = 50;

/** `/app/tenants/:tenantId/nonconformities[/:id]`: the nonconformities and their actions, or one in full. */
export function NonconformitiesView(props: TenantViewProps) {
  return props.itemId === undefined ? (
    <NonconformityList {...props} />
  ) : (
    <NonconformityPage {...props} itemId={props.itemId} />
  );
}

/** The actions of a nonconformity still planned after their due date (tenant-local `YYYY-MM-DD` dates compare as text). */
function pastDue(actions: readonly CorrectiveAction[], today: string): number {
  return actions.filter((action) => action.status === 'planned' && action.dueOn < today).length;
}

function OriginText(props: { origin: Origin; tenantId: string; timeZone: string }) {
  const w = useMessages(words);
  const format = useFormat();
  const { origin } = props;
  if (origin.type === 'audit') return <>{w.auditOrigin(origin.auditId, origin.findingId)}</>;
  return (
    <>
      {w.controlOrigin} <a href={viewHref(props.tenantId, 'controls', origin.controlId)}>{origin.controlId}</a>,{' '}
      {w.breachedSince(format.dateTime(origin.breachedSince, props.timeZone))}
    </>
  );
}

function NonconformityList(props: TenantViewProps) {
  const w = useMessages(words);
  const s = useMessages(statusWords);
  const format = useFormat();
  const { tenantId, timeZone } = props;
  const [filter, setFilter] = useQueryFilter<Filter>('status', FILTERS, 'open');
  const today = localDay(new Date(), timeZone);
  const list = usePaged(
    async (api, cursor) => {
      const page = await unwrap(
        api.GET('/v1/tenants/{tenantId}/nonconformities', {
          params: { path: { tenantId }, query: { status: filter, limit: PAGE, ...(cursor ? { cursor } : {}) } },
        }),
      );
      return { items: page.nonconformities, nextCursor: page.nextCursor };
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
      <Loaded value={list}>
        {(items) =>
          items.length === 0 ? (
            <Empty>{w.none}</Empty>
          ) : (
            <TableScroll label={w.title}>
              <table data-testid="nonconformities-table">
                <caption>{w.caption(w[filter])}</caption>
                <thead>
                  <tr>
                    <th scope="col">{w.id}</th>
                    <th scope="col">{w.origin}</th>
                    <th scope="col">{w.clause}</th>
                    <th scope="col">{w.grade}</th>
                    <th scope="col">{w.status}</th>
                    <th scope="col">{w.due}</th>
                    <th scope="col">{w.overdueFlag}</th>
                    <th scope="col">{w.actions}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((item) => (
                    <tr key={item.nonconformityId} data-status={item.status} data-overdue={String(item.overdue)}>
                      <th scope="row" class="id-cell">
                        <a href={viewHref(tenantId, 'nonconformities', item.nonconformityId)}>{item.nonconformityId}</a>
                      </th>
                      <td class="wide">
                        <OriginText origin={item.origin} tenantId={tenantId} timeZone={timeZone} />
                      </td>
                      <td>{item.clause}</td>
                      <td>
                        <StatusBadge status={item.grade} label={statusLabel(s, item.grade)} />
                      </td>
                      <td>
                        <StatusBadge status={item.status} label={statusLabel(s, item.status)} />
                      </td>
                      <td class="nowrap">{format.date(item.dueOn)}</td>
                      <td>{item.overdue ? <StatusBadge status="overdue" label={statusLabel(s, 'overdue')} /> : '—'}</td>
                      <td>
                        {w.actionsCount(
                          format.integer(item.actions.length),
                          format.integer(pastDue(item.actions, today)),
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )
        }
      </Loaded>
      {list.state === 'ready' && <MoreButton paged={list} count={list.data.length} />}
    </section>
  );
}

function NonconformityPage(props: TenantViewProps & { itemId: string }) {
  const w = useMessages(words);
  const st = useMessages(stepWords);
  const { principal } = useApp();
  const { tenantId, itemId } = props;
  const detail = useApi(
    (api) =>
      unwrap(
        api.GET('/v1/tenants/{tenantId}/nonconformities/{nonconformityId}', {
          params: { path: { tenantId, nonconformityId: itemId } },
        }),
      ),
    [tenantId, itemId],
  );
  const records = may(principal, 'POST /v1/tenants/{tenantId}/nonconformities/{nonconformityId}/actions');
  // The answer to a recorded step is the nonconformity as it is now: shown at once, without reading it again.
  const [recorded, setRecorded] = useState<{ nonconformity: NonconformityDetail; step: StepKind } | undefined>();
  const current = (data: NonconformityDetail) =>
    recorded?.nonconformity.nonconformityId === data.nonconformityId ? recorded.nonconformity : data;
  return (
    <section>
      <BackLink href={viewHref(tenantId, 'nonconformities')} />
      <PageTitle title={w.detailTitle(itemId)} />
      <Loaded value={detail}>
        {(data) => (
          <>
            <NonconformityBody nonconformity={current(data)} timeZone={props.timeZone} />
            {records && current(data).status !== 'closed' && (
              <CorrectiveStepForm
                nonconformity={current(data)}
                timeZone={props.timeZone}
                onRecorded={(nonconformity, step) => setRecorded({ nonconformity, step })}
              />
            )}
          </>
        )}
      </Loaded>
      {records && (
        <p aria-live="polite" class="result" data-testid="corrective-step-recorded">
          {recorded?.nonconformity.nonconformityId === itemId && w.recorded(st[recorded.step])}
        </p>
      )}
    </section>
  );
}

function NonconformityBody(props: { nonconformity: NonconformityDetail; timeZone: string }) {
  const w = useMessages(words);
  const s = useMessages(statusWords);
  const format = useFormat();
  const { nonconformity: n, timeZone } = props;
  return (
    <>
      <h2>{w.facts}</h2>
      <Facts
        testId="nonconformity-facts"
        items={[
          [w.status, <StatusBadge status={n.status} label={statusLabel(s, n.status)} />],
          [w.grade, <StatusBadge status={n.grade} label={statusLabel(s, n.grade)} />],
          [w.origin, <OriginText origin={n.origin} tenantId={n.tenantId} timeZone={timeZone} />],
          [w.clause, n.clause],
          [w.description, n.description],
          [w.opened, format.dateTime(n.openedAt, timeZone)],
          [w.due, format.date(n.dueOn)],
          [w.overdueFlag, <YesNo value={n.overdue} />],
          ...(n.closedAt ? [[w.closedAt, format.dateTime(n.closedAt, timeZone)] as const] : []),
        ]}
      />
      <h2>{w.rootCause}</h2>
      {n.rootCause ? <p data-testid="root-cause">{n.rootCause}</p> : <Empty>{w.noRootCause}</Empty>}
      <h2>{w.actionsTitle}</h2>
      {n.actions.length === 0 ? (
        <Empty>{w.noActions}</Empty>
      ) : (
        <TableScroll label={w.actionsTitle}>
          <table data-testid="nonconformity-actions">
            <caption>{w.actionsCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{w.action}</th>
                <th scope="col">{w.description}</th>
                <th scope="col">{w.owner}</th>
                <th scope="col">{w.due}</th>
                <th scope="col">{w.status}</th>
                <th scope="col">{w.completedOn}</th>
                <th scope="col">{w.evidence}</th>
              </tr>
            </thead>
            <tbody>
              {n.actions.map((action) => (
                <tr key={action.actionId}>
                  <th scope="row">{action.actionId}</th>
                  <td>{action.description}</td>
                  <td>{action.ownerId}</td>
                  <td class="nowrap">{format.date(action.dueOn)}</td>
                  <td>
                    <StatusBadge status={action.status} label={statusLabel(s, action.status)} />
                  </td>
                  <td class="nowrap">{format.date(action.completedOn)}</td>
                  <td>{action.evidenceRef ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <h2>{w.verification}</h2>
      {n.verification ? (
        <Facts
          testId="nonconformity-verification"
          items={[
            [w.effective, <YesNo value={n.verification.effective} />],
            [w.verifiedBy, n.verification.verifiedBy],
            [w.verifiedAt, format.dateTime(n.verification.verifiedAt, timeZone)],
            [w.note, n.verification.note ?? '—'],
          ]}
        />
      ) : (
        <Empty>{w.notVerified}</Empty>
      )}
      <Steps nonconformity={n} timeZone={timeZone} />
    </>
  );
}

function Steps(props: { nonconformity: NonconformityDetail; timeZone: string }) {
  const w = useMessages(words);
  const st = useMessages(stepWords);
  const format = useFormat();
  const { steps } = props.nonconformity;
  const what = (step: NonconformityDetail['steps'][number]) =>
    [
      step.rootCause,
      step.actionId,
      step.description,
      step.ownerId && `${w.owner}: ${step.ownerId}`,
      step.dueOn,
      step.completedOn,
      step.evidenceRef,
      step.effective === undefined ? undefined : `${w.effective}: ${step.effective ? '✓' : '✕'}`,
      step.note,
    ]
      .filter((part): part is string => typeof part === 'string' && part !== '')
      .join(' · ');
  return (
    <>
      <h2>{w.steps}</h2>
      {steps.length === 0 ? (
        <Empty>{w.noSteps}</Empty>
      ) : (
        <TableScroll label={w.steps}>
          <table data-testid="nonconformity-steps">
            <caption>{w.stepsCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{w.step}</th>
                <th scope="col">{w.occurredAt}</th>
                <th scope="col">{w.recordedBy}</th>
                <th scope="col">{w.what}</th>
              </tr>
            </thead>
            <tbody>
              {steps.map((step) => (
                <tr key={step.stepId}>
                  <th scope="row">{st[step.step]}</th>
                  <td class="nowrap">{format.dateTime(step.occurredAt, props.timeZone)}</td>
                  <td>{step.recordedBy}</td>
                  <td>{what(step) || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}
