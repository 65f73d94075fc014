/**
 * Reproducible auditor samples: reservoir sampling (Vitter's algorithm R) driven by a seeded PRNG, so that one pass
 * over a population in a stable order picks `size` records uniformly, keeping only `size` of them in memory, and the
 * same seed over the same population picks the same records again, whoever runs it.
 */
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** Seeds are unsigned 32-bit integers: what `xoroshiro128plus` takes, and short enough to read out to an auditor. */
export const MAX_SEED = 0xffff_ffff;

export interface Sample<T> {
  /** The picked records, in population order (with their 1-based position in it). */
  picked: Array<{ position: number; record: T }>;
  /** How many records the population held. */
  population: number;
}

/**
 * Picks min(`size`, population) records of `population`. Each sample starts its own generator from `seed`, so a
 * sample does not depend on what other samples of the same pack drew before it.
 */
export async function reservoirSample<T>(
  population: AsyncIterable<T> | Iterable<T>,
  size: number,
  seed: number,
): Promise<Sample<T>> {
  const rng = xoroshiro128plus(seed);
  const reservoir: Array<{ position: number; record: T }> = [];
  let seen = 0;
  for await (const record of population) {
    seen++;
    if (reservoir.length < size) reservoir.push({ position: seen, record });
    else {
      const slot = uniformInt(rng, 0, seen - 1);
      if (slot < size) reservoir[slot] = { position: seen, record };
    }
  }
  return { picked: reservoir.sort((a, b) => a.position - b.position), population: seen };
}
