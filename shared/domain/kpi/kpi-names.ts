/**
 * The KPIs the API reports (docs/kpis.md), under their API field names, with the unit a target is written in
 * and the direction that is better. `repeatContactResolutionRate` is this product's addition: first-contact
 * resolution measured by the repeat-contact method (the control P1-CX-FCR of ISO 18295-1; docs/kpis.md).
 */
export const KPI_NAMES = [
  'serviceLevel',
  'abandonmentRate',
  'averageSpeedOfAnswerSeconds',
  'averageHandleSeconds',
  'firstContactResolutionRate',
  'repeatContactResolutionRate',
  'waitP90Seconds',
] as const;

export type KpiName = (typeof KPI_NAMES)[number];

/** `min`: the value must be at least the target; `max`: at most. */
export type Direction = 'min' | 'max';

/** `ratio` KPIs are shares between 0 and 1; the others are durations in seconds. */
export type KpiUnit = 'ratio' | 'seconds';

export const KPI_UNITS: Readonly<Record<KpiName, KpiUnit>> = {
  serviceLevel: 'ratio',
  abandonmentRate: 'ratio',
  averageSpeedOfAnswerSeconds: 'seconds',
  averageHandleSeconds: 'seconds',
  firstContactResolutionRate: 'ratio',
  repeatContactResolutionRate: 'ratio',
  waitP90Seconds: 'seconds',
};
