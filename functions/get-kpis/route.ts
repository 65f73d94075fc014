import { z } from 'zod';
import { Identifier } from '../../events/envelope.js';
import { Channel } from '../../events/telephony.js';
import { CalendarDate } from '../../shared/domain/agreement/agreement-schema.js';
import { daysBetween, isCalendarDate } from '../../shared/domain/calendar/calendar-date.js';
import { isWithinKpiDateWindow, KPI_DATE_WINDOW } from '../../shared/domain/kpi/kpi-periods.js';
import { IntervalReport, KpiReport } from '../../shared/domain/kpi/kpi-report-schema.js';
import { defineRoute } from '../../shared/http/api-route.js';
import { TenantPath } from '../../shared/http/common-schemas.js';

/** The longest range one request may ask for, in days (a leap year). */
export const MAX_RANGE_DAYS = 366;

const common = {
  function: 'get-kpis',
  tags: ['kpis'],
  authorization: 'jwt' as const,
  roles: ['compliance-officer', 'client-manager', 'auditor'] as const,
};

const WINDOW_TEXT = `between ${KPI_DATE_WINDOW.first} and ${KPI_DATE_WINDOW.last}`;

/** A tenant-local calendar day within the window KPIs can be asked for. */
const KpiDate = (description: string) =>
  CalendarDate.refine(isWithinKpiDateWindow, `must lie ${WINDOW_TEXT}`).meta({
    description: `${description}, ${WINDOW_TEXT}`,
  });

const Filters = {
  channel: Channel.optional(),
  centerId: Identifier.optional().meta({ description: 'Only this centre (site)' }),
  queue: z.string().min(1).max(128).optional().meta({ description: 'Only this queue; its own targets apply' }),
};

export const KpiQueryParameters = z
  .strictObject({
    from: KpiDate('First tenant-local day, included'),
    to: KpiDate('Last tenant-local day, included'),
    granularity: z.enum(['day', 'month', 'total']).default('day'),
    ...Filters,
  })
  .superRefine((q, ctx) => {
    if (!isCalendarDate(q.from) || !isCalendarDate(q.to)) return;
    if (q.from > q.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must not be before from' });
    else if (daysBetween(q.from, q.to) + 1 > MAX_RANGE_DAYS)
      ctx.addIssue({ code: 'custom', path: ['to'], message: `a range spans at most ${MAX_RANGE_DAYS} days` });
  });

export const getKpisRoute = defineRoute({
  ...common,
  method: 'GET',
  path: '/v1/tenants/{tenantId}/kpis',
  operationId: 'getKpis',
  summary: 'KPIs per period and channel, with targets and status',
  description:
    'docs/kpis.md KPIs over tenant-local days `from`…`to` (at most 366), per day, month or in total. Each day ' +
    'is counted with the thresholds of the agreement in force that day; targets and status are those in force on ' +
    "the period's last day. A ratio with a zero denominator is null.",
  request: { path: TenantPath, query: KpiQueryParameters },
  responses: { 200: { description: 'The series', schema: KpiReport } },
  example: { query: { from: '2026-11-01', to: '2026-11-30', granularity: 'month', channel: 'voice' } },
});

export const getKpiIntervalsRoute = defineRoute({
  ...common,
  method: 'GET',
  path: '/v1/tenants/{tenantId}/kpis/intervals',
  operationId: 'getKpiIntervals',
  summary: 'Quarter-hour counts and waits of one day (intraday view)',
  description: 'Quarter hours with contacts, in time order; a day has 92 to 100 of them around clock changes.',
  request: { path: TenantPath, query: z.strictObject({ date: KpiDate('The tenant-local day'), ...Filters }) },
  responses: { 200: { description: 'The intervals', schema: IntervalReport } },
  example: { query: { date: '2026-11-02', channel: 'voice' } },
});
