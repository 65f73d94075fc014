import { randomUUID } from 'node:crypto';
import { appendFile, chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { EventBridgeEvent } from '../../../events/envelope.js';
import { type BusLogger, silentLogger } from './logger.js';
import { rawDetailOf, withRawDetail } from './put-events.js';

/** Dead letters hold whole events, personal data included: only the owner may read them. */
const FILE_MODE = 0o600;
const DIRECTORY_MODE = 0o700;

/**
 * A delivery that failed every attempt: the event, the rule and target it was meant for, and why it failed.
 *
 * @example
 * { "id": "6f1c…", "ruleName": "ContactCompletedToRecordContact", "targetName": "record-contact-completed",
 *   "event": { "version": "0", "id": "…", "source": "ccc.telephony", … }, "error": "Table not found",
 *   "attempts": 4, "failedAt": "2025-03-01T10:00:00.000Z" }
 */
export const DeadLetter = z.object({
  id: z.string(),
  ruleName: z.string(),
  targetName: z.string(),
  event: z.custom<EventBridgeEvent>((value) => value !== null && typeof value === 'object' && !Array.isArray(value)),
  error: z.string(),
  attempts: z.number().int().nonnegative(),
  failedAt: z.string(),
  /**
   * The `Detail` of the `PutEvents` entry, byte for byte; when present, a redrive delivers the event parsed from it
   * again, not the `event.detail` this file holds (which JSON cannot always hold exactly).
   */
  rawDetail: z.string().optional(),
});
export type DeadLetter = z.infer<typeof DeadLetter>;

/** A dead letter before the store gives it its id. */
export type NewDeadLetter = Omit<DeadLetter, 'id'>;

type Line = { deadLetter: DeadLetter; raw: string } | { deadLetter: undefined; raw: string };

/**
 * Dead letters in a JSON-lines file, one per line, so that they survive a restart and can be read with `jq`.
 * Operations are serialised: an append never interleaves with the rewrite that removes redriven entries.
 * A line that cannot be read (a torn write) is reported and kept as it is, never dropped.
 */
export class DeadLetterStore {
  private tail: Promise<unknown> = Promise.resolve();

  private constructor(
    /** The JSON-lines file. */
    readonly file: string,
    private readonly logger: BusLogger,
  ) {}

  /**
   * Opens (and creates the directory of) the store; the file itself appears with the first dead letter. The
   * directory, the store's own, is made owner-only (0700) and an existing file owner-only (0600), also when an
   * older version left them readable by others. A directory we do not own (`/tmp`) is left as it is.
   */
  static async open(file: string, logger: BusLogger = silentLogger): Promise<DeadLetterStore> {
    await mkdir(dirname(file), { recursive: true, mode: DIRECTORY_MODE });
    await chmod(dirname(file), DIRECTORY_MODE).catch(ignoring('EPERM'));
    await chmod(file, FILE_MODE).catch(ignoring('ENOENT'));
    return new DeadLetterStore(file, logger);
  }

  /** Records a dead letter under a new stable id, with the `Detail` text its event was parsed from when known. */
  append(entry: NewDeadLetter): Promise<DeadLetter> {
    return this.exclusive(async () => {
      const rawDetail = entry.rawDetail ?? rawDetailOf(entry.event);
      const deadLetter: DeadLetter = { id: randomUUID(), ...entry, ...(rawDetail === undefined ? {} : { rawDetail }) };
      await appendFile(this.file, `${JSON.stringify(deadLetter)}\n`, { encoding: 'utf8', mode: FILE_MODE });
      return deadLetter;
    });
  }

  /** Every dead letter, oldest first. */
  list(): Promise<DeadLetter[]> {
    return this.exclusive(async () => (await this.readLines()).flatMap((line) => line.deadLetter ?? []));
  }

  /** Removes the dead letters with these ids; unknown ids are ignored. */
  remove(ids: Iterable<string>): Promise<void> {
    const removed = new Set(ids);
    return this.exclusive(async () => {
      const lines = await this.readLines();
      const kept = lines.filter((line) => line.deadLetter === undefined || !removed.has(line.deadLetter.id));
      if (kept.length === lines.length) return;
      const temporary = `${this.file}.${process.pid}.tmp`;
      await writeFile(temporary, kept.map((line) => `${line.raw}\n`).join(''), { encoding: 'utf8', mode: FILE_MODE });
      await rename(temporary, this.file);
    });
  }

  private async readLines(): Promise<Line[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return text
      .split('\n')
      .filter((raw) => raw.trim() !== '')
      .map((raw, index) => this.parseLine(raw, index + 1));
  }

  private parseLine(raw: string, lineNumber: number): Line {
    try {
      const parsed = DeadLetter.safeParse(JSON.parse(raw));
      if (parsed.success) return { deadLetter: restored(parsed.data), raw };
    } catch {
      // Reported below with the line number, like a line that parses to the wrong shape.
    }
    this.logger.warn('unreadable dead-letter line kept as is', { file: this.file, line: lineNumber });
    return { deadLetter: undefined, raw };
  }

  private exclusive<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.tail.then(operation, operation);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

function ignoring(code: string) {
  return (error: NodeJS.ErrnoException) => {
    if (error.code !== code) throw error;
  };
}

/** The dead letter with its event as first delivered: `detail` parsed again from the entry's own `Detail` text. */
function restored(deadLetter: DeadLetter): DeadLetter {
  if (deadLetter.rawDetail === undefined) return deadLetter;
  let detail: unknown;
  try {
    detail = JSON.parse(deadLetter.rawDetail);
  } catch {
    return deadLetter;
  }
  const event = withRawDetail({ ...deadLetter.event, detail }, deadLetter.rawDetail);
  return { ...deadLetter, event };
}
