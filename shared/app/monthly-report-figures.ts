/**
 * Assembles a tenant's monthly report figures (shared/domain/report/report-figures.ts) from the same use cases and
 * domain rules the routes answer with, so that every number in the report is the API's for that month: the KPI
 * query of `GET .../kpis`, the complaint figures of `GET .../complaint-figures`, the competence matrix of
 * `GET .../agents`, the states and history of `GET .../controls` and `.../control-history`, the open
 * nonconformities, the erasure requests and the ledger verification. Figures that are current state (competence,
 * controls, nonconformities, ledger) are as of generation, as the routes give them then.
 */
import type { AgreementVersion } from '../domain/agreement/agreement-schema.js';
import { versionInForceAt, versionInForceOn } from '../domain/agreement/agreement-versions.js';
import { addDays, lastDayOfMonth } from '../domain/calendar/calendar-date.js';
import { localDate, startOfLocalDay } from '../domain/calendar/zoned-time.js';
import type { AgentProfile } from '../domain/competence/agent-profile.js';
import { competenceMatrix } from '../domain/competence/assess-competence.js';
import { competenceRequirements } from '../domain/competence/competence-requirements.js';
import type { KpiReport } from '../domain/kpi/kpi-report-schema.js';
import type { KpiSeriesRequest } from '../domain/kpi/kpi-series.js';
import { isOverdue } from '../domain/quality/nonconformity-workflow.js';
import type { Nonconformity } from '../domain/quality/quality-records.js';
import { answeredOnTime } from '../domain/recording/erasure-deadline.js';
import type {
  MonthlyReportFigures,
  ReportCompetence,
  ReportControl,
  ReportErasureRequest,
  ReportNonconformity,
} from '../domain/report/report-figures.js';
import type { CompetenceViolation } from './agent-competence.js';
import type { LedgerAnchorStore } from './anchor-ledgers.js';
import { type ComplaintFigureSources, complaintFiguresOf } from './complaint-figures-query.js';
import type { ControlHistoryEntry, ControlState } from './control-state.js';
import { CONTROL_CATALOGUE } from './controls/catalogue/index.js';
import type { StoredErasureRequest } from './erasure-requests.js';
import { disabledControls } from './evaluate-controls.js';
import { type LedgerReader, verifyLedger } from './verify-ledger.js';

/** Port: what the report reads, each the reader behind a route. */
export interface MonthlyReportSources extends ComplaintFigureSources {
  agreements: { versions(tenantId: string): Promise<AgreementVersion[]> };
  kpiReport(request: KpiSeriesRequest): Promise<KpiReport>;
  agents: {
    allProfiles(tenantId: string): Promise<AgentProfile[]>;
    tenantViolations(tenantId: string, status: 'open'): Promise<CompetenceViolation[]>;
  };
  controls: {
    states(tenantId: string, controlIds: readonly string[]): Promise<Map<string, ControlState>>;
    history(tenantId: string, window: { from: string; to: string }): Promise<ControlHistoryEntry[]>;
  };
  quality: { nonconformities(tenantId: string, filter: { status: 'open' }): Promise<Nonconformity[]> };
  /** Every erasure request, newest first. */
  erasureRequests(tenantId: string): AsyncIterable<StoredErasureRequest>;
  ledger: LedgerReader;
  anchors?: Pick<LedgerAnchorStore, 'list'>;
}

/** A month's tenant-local days and its instants, in the zone of the agreement in force on its last day. */
export function reportMonth(tenantId: string, month: string, versions: readonly AgreementVersion[]) {
  const from = `${month}-01`;
  const to = lastDayOfMonth(month);
  const agreement = versionInForceOn(tenantId, versions, to);
  const timeZone = agreement.timeZone.value;
  return {
    from,
    to,
    agreement,
    timeZone,
    startsAt: new Date(startOfLocalDay(from, timeZone)).toISOString(),
    endsBefore: new Date(startOfLocalDay(addDays(to, 1), timeZone)).toISOString(),
  };
}

/** The counts of `GET .../agents?competence=...` over the active agents, QA coverage counted for `month`. */
function competenceOf(
  profiles: AgentProfile[],
  open: CompetenceViolation[],
  agreement: AgreementVersion,
  now: Date,
  month: string,
): ReportCompetence {
  const requirements = competenceRequirements(agreement.training);
  const counts = { active: 0, missingInduction: 0, expiring: 0, expired: 0, qaMet: 0, openViolations: open.length };
  for (const profile of profiles) {
    const matrix = competenceMatrix(profile, requirements, now, month);
    if (!matrix.active) continue;
    counts.active++;
    if (!matrix.inducted) counts.missingInduction++;
    if (matrix.expiring.length > 0) counts.expiring++;
    if (matrix.expired.length > 0) counts.expired++;
    if (matrix.qa.met) counts.qaMet++;
  }
  return counts;
}

