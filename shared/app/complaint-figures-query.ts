/**
 * The use case "complaint figures of a period" (`GET .../complaint-figures`), shared by the route and the monthly
 * report (shared/app/monthly-report-figures.ts) so that both give the same numbers for the same period.
 */
import type { AgreementVersion } from '../domain/agreement/agreement-schema.js';
import { versionInForceOn } from '../domain/agreement/agreement-versions.js';
import { addDays, daysBetween } from '../domain/calendar/calendar-date.js';
import { startOfLocalDay } from '../domain/calendar/zoned-time.js';
import { type ComplaintFigures, complaintFigures } from '../domain/complaint/complaint-figures.js';
import type { AssessedComplaint } from '../domain/complaint/complaint-state.js';
import type { DayAggregate } from '../domain/kpi/kpi-series.js';
import { assessedAt, type StoredComplaint } from './complaint-register.js';
import type { AggregateFilter } from './kpi-query.js';

/** Port: the register's complaints of a lifecycle; `from` bounds closed ones by resolution. */
export interface ComplaintFigureSources {
  complaints: { all(tenantId: string, lifecycle: 'open' | 'closed', from?: string): AsyncIterable<StoredComplaint> };
  kpis: { days(tenantId: string, from: string, to: string, filter: AggregateFilter): Promise<DayAggregate[]> };
}

export interface ComplaintFiguresAnswer {
  from: string;
  to: string;
  /** Contacts offered over the period from the KPI aggregates; null when none were recorded. */
  contacts: number | null;
  figures: ComplaintFigures;
}

async function contactsOffered(sources: ComplaintFigureSources, tenantId: string, from: string, to: string) {
  const days = await sources.kpis.days(tenantId, from, to, {});
  return days.length === 0 ? null : days.reduce((sum, d) => sum + d.counters.offered, 0);
}

/**
 * The complaints the figures of `from`…`to` need: those received in it or in the previous period of equal length,
 * and those open now (their ageing). A closed complaint was resolved after its receipt, so the closed ones are read
 * from the previous period's first instant on.
 */
async function complaintsFor(
  sources: ComplaintFigureSources,
  tenantId: string,
  since: number,
  versions: AgreementVersion[],
  now: Date,
) {
  const found: AssessedComplaint[] = [];
  const current = ({ record }: StoredComplaint) =>
    assessedAt(record.tenantId, record.timeline, record.complaintId, versions, now).complaint;
  for await (const stored of sources.complaints.all(tenantId, 'open')) found.push(current(stored));
  for await (const stored of sources.complaints.all(tenantId, 'closed', new Date(since).toISOString()))
    found.push(current(stored));
  return found;
}

/** The figures of tenant-local days `from`…`to`, in the zone of the agreement in force on `to`, as of `now`. */
export async function complaintFiguresOf(
  sources: ComplaintFigureSources,
  tenantId: string,
  period: { from: string; to: string },
  versions: AgreementVersion[],
  now: Date,
): Promise<ComplaintFiguresAnswer> {
  const { from, to } = period;
  const timeZone = versionInForceOn(tenantId, versions, to).timeZone.value;
  const previousFrom = addDays(from, -(daysBetween(from, to) + 1));
  const [complaints, contacts] = await Promise.all([
    complaintsFor(sources, tenantId, startOfLocalDay(previousFrom, timeZone), versions, now),
    contactsOffered(sources, tenantId, from, to),
  ]);
  return { from, to, contacts, figures: complaintFigures({ complaints, from, to, contacts, now, timeZone }) };
}
