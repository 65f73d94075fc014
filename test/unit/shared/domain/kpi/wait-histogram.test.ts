import { describe, expect, it } from 'vitest';
import {
  abandonedBucket,
  countAbandonedBelow,
  countHandledWithin,
  handledBucket,
  handledWaitPercentile,
  WAIT_BOUNDARIES,
  type WaitHistogram,
} from '../../../../../shared/domain/kpi/wait-histogram.js';
import { seeded } from '../../../../support/seeded-random.js';

function handled(waits: number[]): WaitHistogram {
  const h: WaitHistogram = new Map();
  for (const w of waits) h.set(handledBucket(w), (h.get(handledBucket(w)) ?? 0) + 1);
  return h;
}

function abandoned(waits: number[]): WaitHistogram {
  const h: WaitHistogram = new Map();
  for (const w of waits) h.set(abandonedBucket(w), (h.get(abandonedBucket(w)) ?? 0) + 1);
  return h;
}

function exactPercentile(waits: number[], p: number): number {
  const sorted = [...waits].sort((a, b) => a - b);
  return sorted[Math.ceil(p * sorted.length) - 1] as number;
}

describe('Function: wait histograms', () => {
  it('has fine buckets: every second to 2 min, then 10 s, 1 min, 5 min, 15 min, 1 h up to 7 days', () => {
    expect(WAIT_BOUNDARIES.slice(0, 3)).toEqual([0, 1, 2]);
    expect(WAIT_BOUNDARIES).toContain(120);
    expect(WAIT_BOUNDARIES).toContain(130);
    expect(WAIT_BOUNDARIES).toContain(86_400);
    expect(WAIT_BOUNDARIES.at(-1)).toBe(604_800);
    for (let i = 1; i < WAIT_BOUNDARIES.length; i++) {
      const lo = WAIT_BOUNDARIES[i - 1] as number;
      const width = (WAIT_BOUNDARIES[i] as number) - lo;
      expect(width <= 1 || width / 2 <= 0.05 * lo).toBe(true);
    }
  });

  it('counts handled waits up to and including a threshold on a boundary, exactly', () => {
    const h = handled([0, 0.4, 19, 19.5, 20, 20.001, 21, 300, 1_000_000]);
    expect(countHandledWithin(h, 20)).toBe(5);
    expect(countHandledWithin(h, 0)).toBe(1);
    expect(countHandledWithin(h, 86_400)).toBe(8);
  });

  it('counts abandoned waits strictly below a threshold on a boundary, exactly', () => {
    const a = abandoned([0, 4.999, 5, 5.5, 10, 700_000]);
    expect(countAbandonedBelow(a, 5)).toBe(2);
    expect(countAbandonedBelow(a, 6)).toBe(4);
    expect(countAbandonedBelow(a, 0)).toBe(0);
  });

  it('shares the bucket a threshold falls inside in proportion', () => {
    // 10 waits spread over the 10-second bucket (120, 130]; a 125 s threshold takes half of it
    const h = handled([121, 122, 123, 124, 125, 126, 127, 128, 129, 130]);
    expect(countHandledWithin(h, 125)).toBe(5);
  });

  it('gives the 90th percentile within 1 s or 5 %, whichever is larger, over waits from 0 s to a week', () => {
    const next = seeded(18_295);
    for (const scale of [30, 200, 1_500, 20_000, 200_000, 600_000]) {
      // Prepare: log-normal-ish waits, rounded to the millisecond as timestamps are
      const waits = Array.from({ length: 1_000 }, () => Math.round(scale * next() ** 2 * 1000) / 1000);

      // Act
      const approx = handledWaitPercentile(handled(waits), 0.9) as number;

      // Assess
      const exact = exactPercentile(waits, 0.9);
      expect(Math.abs(approx - exact)).toBeLessThanOrEqual(Math.max(1, 0.05 * exact));
    }
  });

  it('is exact for whole-second waits under two minutes', () => {
    expect(handledWaitPercentile(handled([1, 2, 3, 4, 5, 6, 7, 8, 9, 17]), 0.9)).toBe(9);
    expect(handledWaitPercentile(handled([0, 0, 0]), 0.9)).toBe(0);
    expect(handledWaitPercentile(new Map(), 0.9)).toBeNull();
  });
});
