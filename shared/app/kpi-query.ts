/**
 * The use case "KPIs of a tenant": reads the day (or quarter-hour) aggregates and the agreement versions, and
 * hands both to the domain. It never reads a contact: the cost follows the range and the dimensions, not the volume.
 */

import type { Channel } from '../../events/telephony.js';
import type { AgreementVersion } from '../domain/agreement/agreement-schema.js';
import { versionInForceOn } from '../domain/agreement/agreement-versions.js';
import type { IntervalAggregate } from '../domain/kpi/kpi-intervals.js';
import { buildIntervalSeries } from '../domain/kpi/kpi-intervals.js';
import type { IntervalReport, KpiReport } from '../domain/kpi/kpi-report-schema.js';
import type { DayAggregate } from '../domain/kpi/kpi-series.js';
import { buildKpiSeries, type KpiSeriesRequest } from '../domain/kpi/kpi-series.js';

/** Port: the stored versions of a tenant's agreement (the default is not stored; it applies before them). */
export interface AgreementReader {
  versions(tenantId: string): Promise<AgreementVersion[]>;
}

/** Optional filters of a KPI read. */
export interface AggregateFilter {
  channel?: Channel;
  centerId?: string;
  queue?: string;
}

/** Port: the aggregates a KPI query reads. */
export interface KpiAggregateReader {
  days(tenantId: string, from: string, to: string, filter: AggregateFilter): Promise<DayAggregate[]>;
  intervals(tenantId: string, date: string, filter: AggregateFilter): Promise<IntervalAggregate[]>;
}

/** Answers as the KPI routes' response schemas (`kpi-report-schema.ts`) define them. */
export class KpiQuery {
  constructor(
    private readonly aggregates: KpiAggregateReader,
    private readonly agreements: AgreementReader,
  ) {}

  async report(request: KpiSeriesRequest): Promise<KpiReport> {
    const filter: AggregateFilter = { channel: request.channel, centerId: request.centerId, queue: request.queue };
    const [days, versions] = await Promise.all([
      this.aggregates.days(request.tenantId, request.from, request.to, filter),
      this.agreements.versions(request.tenantId),
    ]);
    return {
      tenantId: request.tenantId,
      timeZone: versionInForceOn(request.tenantId, versions, request.to).timeZone.value,
      from: request.from,
      to: request.to,
      granularity: request.granularity,
      series: buildKpiSeries(request, days, versions),
    };
  }

  async intervals(tenantId: string, date: string, filter: AggregateFilter): Promise<IntervalReport> {
    const [aggregates, versions] = await Promise.all([
      this.aggregates.intervals(tenantId, date, filter),
      this.agreements.versions(tenantId),
    ]);
    const version = versionInForceOn(tenantId, versions, date);
    return {
      tenantId,
      timeZone: version.timeZone.value,
      date,
      ...Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)),
      agreementVersion: version.version,
      intervals: buildIntervalSeries(date, aggregates, version),
    };
  }
}