/** Every control of `GET .../controls` (a control never evaluated has no data), switched on or off as now. */
function controlsOf(states: Map<string, ControlState>, disabled: Map<string, string>): ReportControl[] {
  return CONTROL_CATALOGUE.map((c) => {
    const state = states.get(c.controlId);
    return {
      controlId: c.controlId,
      clause: c.clause,
      requirement: c.requirement,
      severity: c.severity,
      enabled: !disabled.has(c.controlId),
      status: state?.status ?? 'no-data',
      since: state?.since ?? null,
    };
  });
}

function nonconformityOf(nc: Nonconformity, today: string): ReportNonconformity {
  return {
    nonconformityId: nc.nonconformityId,
    clause: nc.clause,
    grade: nc.grade,
    description: nc.description,
    openedAt: nc.openedAt,
    ...(nc.dueOn === undefined ? {} : { dueOn: nc.dueOn }),
    status: nc.status,
    overdue: isOverdue(nc, today),
    actions: nc.actions.map(({ actionId, description, ownerId, dueOn, status }) => ({
      actionId,
      description,
      ownerId,
      dueOn,
      status,
    })),
  };
}

/** The requests received in the month (newest first, as the route lists them), with whether each was on time. */
async function erasureRequestsOf(
  sources: MonthlyReportSources,
  tenantId: string,
  window: { startsAt: string; endsBefore: string },
  now: Date,
): Promise<ReportErasureRequest[]> {
  const found: ReportErasureRequest[] = [];
  for await (const r of sources.erasureRequests(tenantId)) {
    const at = new Date(r.receivedAt).toISOString();
    if (at < window.startsAt || at >= window.endsBefore) continue;
    found.push({
      requestId: r.requestId,
      receivedAt: r.receivedAt,
      status: r.status,
      onTime: answeredOnTime(r.dueBy, r.completedAt, now),
    });
  }
  return found;
}

/** The figures of `month` (`yyyy-mm`, tenant-local) for `tenantId`, generated at `now`. */
export async function monthlyReportFigures(
  sources: MonthlyReportSources,
  tenantId: string,
  month: string,
  now: Date,
): Promise<MonthlyReportFigures> {
  const versions = await sources.agreements.versions(tenantId);
  const period = reportMonth(tenantId, month, versions);
  const { from, to, timeZone } = period;
  const current = versionInForceAt(tenantId, versions, now);
  const today = localDate(now, current.timeZone.value);
  const ids = CONTROL_CATALOGUE.map((c) => c.controlId);
  const [monthly, daily, complaints, profiles, open, states, changes, nonconformities, erasures, verdict] =
    await Promise.all([
      sources.kpiReport({ tenantId, from, to, granularity: 'month' }),
      sources.kpiReport({ tenantId, from, to, granularity: 'day' }),
      complaintFiguresOf(sources, tenantId, { from, to }, versions, now),
      sources.agents.allProfiles(tenantId),
      sources.agents.tenantViolations(tenantId, 'open'),
      sources.controls.states(tenantId, ids),
      sources.controls.history(tenantId, { from: period.startsAt, to: period.endsBefore }),
      sources.quality.nonconformities(tenantId, { status: 'open' }),
      erasureRequestsOf(sources, tenantId, period, now),
      verifyLedger(sources.ledger, sources.anchors, tenantId),
    ]);
  const controls = controlsOf(states, disabledControls(CONTROL_CATALOGUE, current));
  return {
    tenantId,
    month,
    from,
    to,
    timeZone,
    language: period.agreement.language.value,
    generatedAt: now.toISOString(),
    kpis: { monthly, daily },
    complaints: complaints.figures,
    competence: competenceOf(profiles, open, current, now, month),
    dataProtection: {
      controls: controls.filter((c) => c.controlId.startsWith('DP-')),
      erasureRequests: erasures,
    },
    controls: {
      states: controls.filter((c) => c.enabled),
      changes: changes.map(({ controlId, from: was, to: became, at, nonconformityId }) => ({
        controlId,
        from: was,
        to: became,
        at,
        ...(nonconformityId === undefined ? {} : { nonconformityId }),
      })),
    },
    nonconformities: { open: nonconformities.map((nc) => nonconformityOf(nc, today)) },
    ledger: {
      valid: verdict.valid,
      entries: verdict.entries,
      ...(verdict.firstBrokenAt === undefined ? {} : { firstBrokenAt: verdict.firstBrokenAt }),
      ...(verdict.anchors.latestAnchoredAt === undefined ? {} : { anchoredAt: verdict.anchors.latestAnchoredAt }),
    },
  };
}
