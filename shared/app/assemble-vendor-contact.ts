import { randomUUID } from 'node:crypto';
import { redactPersonalData } from '../../events/adapters/redact.js';
import type {
  AssemblyKey,
  AssemblyLink,
  AssemblyState,
  Fact,
  VendorEventAdapter,
} from '../../events/adapters/vendor-assembly.js';
import type { Clock } from '../../events/envelope.js';
import { ContactCompleted, type ContactCompletedDetail } from '../../events/telephony.js';
import { placeContact } from '../domain/vendor/place-contact.js';
import type { VendorMapping } from '../domain/vendor/vendor-mapping.js';
import { type DeadLetterSink, UNKNOWN_TENANT } from './dead-letters.js';

export type ClosedAs = 'emitted' | 'skipped' | 'dead-lettered' | 'expired';

/** An assembly as stored, with its deadline. */
export interface StoredAssembly extends AssemblyState {
  dueAt: string;
  closedAs?: ClosedAs;
}

/** Port: the assembly state, whichever database keeps it. */
export interface AssemblyStore {
  /** Adds a fact (first copy wins); `closed` when the contact was already finished. */
  merge(key: AssemblyKey, factKey: string, fact: Fact, dueAt: Date): Promise<StoredAssembly | 'closed'>;
  /** Leaves a mark on another contact's assembly (creating it if needed); nothing when that one is closed. */
  link(link: AssemblyLink, dueAt: Date): Promise<void>;
  /** Takes the right to finish the assembly; false when another invocation holds it or it is closed. */
  claim(key: AssemblyKey, now: Date): Promise<boolean>;
  release(key: AssemblyKey): Promise<void>;
  close(key: AssemblyKey, as: ClosedAs, now: Date): Promise<void>;
  get(key: AssemblyKey): Promise<StoredAssembly | undefined>;
  /** Unfinished assemblies whose deadline has passed, at most `limit` per shard. */
  listDue(now: Date, limit: number): Promise<StoredAssembly[]>;
}

/** A canonical event to publish: its type, its detail and when it happened. */
export interface OutgoingEvent {
  source: string;
  detailType: string;
  detail: Record<string, unknown>;
  /** ISO 8601; becomes the envelope's `time`. */
  occurredAt?: string;
}

/** Port: publishes canonical events to the bus. */
export interface EventPublisher {
  publish(events: readonly OutgoingEvent[]): Promise<void>;
}

/** What became of one vendor event. */
export type VendorEventOutcome = 'assembling' | 'emitted' | 'duplicate' | 'ignored' | 'skipped' | 'dead-lettered';

/** What one sweep did with the assemblies whose deadline had passed. */
export interface SweepReport {
  examined: number;
  emitted: number;
  skipped: number;
  deadLettered: number;
  /** Contacts that never completed: dead-lettered with what was known of them. */
  expired: number;
  failed: number;
}

/** How long an unfinished contact waits for its next event before the sweep finishes or reports it. */
export const DEFAULT_ASSEMBLY_GRACE_SECONDS = 6 * 3600;

export interface AssemblerLog {
  warn(message: string, fields: Record<string, unknown>): void;
}

export interface VendorContactAssemblerDeps {
  adapters: readonly VendorEventAdapter[];
  store: AssemblyStore;
  publisher: EventPublisher;
  deadLetters: DeadLetterSink;
  mapping: VendorMapping;
  now?: Clock;
  graceSeconds?: number;
  log?: AssemblerLog;
}

type VendorEvent = Parameters<VendorEventAdapter['parse']>[0] & { id?: unknown };

/**
 * The use case "translate a vendor's contact events": gathers each event's fact about its contact and, once the facts
 * say the contact is over, publishes exactly one canonical `contact.completed` (or skips or dead-letters it, with the
 * reason). Idempotency: a fact is stored once per key, and a finished assembly is claimed then closed with
 * conditional writes, so duplicate or concurrent events never publish twice; the canonical `contactId` (the
 * recorder's idempotency key) makes even a second publication after a crash harmless downstream.
 */
export class VendorContactAssembler {
  private readonly now: Clock;
  private readonly graceMs: number;

  constructor(private readonly deps: VendorContactAssemblerDeps) {
    this.now = deps.now ?? (() => new Date());
    this.graceMs = (deps.graceSeconds ?? DEFAULT_ASSEMBLY_GRACE_SECONDS) * 1000;
  }

  async accept(adapter: VendorEventAdapter, event: VendorEvent): Promise<VendorEventOutcome> {
    const parsed = adapter.parse(event);
    const due = new Date(this.now().getTime() + this.graceMs);
    if (parsed.kind === 'reject') {
      await this.deadLetter(event, parsed.reason, redactPersonalData(event));
      return 'dead-lettered';
    }
    if (parsed.kind === 'ignore') return 'ignored';
    for (const link of parsed.links) await this.deps.store.link(link, due);
    if (parsed.kind === 'links') return 'ignored';

    const state = await this.deps.store.merge(parsed.key, parsed.factKey, parsed.fact, due);
    if (state === 'closed') return 'duplicate';
    const outcome = await this.conclude(adapter, state, false, event);
    return outcome === 'expired' ? 'dead-lettered' : outcome;
  }

