import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_SEED, reservoirSample } from '../../../../../shared/domain/evidence/reservoir-sample.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('Reservoir sample', () => {
  it('draws the same records from the same seed, and min(size, population) of them in population order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: MAX_SEED }),
        async (population, size, seed) => {
          const a = await reservoirSample(range(population), size, seed);
          const b = await reservoirSample(range(population), size, seed);
          expect(a).toEqual(b);
          expect(a.population).toBe(population);
          expect(a.picked).toHaveLength(Math.min(size, population));
          const positions = a.picked.map((p) => p.position);
          expect(positions).toEqual([...new Set(positions)].sort((x, y) => x - y));
          for (const { position, record } of a.picked) expect(record).toBe(position - 1);
        },
      ),
    );
  });

  it('draws other records from another seed', async () => {
    const a = await reservoirSample(range(1000), 25, 1);
    const b = await reservoirSample(range(1000), 25, 2);
    expect(a.picked).not.toEqual(b.picked);
  });

  it('gives every record about the same chance (chi-square over 2,000 seeds)', async () => {
    const population = 50;
    const size = 5;
    const seeds = 2000;
    const hits = new Array<number>(population).fill(0);
    for (let seed = 0; seed < seeds; seed++)
      for (const { record } of (await reservoirSample(range(population), size, seed)).picked)
        hits[record] = (hits[record] ?? 0) + 1;
    const expected = (seeds * size) / population;
    const chiSquare = hits.reduce((sum, observed) => sum + (observed - expected) ** 2 / expected, 0);
    // 49 degrees of freedom: the 99.9th percentile is about 85.4.
    expect(chiSquare).toBeLessThan(85.4);
    // The last record of the stream is picked as often as the first ones (no bias to the reservoir's first fill).
    expect(hits[population - 1]).toBeGreaterThan(expected * 0.7);
  });
});
