/**
 * How a KPI value reads against its target (docs/kpis.md):
 * - `met`: the target is met with room to spare, more than the warning margin away from it;
 * - `at-risk`: the target is met, but the value is within the warning margin of it (for a `min` target of 0.80
 *   with a margin of 0.02, a service level from 0.80 up to, not including, 0.82; for a `max` target of 0.05, an
 *   abandonment rate above 0.03 up to 0.05);
 * - `missed`: the target is not met;
 * - `no-target`: the agreement in force sets no target for this KPI;
 * - `no-data`: there is a target but nothing to measure (the value is null: no contact in the denominator). This
 *   fifth state is an addition to the contract's four: reading "no contact" as met or missed would be false.
 */
import type { Direction } from './kpi-names.js';

export type KpiStatus = 'met' | 'at-risk' | 'missed' | 'no-target' | 'no-data';

export interface StatusTarget {
  target: number;
  direction: Direction;
  warningMargin: number;
}

/** Values closer than this count as equal: 0.8 + 0.02 must equal 0.82 whatever binary floating point says. */
const EPSILON = 1e-9;

export function kpiStatus(value: number | null, target: StatusTarget | undefined): KpiStatus {
  if (target === undefined) return 'no-target';
  if (value === null) return 'no-data';
  // Distance by which the target is beaten: positive is better, whatever the direction.
  const slack = target.direction === 'min' ? value - target.target : target.target - value;
  if (slack < -EPSILON) return 'missed';
  return slack < target.warningMargin - EPSILON ? 'at-risk' : 'met';
}
