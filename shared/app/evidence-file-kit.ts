/**
 * What every file of an evidence pack is made with: the file itself (its path, the query behind it, its lines), CSV
 * files over records read lazily or ahead, and seeded samples over a population read when the archive reaches them.
 */
import type { AgreementVersion } from '../domain/agreement/agreement-schema.js';
import { type CsvTable, csvLines } from '../domain/evidence/csv.js';
import { reservoirSample } from '../domain/evidence/reservoir-sample.js';
import type { AuditWindow } from './evidence-sources.js';
import type { Picked } from './evidence-tables.js';
/** One file of the pack. */
export interface PackFile {
  path: string;
  /** What was read, as the route (or the stored records) an auditor can ask for again. */
  query: string;
  /** `csv` files count their rows without the header. */
  format: 'csv' | 'jsonl' | 'json' | 'text';
  lines(): AsyncIterable<string>;
  /** Facts known once the content was produced (a sample's population), added to the file's manifest entry. */
  facts?(): Record<string, unknown>;
}

/** What the files are built from. */
export interface PackInput {
  window: AuditWindow;
  versions: AgreementVersion[];
  /** The ledger head the pack cites: ledger-derived files stop there. */
  headSequence: number;
  seed: number;
  sampleSize: number;
}

export function csvFile<T>(
  path: string,
  query: string,
  table: CsvTable<T>,
  records: () => AsyncIterable<T> | Iterable<T>,
): PackFile {
  return { path, query, format: 'csv', lines: () => csvLines(table, records()) };
}

/** Awaits a list lazily, when the archive reaches the file that needs it. */
export async function* each<T>(list: () => Promise<readonly T[]>): AsyncGenerator<T> {
  yield* await list();
}

/**
 * Loads once, and starts loading at once: the reads of the files further down the archive overlap with the
 * compression and upload of the ones before. A failure reaches the file that awaits it (not an unhandled rejection).
 */
export function prefetched<T>(load: () => Promise<T>): () => Promise<T> {
  const loaded = load();
  loaded.catch(() => undefined);
  return () => loaded;
}

/** Contacts days read this far ahead of the one being sampled, in order. */
export const DAYS_AHEAD = 4;

/** `read(key)` for each key in order, up to `ahead` keys read in advance (each one whole). */
export async function* readAhead<T>(keys: readonly string[], read: (key: string) => AsyncIterable<T>, ahead: number) {
  const whole = async (key: string) => {
    const records: T[] = [];
    for await (const record of read(key)) records.push(record);
    return records;
  };
  const pending: Promise<T[]>[] = [];
  let next = 0;
  const fill = () => {
    while (next < keys.length && pending.length < ahead) {
      const batch = whole(keys[next++] as string);
      batch.catch(() => undefined);
      pending.push(batch);
    }
  };
  fill();
  while (pending.length > 0) {
    const batch = await (pending.shift() as Promise<T[]>);
    fill();
    yield* batch;
  }
}

/** A source the product does not keep yet: the file is left out and the manifest says why. */
export interface MissingFile {
  path: string;
  reason: string;
}

/** A sample file: the population is read when the archive reaches the file; its size goes to the manifest. */
export function sampleFile<T>(
  path: string,
  population: string,
  table: CsvTable<Picked<T>>,
  records: () => AsyncIterable<T>,
  input: PackInput,
): PackFile {
  let size: number | undefined;
  return {
    path,
    query: `${input.sampleSize} records (or all, when fewer) drawn by reservoir sampling with seed ${input.seed} from ${population}`,
    format: 'csv',
    lines: async function* () {
      const sample = await reservoirSample(records(), input.sampleSize, input.seed);
      size = sample.population;
      yield* csvLines(table, sample.picked);
    },
    facts: () => ({ seed: input.seed, sampleSize: input.sampleSize, population: size }),
  };
}
