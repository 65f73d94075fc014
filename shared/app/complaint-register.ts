/**
 * The complaint register (ISO18295.md §2.1, clause 4.4): each complaint event is kept once in its complaint's
 * timeline, and the timeline is folded into the complaint's facts and assessed against the deadlines of the
 * agreement in force on the day it was received. The complaint and its evidence-ledger entry are one transaction
 * (shared/store/complaint-repository.ts implements the store port), so events may arrive in any order and any
 * number of times: the facts depend only on the set of events kept.
 *
 * A deadline that turns at risk or is missed raises an alert (`complaint.deadline-at-risk`,
 * `complaint.deadline-missed`, events/compliance.ts): published first, then its key recorded on the complaint, so an
 * alert is sent at least once and its stable key lets consumers drop a second copy. Both this register (as events
 * arrive) and the hourly sweep (shared/app/evaluate-complaints.ts, for complaints nobody touches) raise them here.
 */
import type { ComplaintEvent } from '../../events/complaints.js';
import { complaintDeadlineAlert } from '../../events/compliance.js';
import type { Clock } from '../../events/envelope.js';
import type { AgreementVersion } from '../domain/agreement/agreement-schema.js';
import { businessCalendarOf, versionInForceAt } from '../domain/agreement/agreement-versions.js';
import { assessComplaint, deadlineClockOf } from '../domain/complaint/complaint-deadlines.js';
import { foldComplaint, timelineEntryOf } from '../domain/complaint/complaint-fold.js';
import type {
  AssessedComplaint,
  DeadlineClock,
  DeadlineName,
  DeadlineState,
  TimelineEntry,
} from '../domain/complaint/complaint-state.js';
import type { AgreementVersions } from './agent-competence.js';
import type { EventPublisher, OutgoingEvent } from './assemble-vendor-contact.js';
import type { ConditionalWriter } from './evaluate-competence.js';
import type { EvidenceLedger, StoreWrite } from './evidence-ledger.js';

/**
 * Events one complaint keeps at most. A real complaint has a handful; far more means a producer in a loop, and the
 * item must stay well below DynamoDB's 400 KB, so a further event is dead-lettered with the reason.
 */
export const TIMELINE_CAP = 200;

/** The complaint holds {@link TIMELINE_CAP} events already: a retry cannot help (the handler dead-letters it). */
export class ComplaintTimelineFullError extends Error {
  override name = 'ComplaintTimelineFullError';
}

/** A complaint as the register keeps it. */
export interface ComplaintRecord {
  tenantId: string;
  complaintId: string;
  /** Every event kept, in arrival order. */
  timeline: TimelineEntry[];
  /** The folded facts and the deadlines, assessed at `assessedAt`. */
  complaint: AssessedComplaint;
  assessedAt: string;
  /** The agreement version whose deadlines apply (0: the default agreement). */
  agreementVersion: number;
  /** How long the complaint is kept once closed: that agreement's retention of complaint evidence. */
  retentionDays: number;
  /** Keys of the alerts already published. */
  alerts: string[];
}

/** A complaint as stored, with the revision its next write is conditioned on. */
export interface StoredComplaint {
  record: ComplaintRecord;
  revision: number;
}

/** Port: complaints as the register reads and writes them. */
export interface ComplaintStore {
  /** Strongly consistent. */
  complaint(tenantId: string, complaintId: string): Promise<StoredComplaint | undefined>;
  /** Writes the complaint (with its listing keys), conditioned on `previousRevision` (none: new). */
  complaintWrite(record: ComplaintRecord, previousRevision: number | undefined): StoreWrite;
  /** Marks the contact a complaint names as registered (P1-CMP-REGISTER, shared/app/complaint-register-check.ts). */
  registerLinkWrite(
    tenantId: string,
    contactId: string,
    complaintId: string,
    receivedAt: string,
    keepDays: number,
  ): StoreWrite;
}

/** What applying a complaint event did. */
export interface ComplaintOutcome {
  outcome: 'applied' | 'duplicate';
  /** Keys of the alerts this call published. */
  alerted: string[];
}

const SYSTEM_ACTOR = { actor: 'system', actorRole: 'system' } as const;
const DEADLINES: readonly DeadlineName[] = ['acknowledge', 'resolve'];

/** The agreement whose deadlines apply to a complaint: the one in force when it was received (or now, before that). */
function agreementOf(tenantId: string, versions: AgreementVersion[], receivedAt: string | undefined, now: Date) {
  return versionInForceAt(tenantId, versions, receivedAt ?? now);
}

/** Each version's clock, built once per version read: a sweep assesses every open complaint under the same few. */
const clocks = new WeakMap<AgreementVersion, DeadlineClock>();