  /** Finishes, or reports as never completed, every assembly whose deadline has passed. */
  async sweep(limit = 100): Promise<SweepReport> {
    const now = this.now();
    const report: SweepReport = { examined: 0, emitted: 0, skipped: 0, deadLettered: 0, expired: 0, failed: 0 };
    for (const candidate of await this.deps.store.listDue(now, limit)) {
      // The due index is eventually consistent: the assembly may have moved on since.
      const current = await this.deps.store.get(candidate.key);
      if (current === undefined || current.closedAs !== undefined || current.dueAt > now.toISOString()) continue;
      const adapter = this.deps.adapters.find((a) => a.vendor === current.key.vendor);
      if (adapter === undefined) continue;
      report.examined += 1;
      try {
        const outcome = await this.conclude(adapter, current, true);
        if (outcome === 'emitted') report.emitted += 1;
        if (outcome === 'skipped') report.skipped += 1;
        if (outcome === 'dead-lettered') report.deadLettered += 1;
        if (outcome === 'expired') report.expired += 1;
      } catch (error) {
        report.failed += 1;
        this.deps.log?.warn('assembly could not be finished; the next sweep tries again', {
          vendor: current.key.vendor,
          error: (error as Error).message,
        });
      }
    }
    return report;
  }

  private async conclude(
    adapter: VendorEventAdapter,
    state: AssemblyState,
    final: boolean,
    trigger?: VendorEvent,
  ): Promise<VendorEventOutcome | 'expired'> {
    const reduction = adapter.reduce(state, { final });
    if (reduction.kind === 'incomplete') return final ? this.expire(state) : 'assembling';
    const placed = placeContact(reduction, this.deps.mapping);
    if (placed.kind === 'skip')
      return (await this.finish(state.key, 'skipped', async () => {})) ? 'skipped' : 'duplicate';
    if (placed.kind === 'reject') {
      const record = { reason: placed.reason, assembly: state, trigger: trigger && redactPersonalData(trigger) };
      const done = await this.finish(state.key, 'dead-lettered', () =>
        this.deadLetter(trigger, placed.reason, record, placed.tenantId, state.key),
      );
      return done ? 'dead-lettered' : 'duplicate';
    }
    const done = await this.finish(state.key, 'emitted', () => this.publish(placed.detail));
    return done ? 'emitted' : 'duplicate';
  }

  private async expire(state: AssemblyState): Promise<'expired' | 'ignored' | 'duplicate'> {
    // Only marks left by a transfer or callback leg: no event of this contact ever came, so there is nothing to report.
    if (Object.keys(state.facts).length === 0) {
      await this.deps.store.close(state.key, 'expired', this.now());
      return 'ignored';
    }
    const seen = Object.keys(state.facts).sort().join(', ');
    const reason = `contact never completed: no end event arrived before its deadline (facts seen: ${seen})`;
    const done = await this.finish(state.key, 'expired', () =>
      this.deadLetter(undefined, reason, { reason, assembly: state }, undefined, state.key),
    );
    return done ? 'expired' : 'duplicate';
  }

  /** Claim, act, close: the action runs at most once per contact, and a failed action leaves the contact open. */
  private async finish(key: AssemblyKey, as: ClosedAs, action: () => Promise<void>): Promise<boolean> {
    if (!(await this.deps.store.claim(key, this.now()))) return false;
    try {
      await action();
    } catch (error) {
      await this.deps.store.release(key).catch(() => undefined);
      throw error;
    }
    await this.deps.store.close(key, as, this.now());
    return true;
  }

  private publish(detail: ContactCompletedDetail): Promise<void> {
    return this.deps.publisher.publish([
      {
        source: ContactCompleted.source,
        detailType: ContactCompleted.detailType,
        detail,
        occurredAt: detail.occurredAt,
      },
    ]);
  }

  private async deadLetter(
    trigger: VendorEvent | undefined,
    reason: string,
    kept: unknown,
    tenantId = UNKNOWN_TENANT,
    key?: AssemblyKey,
  ): Promise<void> {
    await this.deps.deadLetters.put({
      id: typeof trigger?.id === 'string' ? trigger.id : randomUUID(),
      receivedAt: this.now().toISOString(),
      tenantId,
      source: typeof trigger?.source === 'string' ? trigger.source : key?.vendor,
      detailType: typeof trigger?.['detail-type'] === 'string' ? trigger['detail-type'] : 'vendor contact assembly',
      reason,
      event: kept,
    });
    this.deps.log?.warn('vendor contact dead-lettered', { reason, vendor: key?.vendor });
  }
}
