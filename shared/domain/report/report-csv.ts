/**
 * The report's figures as CSV files, one per table, for a spreadsheet or a script: machine-readable values (ratios as
 * decimals, ISO dates and instants, API codes rather than words), whatever the report's language. Written with the
 * evidence pack's RFC 4180 writer (shared/domain/evidence/csv.ts).
 */
import { AGEING_BUCKETS } from '../complaint/complaint-figures.js';
import { type CsvValue, csvRow } from '../evidence/csv.js';
import { KPI_NAMES } from '../kpi/kpi-names.js';
import type { KpiReport, KpiSeriesEntry } from '../kpi/kpi-report-schema.js';
import type { MonthlyReportFigures, ReportControl } from './report-figures.js';

export interface ReportCsv {
  filename: string;
  content: string;
}

function csv(filename: string, header: readonly string[], rows: readonly (readonly CsvValue[])[]): ReportCsv {
  return { filename, content: [header, ...rows].map(csvRow).join('') };
}

const KPI_HEADER = [
  'period',
  'firstDay',
  'lastDay',
  'channel',
  'offered',
  'handled',
  'abandoned',
  'shortAbandoned',
  'callbackRequested',
  'outbound',
  ...KPI_NAMES,
  ...KPI_NAMES.flatMap((kpi) => [`${kpi}Target`, `${kpi}Direction`, `${kpi}Status`]),
  'agreementVersion',
];

function kpiRow(e: KpiSeriesEntry): CsvValue[] {
  return [
    e.period,
    e.firstDay,
    e.lastDay,
    e.channel,
    e.offered,
    e.handled,
    e.abandoned,
    e.shortAbandoned,
    e.callbackRequested,
    e.outbound,
    ...KPI_NAMES.map((kpi) => e[kpi]),
    ...KPI_NAMES.flatMap((kpi) => [e.targets[kpi]?.target, e.targets[kpi]?.direction, e.status[kpi]]),
    e.agreementVersion,
  ];
}

function kpis(filename: string, report: KpiReport): ReportCsv {
  return csv(filename, KPI_HEADER, report.series.map(kpiRow));
}

const CONTROL_HEADER = ['controlId', 'clause', 'requirement', 'severity', 'enabled', 'status', 'since'];

function controls(filename: string, list: ReportControl[]): ReportCsv {
  return csv(
    filename,
    CONTROL_HEADER,
    list.map((c) => [c.controlId, c.clause, c.requirement, c.severity, c.enabled, c.status, c.since]),
  );
}

function complaints({ complaints: c }: MonthlyReportFigures): ReportCsv[] {
  const summary: [string, CsvValue][] = [
    ['received', c.received],
    ['open', c.open],
    ['overdue', c.overdue],
    ['closed', c.closed],
    ['escalatedExternal', c.escalatedExternal],
    ['acknowledgedOnTime', c.acknowledgedOnTime.onTime],
    ['acknowledgedDue', c.acknowledgedOnTime.due],
    ['acknowledgedOnTimeShare', c.acknowledgedOnTime.share],
    ['resolvedOnTime', c.resolvedOnTime.onTime],
    ['resolvedDue', c.resolvedOnTime.due],
    ['resolvedOnTimeShare', c.resolvedOnTime.share],
    ['per1000Contacts', c.per1000Contacts],
  ];
  return [
    csv('complaints.csv', ['figure', 'value'], summary),
    csv(
      'complaint-ageing.csv',
      ['ageDays', 'open'],
      AGEING_BUCKETS.map((bucket) => [bucket, c.ageing[bucket]]),
    ),
    csv(
      'complaint-categories.csv',
      ['category', 'count', 'previous', 'previousFrom', 'previousTo'],
      c.topCategories.map((t) => [t.category, t.count, t.previous, c.previousPeriod.from, c.previousPeriod.to]),
    ),
  ];
}

function nonconformities({ nonconformities: { open } }: MonthlyReportFigures): ReportCsv[] {
  return [
    csv(
      'nonconformities.csv',
      ['nonconformityId', 'clause', 'grade', 'description', 'openedAt', 'dueOn', 'status', 'overdue'],
      open.map((nc) => [
        nc.nonconformityId,
        nc.clause,
        nc.grade,
        nc.description,
        nc.openedAt,
        nc.dueOn,
        nc.status,
        nc.overdue,
      ]),
    ),
    csv(
      'nonconformity-actions.csv',
      ['nonconformityId', 'actionId', 'description', 'ownerId', 'dueOn', 'status'],
      open.flatMap((nc) =>
        nc.actions.map((a) => [nc.nonconformityId, a.actionId, a.description, a.ownerId, a.dueOn, a.status]),
      ),
    ),
  ];
}

export function reportCsvFiles(figures: MonthlyReportFigures): ReportCsv[] {
  const { competence: k, ledger: l } = figures;
  return [
    kpis('kpis-monthly.csv', figures.kpis.monthly),
    kpis('kpis-daily.csv', figures.kpis.daily),
    ...complaints(figures),
    csv('competence.csv', ['figure', 'value'], Object.entries(k)),
    controls('data-protection-controls.csv', figures.dataProtection.controls),
    csv(
      'erasure-requests.csv',
      ['requestId', 'receivedAt', 'status', 'onTime'],
      figures.dataProtection.erasureRequests.map((r) => [r.requestId, r.receivedAt, r.status, r.onTime]),
    ),
    controls('controls.csv', figures.controls.states),
    csv(
      'control-changes.csv',
      ['at', 'controlId', 'from', 'to', 'nonconformityId'],
      figures.controls.changes.map((c) => [c.at, c.controlId, c.from, c.to, c.nonconformityId]),
    ),
    ...nonconformities(figures),
    csv(
      'ledger.csv',
      ['valid', 'entries', 'firstBrokenAt', 'anchoredAt'],
      [[l.valid, l.entries, l.firstBrokenAt, l.anchoredAt]],
    ),
  ];
}