/** The deadline clock of an agreement version. */
function clockOf(agreement: AgreementVersion): DeadlineClock {
  let clock = clocks.get(agreement);
  if (clock === undefined) {
    clock = deadlineClockOf(agreement.complaintDeadlines, businessCalendarOf(agreement), agreement.timeZone.value);
    clocks.set(agreement, clock);
  }
  return clock;
}

/** A complaint's facts and deadlines as of `now` under the agreement that applies to it. */
export function assessedAt(
  tenantId: string,
  timeline: readonly TimelineEntry[],
  complaintId: string,
  versions: AgreementVersion[],
  now: Date,
) {
  const facts = foldComplaint(complaintId, timeline);
  const agreement = agreementOf(tenantId, versions, facts.receivedAt, now);
  return {
    complaint: assessComplaint(facts, clockOf(agreement), now),
    agreementVersion: agreement.version,
    retentionDays: agreement.retention.recordings.complaint_evidence.value,
  };
}

/** A deadline alert to publish: its event, whose `alertKey` is stable whoever raises it, however often. */
interface Alert {
  key: string;
  name: DeadlineName;
  kind: 'at-risk' | 'missed';
  deadline: DeadlineState;
  event: OutgoingEvent;
}

/**
 * How recent a threshold must be for an arriving event to alert on it. An older one belongs to a backlog being
 * replayed (a producer catching up, the demo loading a month): the events that follow may show the step done in
 * time, so the hourly sweep raises what still stands after them instead of the register alerting on history.
 */
export const FRESH_ALERT_MS = 3_600_000;

/**
 * The alerts the complaint's assessment calls for and that were not published yet; with `crossedSince` (epoch ms),
 * only those whose threshold (the at-risk point, the due time) was crossed since.
 */
export function pendingAlerts(
  record: Pick<ComplaintRecord, 'tenantId' | 'complaint' | 'alerts'>,
  crossedSince?: number,
): Alert[] {
  const { tenantId, complaint } = record;
  const sent = new Set(record.alerts);
  const due: Alert[] = [];
  for (const name of DEADLINES) {
    const deadline = complaint.deadlines[name];
    if (deadline === undefined || (deadline.state !== 'at-risk' && deadline.state !== 'missed')) continue;
    const kind = deadline.state;
    const crossedAt = Date.parse(kind === 'missed' ? deadline.dueAt : deadline.atRiskAt);
    if (crossedSince !== undefined && crossedAt < crossedSince) continue;
    const event = complaintDeadlineAlert({
      kind,
      tenantId,
      // A complaint has deadlines once received, and its receipt names the centre.
      centerId: complaint.centerId ?? 'unknown',
      complaintId: complaint.complaintId,
      deadline: name,
      dueAt: deadline.dueAt,
      atRiskAt: deadline.atRiskAt,
    });
    const key = event.detail.alertKey;
    if (!sent.has(key)) due.push({ key, name, kind, deadline, event });
  }
  return due;
}

/** The evidence of an applied event: what happened and when, never free text (a remedy may name a person). */
function evidencePayload(entry: TimelineEntry, complaint: AssessedComplaint) {
  return {
    eventKey: entry.key,
    complaintId: complaint.complaintId,
    at: entry.at,
    status: complaint.status,
    ...(complaint.category === undefined ? {} : { category: complaint.category }),
  };
}

export class ComplaintRegister {
  private readonly clock: Clock;

  constructor(
    private readonly store: ComplaintStore,
    private readonly agreements: AgreementVersions,
    private readonly ledger: EvidenceLedger,
    private readonly publisher: EventPublisher,
    private readonly writer: ConditionalWriter,
    clock?: Clock,
  ) {
    this.clock = clock ?? (() => new Date());
  }

