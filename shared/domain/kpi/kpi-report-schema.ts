/**
 * The answers of the KPI routes (docs/api.md), as zod schemas: the OpenAPI document is generated from them and
 * their inferred types are what `buildKpiSeries`, `buildIntervalSeries` and `KpiQuery` return, so a field added in
 * code and not here fails to compile rather than drifting from the document.
 */
import { z } from 'zod';
import { Channel } from '../../../events/telephony.js';
import { Origin } from '../agreement/agreement-schema.js';
import { KPI_NAMES } from './kpi-names.js';

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
  // Present when the target is the queue's own rather than its channel's.
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
export type KpiSeriesEntry = z.output<typeof KpiSeriesEntry>;

/** The answer of `GET /v1/tenants/{tenantId}/kpis`. */
export const KpiReport = z
  .object({
    tenantId: z.string(),
    // The zone of the agreement in force on `to`: the days of the series are its calendar days.
    timeZone: z.string(),
    from: z.string(),
    to: z.string(),
    granularity: z.enum(['day', 'month', 'total']),
    series: z.array(KpiSeriesEntry),
  })
  .meta({ id: 'KpiReport' });
export type KpiReport = z.output<typeof KpiReport>;

export const IntervalEntry = z.object({
  start: z.string().meta({ description: 'Start of the quarter hour, with the offset then in force' }),
  // Wall-clock `HH:MM`; appears twice on the night clocks go back, `start` tells the two apart.
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
});
export type IntervalEntry = z.output<typeof IntervalEntry>;

/** The answer of `GET /v1/tenants/{tenantId}/kpis/intervals`. */
export const IntervalReport = z
  .object({
    tenantId: z.string(),
    timeZone: z.string(),
    date: z.string(),
    channel: Channel.optional(),
    centerId: z.string().optional(),
    queue: z.string().optional(),
    agreementVersion: z.number().int(),
    intervals: z.array(IntervalEntry),
  })
  .meta({ id: 'KpiIntervalReport' });
export type IntervalReport = z.output<typeof IntervalReport>;
