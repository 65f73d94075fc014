import { z } from 'zod';
import { Identifier } from '../../events/envelope.js';
import { Channel } from '../../events/telephony.js';
import { CalendarDate, Origin } from '../../shared/domain/agreement/agreement-schema.js';
import { daysBetween, isCalendarDate } from '../../shared/domain/calendar/calendar-date.js';
import { KPI_NAMES } from '../../shared/domain/kpi/kpi-names.js';
import { isWithinKpiDateWindow, KPI_DATE_WINDOW } from '../../shared/domain/kpi/kpi-periods.js';
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

const Status = z.enum(['met', 'at-risk', 'missed', 'no-target', 'no-data']).meta({
  description:
    '`met`; `at-risk`: met but within the warning margin of the target; `missed`; `no-target`: none agreed; ' +
    '`no-data`: a target but nothing to measure (null value)',
});
const Target = z.object({
  target: z.number(),
  direction: z.enum(['min', 'max']),
  warningMargin: z.number(),
  origin: Origin,
  queue: z.string().optional(),
});
const Ratio = z.number().min(0).max(1).nullable();
const Seconds = z.number().nonnegative().nullable();
const SourcedNumber = z.object({ value: z.number(), origin: Origin });

export const KpiSeriesEntry = z
  .object({
    period: z.string().meta({ description: '`YYYY-MM-DD`, `YYYY-MM` or `<from>/<to>` for the total' }),
    firstDay: z.string(),
    lastDay: z.string(),
    channel: Channel,
    queue: z.string().optional().meta({ description: 'Present only when filtered by queue' }),
    centerId: z.string().optional().meta({ description: 'Present only when filtered by centre' }),
    offered: z.number().int(),
    handled: z.number().int(),
    abandoned: z.number().int(),
    shortAbandoned: z.number().int(),
    callbackRequested: z.number().int(),
    outbound: z.number().int().meta({ description: 'Outbound contacts, outside every accessibility KPI' }),
    serviceLevel: Ratio,
    abandonmentRate: Ratio,
    averageSpeedOfAnswerSeconds: Seconds,
    averageHandleSeconds: Seconds,
    firstContactResolutionRate: Ratio,
    repeatContactResolutionRate: Ratio.meta({
      description: 'Handled contacts with no same-customer, same-reason contact within the repeat window',
    }),
    waitP90Seconds: Seconds,
    thresholds: z.object({ serviceLevelSeconds: SourcedNumber, shortAbandonSeconds: SourcedNumber }),
    targets: z.partialRecord(z.enum(KPI_NAMES), Target),
    status: z.record(z.enum(KPI_NAMES), Status),
    agreementVersion: z.number().int().meta({ description: "Version whose targets apply (the period's last day)" }),
  })
  .meta({ id: 'KpiSeriesEntry' });

export const KpiReport = z
  .object({
    tenantId: z.string(),
    timeZone: z.string(),
    from: z.string(),
    to: z.string(),
    granularity: z.enum(['day', 'month', 'total']),
    series: z.array(KpiSeriesEntry),
  })
  .meta({ id: 'KpiReport' });

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

export const IntervalReport = z
  .object({
    tenantId: z.string(),
    timeZone: z.string(),
    date: z.string(),
    channel: Channel.optional(),
    centerId: z.string().optional(),
    queue: z.string().optional(),
    agreementVersion: z.number().int(),
    intervals: z.array(
      z.object({
        start: z.string().meta({ description: 'Start of the quarter hour, with the offset then in force' }),
        localTime: z.string(),
        index: z.number().int().meta({ description: 'Quarter hours since local midnight (0–99)' }),
        channel: Channel,
        offered: z.number().int(),
        handled: z.number().int(),
        abandoned: z.number().int(),
        shortAbandoned: z.number().int(),
        serviceLevel: Ratio,
        abandonmentRate: Ratio,
        averageSpeedOfAnswerSeconds: Seconds,
        waitP90Seconds: Seconds,
      }),
    ),
  })
  .meta({ id: 'KpiIntervalReport' });

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