  /**
   * Keeps one complaint event in its complaint's timeline, once (its idempotency key), refolds and reassesses the
   * complaint, and writes it with its ledger entry (and, for a receipt naming a contact, the register link) in one
   * transaction; then raises the alerts its deadlines call for whose threshold was crossed within
   * {@link FRESH_ALERT_MS} (older ones are the sweep's). A redelivery changes nothing but raises the alerts a failed
   * attempt left unsent.
   */
  async apply(event: ComplaintEvent, eventKey: string): Promise<ComplaintOutcome> {
    const { tenantId, complaintId } = event.detail;
    const entry = timelineEntryOf(event, eventKey);
    const { store } = this;
    const now = this.clock();
    const crossedSince = now.getTime() - FRESH_ALERT_MS;
    type Applied = { outcome: ComplaintOutcome['outcome']; alerts: boolean };
    const { result } = await this.ledger.commit<Applied>(tenantId, async () => {
      const [stored, versions] = await Promise.all([
        store.complaint(tenantId, complaintId),
        this.agreements.versions(tenantId),
      ]);
      if (stored?.record.timeline.some((e) => e.key === eventKey)) {
        const alerts = pendingAlerts(this.reassessed(stored.record, versions, now), crossedSince).length > 0;
        return { unchanged: true, result: { outcome: 'duplicate', alerts } };
      }
      const kept = stored?.record.timeline ?? [];
      if (kept.length >= TIMELINE_CAP) {
        throw new ComplaintTimelineFullError(
          `complaint ${complaintId} already holds ${TIMELINE_CAP} events, the most one complaint may keep`,
        );
      }
      const timeline = [...kept, entry];
      const record: ComplaintRecord = {
        tenantId,
        complaintId,
        timeline,
        ...assessedAt(tenantId, timeline, complaintId, versions, now),
        assessedAt: now.toISOString(),
        alerts: stored?.record.alerts ?? [],
      };
      const { complaint } = record;
      const link =
        entry.type === 'complaint.received' && complaint.contactId !== undefined && complaint.receivedAt !== undefined
          ? [
              store.registerLinkWrite(
                tenantId,
                complaint.contactId,
                complaintId,
                complaint.receivedAt,
                record.retentionDays,
              ),
            ]
          : [];
      return {
        items: [store.complaintWrite(record, stored?.revision), ...link],
        evidence: {
          tenantId,
          occurredAt: entry.at,
          ...SYSTEM_ACTOR,
          kind: entry.type,
          resource: `complaint/${complaintId}`,
          payload: evidencePayload(entry, complaint),
        },
        result: { outcome: 'applied', alerts: pendingAlerts(record, crossedSince).length > 0 },
      };
    });
    // Read again (strongly consistent) only when an alert is due: most events bring none.
    const alerted = result.alerts ? await this.raiseAlerts(tenantId, complaintId, now, crossedSince) : [];
    return { outcome: result.outcome, alerted };
  }

  /**
   * Publishes the alerts the complaint's deadlines call for at `now` and not published yet (with `crossedSince`,
   * only those crossed since), then records their keys (with the assessment at `now`); a missed deadline's key is
   * recorded with a `complaint.deadline-missed` ledger entry. A write that loses to a concurrent one reads again;
   * whatever was published stays published, and a key not recorded only means the alert may be sent once more, with
   * the same key.
   */
  async raiseAlerts(tenantId: string, complaintId: string, now: Date, crossedSince?: number): Promise<string[]> {
    const versions = await this.agreements.versions(tenantId);
    const published = new Set<string>();
    for (let attempt = 0; attempt < 5; attempt++) {
      const stored = await this.store.complaint(tenantId, complaintId);
      if (stored === undefined) return [];
      const record = this.reassessed(stored.record, versions, now);
      const due = pendingAlerts(record, crossedSince);
      if (due.length === 0) return [...published];
      const fresh = due.filter((a) => !published.has(a.key));
      if (fresh.length > 0) {
        await this.publisher.publish(fresh.map((a) => a.event));
        for (const a of fresh) published.add(a.key);
      }
      const next = { ...record, alerts: [...record.alerts, ...due.map((a) => a.key)] };
      const missed = due.filter((a) => a.kind === 'missed');
      if (await this.recordAlerts(next, stored.revision, missed, now)) return [...published];
    }
    return [...published];
  }

  /** The record reassessed at `now`, its timeline and alerts unchanged. */
  reassessed(record: ComplaintRecord, versions: AgreementVersion[], now: Date): ComplaintRecord {
    return {
      ...record,
      ...assessedAt(record.tenantId, record.timeline, record.complaintId, versions, now),
      assessedAt: now.toISOString(),
    };
  }

  /** Writes the reassessed record on its own (nothing to alert): `false` when a concurrent write moved it. */
  refresh(record: ComplaintRecord, revision: number): Promise<boolean> {
    return this.writer.write(this.store.complaintWrite(record, revision));
  }

  private async recordAlerts(next: ComplaintRecord, revision: number, missed: Alert[], now: Date): Promise<boolean> {
    const write = this.store.complaintWrite(next, revision);
    if (missed.length === 0) return this.writer.write(write);
    const { tenantId, complaintId } = next;
    const { result } = await this.ledger.commit<boolean>(tenantId, async () => {
      // Prepared again after a lost ledger race: a complaint moved meanwhile is read again by the caller instead.
      const current = await this.store.complaint(tenantId, complaintId);
      if (current?.revision !== revision) return { unchanged: true, result: false };
      return {
        items: [write],
        evidence: {
          tenantId,
          occurredAt: now.toISOString(),
          ...SYSTEM_ACTOR,
          kind: 'complaint.deadline-missed',
          resource: `complaint/${complaintId}`,
          payload: { complaintId, missed: missed.map((a) => ({ deadline: a.name, dueAt: a.deadline.dueAt })) },
        },
        result: true,
      };
    });
    return result;
  }
}
