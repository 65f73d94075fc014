/**
 * Wait-time histograms. Aggregates keep how many contacts waited how long, in fine buckets, instead of counts
 * against today's thresholds: KPIs for any day can then be computed with the thresholds of the agreement in force
 * that day, and a changed threshold never needs a recount.
 *
 * Bucket boundaries (seconds): every second up to 2 min, 10 s to 10 min, 1 min to 1 h, 5 min to 3 h, 15 min to
 * 24 h, 1 h to 7 days, then one overflow bucket. Counts against a threshold that is a boundary are exact; a
 * percentile is within 1 s below 2 min and within 5 % above (the half-width of a bucket never exceeds 5 % of its
 * lower bound).
 *
 * The two histograms are cut differently on purpose. Service level counts waits `≤ serviceLevelSeconds`, so
 * handled waits go in buckets closed above, `(b[i-1], b[i]]`; short abandons count waits `< shortAbandonSeconds`,
 * so abandoned waits go in buckets closed below, `[b[i], b[i+1])`. A wait of exactly 20 s is then within a 20 s
 * service level and not a short abandon under a 20 s threshold, as the formulas say.
 */
function range(from: number, to: number, step: number): number[] {
  return Array.from({ length: Math.round((to - from) / step) }, (_, i) => from + (i + 1) * step);
}

/** Boundaries b[0] = 0 < b[1] < … (seconds). */
export const WAIT_BOUNDARIES: readonly number[] = [
  0,
  ...range(0, 120, 1),
  ...range(120, 600, 10),
  ...range(600, 3_600, 60),
  ...range(3_600, 10_800, 300),
  ...range(10_800, 86_400, 900),
  ...range(86_400, 7 * 86_400, 3_600),
];

const LAST = WAIT_BOUNDARIES.length - 1;

/** Bucket index → contacts. Sparse: a bucket nobody fell in is absent. */
export type WaitHistogram = Map<number, number>;

/** The first boundary index i with `seconds ≤ b[i]`, or LAST + 1 when above every boundary. */
function firstBoundaryAtLeast(seconds: number): number {
  let lo = 0;
  let hi = LAST + 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (seconds <= (WAIT_BOUNDARIES[mid] as number)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Bucket of a handled contact's wait: 0 holds exactly 0 s, i holds `(b[i-1], b[i]]`, LAST + 1 the overflow. */
export function handledBucket(waitSeconds: number): number {
  return firstBoundaryAtLeast(Math.max(0, waitSeconds));
}

/** Bucket of an abandoned contact's wait: i holds `[b[i], b[i+1])`, LAST holds everything from b[LAST]. */
export function abandonedBucket(waitSeconds: number): number {
  const wait = Math.max(0, waitSeconds);
  const i = firstBoundaryAtLeast(wait);
  return i <= LAST && WAIT_BOUNDARIES[i] === wait ? i : i - 1;
}

/** Adds `b` into `a` (both sparse). */
export function mergeHistogram(a: WaitHistogram, b: ReadonlyMap<number, number>): WaitHistogram {
  for (const [bucket, count] of b) a.set(bucket, (a.get(bucket) ?? 0) + count);
  return a;
}

function total(histogram: ReadonlyMap<number, number>): number {
  let sum = 0;
  for (const count of histogram.values()) sum += count;
  return sum;
}

/**
 * Handled contacts that waited at most `seconds`. Exact when `seconds` is a boundary; otherwise the bucket holding
 * it is shared in proportion (waits spread evenly inside a bucket), rounded to a whole contact.
 */
export function countHandledWithin(histogram: ReadonlyMap<number, number>, seconds: number): number {
  const k = firstBoundaryAtLeast(seconds);
  let count = 0;
  let partial = 0;
  for (const [bucket, n] of histogram) {
    if (bucket < k || (bucket === k && WAIT_BOUNDARIES[k] === seconds)) count += n;
    else if (bucket === k && k > 0 && k <= LAST) {
      const lo = WAIT_BOUNDARIES[k - 1] as number;
      partial += (n * (seconds - lo)) / ((WAIT_BOUNDARIES[k] as number) - lo);
    }
  }
  return count + Math.round(partial);
}

/** Abandoned contacts that waited less than `seconds`; exact when `seconds` is a boundary, as above otherwise. */
export function countAbandonedBelow(histogram: ReadonlyMap<number, number>, seconds: number): number {
  const k = abandonedBucket(seconds);
  const onBoundary = WAIT_BOUNDARIES[k] === seconds;
  let count = 0;
  let partial = 0;
  for (const [bucket, n] of histogram) {
    if (bucket < k) count += n;
    else if (bucket === k && !onBoundary && k < LAST) {
      const lo = WAIT_BOUNDARIES[k] as number;
      partial += (n * (seconds - lo)) / ((WAIT_BOUNDARIES[k + 1] as number) - lo);
    }
  }
  return count + Math.round(partial);
}

/**
 * The p-th percentile (0 < p ≤ 1, nearest rank) of handled waits, or null with no handled contact. Reported as the
 * bucket's upper bound for one-second buckets (exact for whole-second waits) and its middle for wider ones; the
 * overflow bucket reports its lower bound (7 days), a floor.
 */
export function handledWaitPercentile(histogram: ReadonlyMap<number, number>, p: number): number | null {
  const n = total(histogram);
  if (n === 0) return null;
  const rank = Math.max(1, Math.ceil(p * n));
  let seen = 0;
  for (const bucket of [...histogram.keys()].sort((a, b) => a - b)) {
    seen += histogram.get(bucket) as number;
    if (seen < rank) continue;
    if (bucket === 0) return 0;
    if (bucket > LAST) return WAIT_BOUNDARIES[LAST] as number;
    const lo = WAIT_BOUNDARIES[bucket - 1] as number;
    const hi = WAIT_BOUNDARIES[bucket] as number;
    return hi - lo <= 1 ? hi : (lo + hi) / 2;
  }
  return null;
}
