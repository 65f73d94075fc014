import { describe, expect, it } from 'vitest';
import { kpiStatus } from '../../../../../shared/domain/kpi/kpi-status.js';

const serviceLevel = { target: 0.8, direction: 'min' as const, warningMargin: 0.02 };
const abandonment = { target: 0.05, direction: 'max' as const, warningMargin: 0.02 };

describe('Function: kpiStatus', () => {
  it.each([
    [0.9, 'met'],
    [0.82, 'met'],
    [0.8199, 'at-risk'],
    [0.8, 'at-risk'],
    [0.7999, 'missed'],
  ])('reads a service level of %s against ≥ 0.80 (margin 0.02) as %s', (value, status) => {
    expect(kpiStatus(value, serviceLevel)).toBe(status);
  });

  it.each([
    [0.01, 'met'],
    [0.03, 'met'],
    [0.031, 'at-risk'],
    [0.05, 'at-risk'],
    [0.0501, 'missed'],
  ])('reads an abandonment rate of %s against ≤ 0.05 (margin 0.02) as %s', (value, status) => {
    expect(kpiStatus(value, abandonment)).toBe(status);
  });

  it('treats 0.8 + 0.02 as 0.82 despite binary floating point', () => {
    expect(kpiStatus(41 / 50, serviceLevel)).toBe('met');
  });

  it('says no-target without a target and no-data when there is nothing to measure', () => {
    expect(kpiStatus(0.5, undefined)).toBe('no-target');
    expect(kpiStatus(null, undefined)).toBe('no-target');
    expect(kpiStatus(null, serviceLevel)).toBe('no-data');
  });
});
