/** Facts and contexts the catalogue's tests build their controls' inputs from. */

import type { ControlState } from '../../../../../shared/app/control-state.js';
import type { ControlContext, ControlFacts } from '../../../../../shared/app/controls/control-definition.js';
import type { AgreementVersion } from '../../../../../shared/domain/agreement/agreement-schema.js';
import { defaultAgreementVersion } from '../../../../../shared/domain/agreement/default-agreement.js';
import type { KpiName } from '../../../../../shared/domain/kpi/kpi-names.js';
import type { KpiSeriesEntry } from '../../../../../shared/domain/kpi/kpi-report-schema.js';

/** 11:00 in Paris, the default agreement's zone: "today" is 2026-11-20. */
export const NOW = new Date('2026-11-20T10:00:00.000Z');
export const TODAY = '2026-11-20';
export const TENANT = 'tenant-a';

export function context(over: Partial<ControlContext> = {}): ControlContext {
  const agreement = over.agreement ?? defaultAgreementVersion(TENANT);
  return { tenantId: TENANT, now: NOW, agreement, versions: [agreement], previous: undefined, ...over };
}

/** The default agreement with its certification terms changed. */
export function withCertification(over: Partial<AgreementVersion['certification']>): AgreementVersion {
  const base = defaultAgreementVersion(TENANT);
  return { ...base, certification: { ...base.certification, ...over } };
}

export function previousState(status: ControlState['status'], detail: Record<string, unknown> = {}): ControlState {
  return { tenantId: TENANT, controlId: 'X', clause: 'x', status, since: '2026-11-01T00:00:00.000Z', detail };
}

type Status = KpiSeriesEntry['status'][KpiName];

/** One channel's month (or day) with `kpi` at `value`, its target, and the status the aggregates gave. */
export function kpiEntry(
  channel: KpiSeriesEntry['channel'],
  kpi: KpiName,
  value: number | null,
  status: Status,
  period = '2026-11',
  target: { target: number; direction: 'min' | 'max' } | null = { target: 0.8, direction: 'min' },
): KpiSeriesEntry {
  const firstDay = period.length === 7 ? `${period}-01` : period;
  return {
    period,
    firstDay,
    lastDay: period.length === 7 ? TODAY : period,
    channel,
    offered: 100,
    handled: 90,
    abandoned: 10,
    shortAbandoned: 1,
    callbackRequested: 0,
    outbound: 0,
    serviceLevel: null,
    abandonmentRate: null,
    averageSpeedOfAnswerSeconds: null,
    averageHandleSeconds: null,
    firstContactResolutionRate: null,
    repeatContactResolutionRate: null,
    waitP90Seconds: null,
    [kpi]: value,
    thresholds: {
      serviceLevelSeconds: { value: 20, origin: 'internal' },
      shortAbandonSeconds: { value: 5, origin: 'internal' },
    },
    targets: target === null ? {} : { [kpi]: { ...target, warningMargin: 0.02, origin: 'contract' } },
    status: { [kpi]: target === null ? 'no-target' : status } as KpiSeriesEntry['status'],
    agreementVersion: 1,
  };
}

export function kpiFacts(
  monthToDate: KpiSeriesEntry[],
  days: KpiSeriesEntry[] = [],
  previous: KpiSeriesEntry[] = [],
): Pick<ControlFacts, 'kpis'> {
  return { kpis: { month: '2026-11', monthToDate, days, previousMonth: '2026-10', previous } };
}
