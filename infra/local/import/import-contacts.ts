/**
 * The historical import as a library: reads JSON lines from any stream, translates each line, and records the
 * contacts through the same use case as the event handler (ContactRecorder), so an imported contact is stored and
 * counted exactly like a live one, and importing the same file twice changes nothing the second time.
 *
 * Memory stays bounded whatever the file size: lines are pulled one at a time (readline pauses the stream when its
 * buffer is full), and no new line is pulled while `concurrency` writes are in flight.
 */
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import pLimit from 'p-limit';
import type { EventPublisher } from '../../../shared/app/assemble-vendor-contact.js';
import { IMPORT_CONCURRENCY } from '../../../shared/app/budgets.js';
import { type ContactSink, recordingAvailableEvent } from '../../../shared/app/ingest-connect-ctr.js';
import type { VendorMapping } from '../../../shared/domain/vendor/vendor-mapping.js';
import { EMPTY_VENDOR_MAPPING } from '../../../shared/domain/vendor/vendor-mapping.js';
import { type ImportDefaults, type ImportFormat, lineTranslator, type TranslatedLine } from './line-translators.js';

export interface ImportProgress {
  /** Lines read so far, blank ones included (they keep line numbers right). */
  lines: number;
  imported: number;
  duplicates: number;
  skipped: number;
  rejected: number;
  /** `recording.available` events published for imported contacts with a call recording. */
  recordingsAnnounced: number;
  elapsedMs: number;
  linesPerSecond: number;
}

export interface ImportSummary extends ImportProgress {
  /** The first rejections (`maxReasons`), in line order; `rejected` is the total. */
  rejections: Array<{ line: number; reason: string }>;
  /** How many lines were skipped, by reason (tasks, transfer legs, self-service contacts). */
  skippedReasons: Record<string, number>;
}

export interface ImportOptions {
  input: Readable;
  format: ImportFormat;
  recorder: ContactSink;
  /**
   * Where the `recording.available` of contacts with a call recording go (the bus, after each contact is recorded);
   * without it, recordings are not announced.
   */
  publisher?: EventPublisher;
  mapping?: VendorMapping;
  defaults?: ImportDefaults;
  /** Writes in flight at once. Default {@link IMPORT_CONCURRENCY}. */
  concurrency?: number;
  maxReasons?: number;
  /** Called at most every `progressIntervalMs` (default 1 s) while the import runs. */
  onProgress?: (progress: ImportProgress) => void;
  progressIntervalMs?: number;
  now?: () => number;
}

/** Recording failed for a reason that is not the line's (the database is unreachable, throttling persisted). */
export class ImportAbortedError extends Error {
  override name = 'ImportAbortedError';
  constructor(
    readonly summary: ImportSummary,
    readonly line: number,
    override readonly cause: unknown,
  ) {
    super(`import stopped at line ${line}: ${(cause as Error)?.message ?? String(cause)}`);
  }
}

/** Errors about the item itself rather than the service: the line is rejected, the import goes on. */
const DATA_ERRORS = new Set(['ValidationException']);

/**
 * Imports every line of `options.input`; a bad line is counted and reported with its number, never fatal.
 *
 * @throws ImportAbortedError when recording fails for a reason that is not the line's (the summary so far is in it).
 */
export async function importContacts(options: ImportOptions): Promise<ImportSummary> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const limit = pLimit(Math.max(1, options.concurrency ?? IMPORT_CONCURRENCY));
  const maxReasons = options.maxReasons ?? 20;
  const translate = lineTranslator(options.format, options.mapping ?? EMPTY_VENDOR_MAPPING, options.defaults ?? {});
  const counts = { lines: 0, imported: 0, duplicates: 0, skipped: 0, rejected: 0, recordingsAnnounced: 0 };
  const rejections: ImportSummary['rejections'] = [];
  const skippedReasons: Record<string, number> = {};
  /** The writes not finished yet (at most `concurrency`), awaited before the summary. */
  const inFlight = new Set<Promise<void>>();
  let failure: { line: number; error: unknown } | undefined;
  let lastProgress = started;

  const snapshot = (): ImportProgress => {
    const elapsedMs = Math.max(1, now() - started);
    return { ...counts, elapsedMs, linesPerSecond: Math.round((counts.lines * 1000) / elapsedMs) };
  };
  const reject = (line: number, reason: string) => {
    counts.rejected += 1;
    if (rejections.length < maxReasons) rejections.push({ line, reason });
  };
  const record = async (line: number, placed: TranslatedLine & { kind: 'contact' }) => {
    try {
      if ((await options.recorder.record(placed.detail)) === 'applied') counts.imported += 1;
      else counts.duplicates += 1;
      // After the contact: ingestion takes the data subject from it. Again on a re-import: ingestion is idempotent.
      if (options.publisher === undefined || placed.recording === undefined) return;
      if (!placed.recording.ok) return reject(line, placed.recording.reason);
      await options.publisher.publish([recordingAvailableEvent(placed.recording.detail)]);
      counts.recordingsAnnounced += 1;
    } catch (error) {
      if (DATA_ERRORS.has((error as Error).name)) reject(line, `not stored: ${(error as Error).message}`);
      else failure ??= { line, error };
    }
  };

  const lines = createInterface({ input: options.input, crlfDelay: Number.POSITIVE_INFINITY });
  try {
    for await (const text of lines) {
      const line = ++counts.lines;
      if (text.trim() !== '') {
        const placed = translate(text);
        if (placed.kind === 'reject') reject(line, placed.reason);
        else if (placed.kind === 'skip') {
          counts.skipped += 1;
          skippedReasons[placed.reason] = (skippedReasons[placed.reason] ?? 0) + 1;
        } else {
          const task = limit(() => record(line, placed)).finally(() => inFlight.delete(task));
          inFlight.add(task);
          // Every slot taken: the next line is pulled once a write has finished (the no-op runs in the first free slot).
          if (limit.activeCount >= limit.concurrency) await limit(() => undefined);
        }
      }
      if (failure) break;
      if (options.onProgress && now() - lastProgress >= (options.progressIntervalMs ?? 1000)) {
        lastProgress = now();
        options.onProgress(snapshot());
      }
    }
  } finally {
    lines.close();
    await Promise.all(inFlight);
  }
  rejections.sort((a, b) => a.line - b.line);
  const summary: ImportSummary = { ...snapshot(), rejections, skippedReasons };
  if (failure) throw new ImportAbortedError(summary, failure.line, failure.error);
  return summary;
}
