/**
 * Erasure requests (GDPR Art. 17; ISO18295.md §2.8 DP-DSR-ERASURE-EXEC and DP-DSR-TIMELY, §4): every recording of a
 * data subject is deleted and the subject's `customerRef` removed from the stored contacts, unless a legal hold
 * applies (Art. 17(3)(b), (e)), in which case nothing is deleted and the request is recorded as blocked. Aggregates
 * are not touched, so counts stay. Reached from the API (functions/erasure-requests) and the bus
 * (functions/process-erasure-request); shared/store/erasure-request-repository.ts implements the store.
 *
 * Idempotency key: tenantId + `requestId` (the request item). A completed request sent again answers what it did
 * and does nothing more. A blocked one is examined again: still held, it stays blocked; once the holds are released
 * it executes, so the data subject's request need not be made anew.
 */
import pLimit from 'p-limit';
import { contentHash, type LedgerEntry } from '../domain/ledger/hash-chain.js';
import { answeredOnTime, erasureDueBy } from '../domain/recording/erasure-deadline.js';
import type { Evidence, EvidenceLedger, StoreWrite } from './evidence-ledger.js';
import {
  type DeletionActor,
  deletedState,
  isDeletable,
  type RecordingChange,
  type RecordingDeletionStore,
  recordingDeletedEvidence,
} from './recording-deletion.js';
import type { ErasureRequest, RecordingMetadata, RecordingObjectStore } from './recordings.js';

/** An erasure request as stored: the contract's fields, when it was last decided, and its revision (for races). */
export interface StoredErasureRequest extends ErasureRequest {
  updatedAt: string;
  revision: number;
}

/** What an execution found to do, kept before it starts so that a retry after a crash reports all of it. */
export interface ErasurePlan {
  recordings: string[];
  contacts: string[];
}

/** Port: the requests, the data subject's recordings and contacts, and what erasing them writes. */
export interface ErasureRequestStore extends RecordingDeletionStore {
  /** The stored request (strongly consistent). */
  request(tenantId: string, requestId: string): Promise<StoredErasureRequest | undefined>;
  /** The writes that store `request` in place of the revision read (`undefined`: none yet). */
  requestWrites(request: StoredErasureRequest, previousRevision: number | undefined): StoreWrite[];
  /** Contact ids of the subject's recordings (the data subject index: eventually consistent). */
  recordingsOf(tenantId: string, customerRef: string): Promise<string[]>;
  /** Contact ids of the subject's stored contacts (same index). */
  contactsOf(tenantId: string, customerRef: string): Promise<string[]>;
  plan(tenantId: string, requestId: string): Promise<ErasurePlan | undefined>;
  savePlan(tenantId: string, requestId: string, plan: ErasurePlan, at: Date): Promise<void>;
  /**
   * The writes that remove the data subject's reference from those of these contacts still stored (read now, so a
   * contact gone at the end of its retention is left out) and mark them erased.
   */
  anonymisationWrites(tenantId: string, contactIds: readonly string[], at: Date): Promise<StoreWrite[]>;
  /** Removes the reference from the copies kept of these contacts' conflicting redeliveries (idempotent). */
  scrubKeptCopies(tenantId: string, contactIds: readonly string[]): Promise<void>;
  /** A page of the tenant's requests, newest received first, after the `after` position of an earlier page. */
  list(
    tenantId: string,
    page: { limit: number; after?: string },
  ): Promise<{ requests: StoredErasureRequest[]; next?: string }>;
}

/** What the caller asks. */
export interface ErasureInput {
  requestId: string;
  customerRef: string;
  receivedAt: Date;
  requestedBy: string;
  via: ErasureRequest['via'];
}

/** A request as the API and the logs show it: with whether its deadline is (or was) kept. */
export interface ErasureRequestView extends ErasureRequest {
  updatedAt: string;
  onTime: boolean | null;
}

/** What executing a request did: `completed` or `blocked` now, or `replayed` (completed before; nothing done). */
export interface ErasureOutcome {
  outcome: 'completed' | 'blocked' | 'replayed';
  request: ErasureRequestView;
  /** The ledger entry of this decision, when one was written (none for a replay). */
  entry?: LedgerEntry;
}

/** The same request id was used for another data subject: refused, nothing done (the API answers 409). */
export class ErasureRequestIdReusedError extends Error {
  override name = 'ErasureRequestIdReusedError';
}

/** Recordings deleted in one transaction with their `recording.deleted` entry (within DynamoDB's 100 items). */
export const ERASURE_RECORDING_CHUNK = 40;
/** Contacts anonymised in one transaction with their entry (within DynamoDB's 100 items). */
export const ERASURE_CONTACT_CHUNK = 90;
/** Objects deleted and recordings read at once. */
const ERASURE_CONCURRENCY = 8;

const ACTOR_ROLE_OF_EVENT = 'system';

export class EraseDataSubject {
  constructor(
    private readonly store: ErasureRequestStore,
    private readonly objects: Pick<RecordingObjectStore, 'delete'>,
    private readonly ledger: EvidenceLedger,
    private readonly actor: DeletionActor = { actor: 'system:erasure-requests', actorRole: ACTOR_ROLE_OF_EVENT },
  ) {}

  /**
   * Executes a request (idempotent by `requestId`): blocked by any hold on the subject's recordings, else every
   * recording deleted (object first, then the metadata with its entry), the contacts anonymised, and the request
   * completed with its `erasure.completed` entry. Throws {@link ErasureRequestIdReusedError}.
   */
  async execute(tenantId: string, input: ErasureInput, now: Date, actor = this.actor): Promise<ErasureOutcome> {
    const existing = await this.store.request(tenantId, input.requestId);
    if (existing !== undefined && existing.customerRef !== input.customerRef)
      throw new ErasureRequestIdReusedError('this requestId was already used for another data subject');
    if (existing?.status === 'completed') return { outcome: 'replayed', request: view(existing, now) };

    const previous = await this.store.plan(tenantId, input.requestId);
    const found = await this.find(tenantId, input, previous);
    // A receipt a little ahead of this clock (the sender's skew) counts as now: the deadline never moves later.
    const receivedAt = input.receivedAt > now ? now : input.receivedAt;
    const request = baseRequest(tenantId, { ...input, receivedAt }, existing);
    if (found.held.length > 0) return this.block(request, existing, found.held, now, actor);

    const plan: ErasurePlan = {
      recordings: found.recordings.map((r) => r.contactId),
      contacts: union(previous?.contacts, await this.store.contactsOf(tenantId, input.customerRef)),
    };
    await this.store.savePlan(tenantId, input.requestId, plan, now);
    const deleted = await this.deleteRecordings(tenantId, input.requestId, found.recordings, now, actor);
    await this.anonymiseContacts(tenantId, input.requestId, plan.contacts, now, actor);
    return this.complete(
      {
        ...request,
        status: 'completed',
        completedAt: now.toISOString(),
        recordingsDeleted: [...found.alreadyDeleted, ...deleted].sort(),
        recordingsHeld: [],
        contactsAnonymised: plan.contacts.length,
      },
      existing,
      now,
      actor,
    );
  }

  /** A page of the tenant's requests, newest received first. */
  async list(tenantId: string, page: { limit: number; after?: string }, now: Date) {
    const { requests, next } = await this.store.list(tenantId, page);
    return { requests: requests.map((r) => view(r, now)), ...(next === undefined ? {} : { next }) };
  }

  /**
   * The subject's recordings still stored (to delete), those this request already deleted on an earlier attempt,
   * and the held ones: found through the subject index, through the subject's contacts, and through an earlier
   * attempt's plan, each read again (strongly consistent).
   */
  private async find(tenantId: string, input: ErasureInput, previous: ErasurePlan | undefined) {
    const { store } = this;
    const [byRecording, byContact] = await Promise.all([
      store.recordingsOf(tenantId, input.customerRef),
      store.contactsOf(tenantId, input.customerRef),
    ]);
    const candidates = union(union(previous?.recordings, byRecording), byContact);
    const limit = pLimit(ERASURE_CONCURRENCY);
    const read = await Promise.all(candidates.map((id) => limit(() => store.find(tenantId, id))));
    const customerHold = await store.customerHeld(tenantId, input.customerRef);
    const recordings: RecordingMetadata[] = [];
    const alreadyDeleted: string[] = [];
    const held: string[] = [];
    for (const recording of read) {
      if (recording === undefined) continue;
      if (recording.status === 'deleted') {
        if (recording.deleted?.requestId === input.requestId) alreadyDeleted.push(recording.contactId);
        continue;
      }
      if (customerHold || !isDeletable(recording)) held.push(recording.contactId);
      else recordings.push(recording);
    }
    return { recordings, alreadyDeleted, held: held.sort() };
  }

  private async block(
    request: ErasureRequest,
    existing: StoredErasureRequest | undefined,
    held: string[],
    now: Date,
    actor: DeletionActor,
  ): Promise<ErasureOutcome> {
    const blocked: ErasureRequest = {
      ...request,
      status: 'blocked-by-legal-hold',
      recordingsDeleted: [],
      recordingsHeld: held,
      contactsAnonymised: 0,
    };
    // Sent again while the same recordings are held: the same decision, already evidenced.
    if (existing?.status === 'blocked-by-legal-hold' && sameList(existing.recordingsHeld, held))
      return { outcome: 'blocked', request: view(existing, now) };
    return this.decide(blocked, existing, 'erasure.blocked', now, actor, { recordingsHeld: held });
  }

  private async complete(
    request: ErasureRequest,
    existing: StoredErasureRequest | undefined,
    now: Date,
    actor: DeletionActor,
  ): Promise<ErasureOutcome> {
    return this.decide(request, existing, 'erasure.completed', now, actor, {
      recordingsDeleted: request.recordingsDeleted.length,
      contactsAnonymised: request.contactsAnonymised,
      completedAt: request.completedAt,
      onTime: answeredOnTime(request.dueBy, request.completedAt, now),
    });
  }

  /**
   * Stores the decision with its entry in one transaction, from the request as read now: a concurrent execution of
   * the same request that decided first wins, and this one answers with its decision.
   */
  private async decide(
    request: ErasureRequest,
    existing: StoredErasureRequest | undefined,
    kind: 'erasure.blocked' | 'erasure.completed',
    now: Date,
    actor: DeletionActor,
    facts: Record<string, unknown>,
  ): Promise<ErasureOutcome> {
    const { store, ledger } = this;
    const { tenantId, requestId } = request;
    const { result, entry } = await ledger.commit<ErasureOutcome>(tenantId, async () => {
      const current = await store.request(tenantId, requestId);
      if (current !== undefined && current.revision !== existing?.revision)
        return {
          unchanged: true,
          result: { outcome: current.status === 'completed' ? 'replayed' : 'blocked', request: view(current, now) },
        };
      const next: StoredErasureRequest = {
        ...request,
        updatedAt: now.toISOString(),
        revision: (current?.revision ?? 0) + 1,
      };
      const evidence: Evidence = {
        tenantId,
        occurredAt: now.toISOString(),
        actor: actor.actor,
        actorRole: actor.actorRole,
        kind,
        resource: `erasure/${requestId}`,
        contentBefore: current === undefined ? null : contentHash(current),
        contentAfter: contentHash(next),
        ...(actor.requestId === undefined ? {} : { requestId: actor.requestId }),
        // No customerRef: the ledger cannot be erased; the request item holds it, and the hashes commit to it.
        payload: {
          erasureRequestId: requestId,
          via: request.via,
          receivedAt: request.receivedAt,
          dueBy: request.dueBy,
          ...facts,
        },
      };
      return {
        items: store.requestWrites(next, current?.revision),
        evidence,
        result: { outcome: kind === 'erasure.completed' ? 'completed' : 'blocked', request: view(next, now) },
      };
    });
    return entry === undefined ? result : { ...result, entry };
  }

  /** Deletes the objects, then the metadata chunk by chunk with a `recording.deleted` entry each; returns the ids. */
  private async deleteRecordings(
    tenantId: string,
    requestId: string,
    recordings: RecordingMetadata[],
    now: Date,
    actor: DeletionActor,
  ): Promise<string[]> {
    const limit = pLimit(ERASURE_CONCURRENCY);
    await Promise.all(recordings.map((r) => limit(() => this.objects.delete(r.objectKey, r.versionId))));
    const deleted: string[] = [];
    for (const chunk of chunks(recordings, ERASURE_RECORDING_CHUNK)) {
      const { result } = await this.ledger.commit<string[]>(tenantId, async () => {
        const current = await Promise.all(chunk.map((r) => limit(() => this.store.find(tenantId, r.contactId))));
        const changes: RecordingChange[] = current.filter(isDeletable).map((stored) => ({
          stored,
          deleted: deletedState(stored, { at: now.toISOString(), reason: 'erasure', by: actor.actor, requestId }),
        }));
        const ids = changes.map((c) => c.stored.contactId);
        if (changes.length === 0) return { unchanged: true, result: ids };
        return {
          items: this.store.deletionWrites(changes),
          evidence: recordingDeletedEvidence(tenantId, changes, actor, now),
          result: ids,
        };
      });
      deleted.push(...result);
    }
    return deleted;
  }

  private async anonymiseContacts(
    tenantId: string,
    requestId: string,
    contactIds: string[],
    now: Date,
    actor: DeletionActor,
  ): Promise<void> {
    for (const chunk of chunks(contactIds, ERASURE_CONTACT_CHUNK)) {
      await this.store.scrubKeptCopies(tenantId, chunk);
      await this.ledger.commit(tenantId, async () => {
        const items = await this.store.anonymisationWrites(tenantId, chunk, now);
        if (items.length === 0) return { unchanged: true, result: undefined };
        return {
          items,
          evidence: {
            tenantId,
            occurredAt: now.toISOString(),
            actor: actor.actor,
            actorRole: actor.actorRole,
            kind: 'contact.anonymised',
            resource: `erasure/${requestId}`,
            ...(actor.requestId === undefined ? {} : { requestId: actor.requestId }),
            payload: { erasureRequestId: requestId, contactIds: chunk, removed: ['customerRef'] },
          },
          result: undefined,
        };
      });
    }
  }
}

/** The request as first received (a request sent again keeps its receipt, and so its deadline), not yet decided. */
function baseRequest(
  tenantId: string,
  input: ErasureInput,
  existing: StoredErasureRequest | undefined,
): ErasureRequest {
  const receivedAt = existing?.receivedAt ?? input.receivedAt.toISOString();
  return {
    tenantId,
    requestId: input.requestId,
    customerRef: input.customerRef,
    receivedAt,
    dueBy: existing?.dueBy ?? erasureDueBy(new Date(receivedAt)).toISOString(),
    requestedBy: existing?.requestedBy ?? input.requestedBy,
    via: existing?.via ?? input.via,
    status: 'blocked-by-legal-hold',
    recordingsDeleted: [],
    recordingsHeld: [],
    contactsAnonymised: 0,
  };
}

function view(request: StoredErasureRequest, now: Date): ErasureRequestView {
  const { revision: _revision, ...shown } = request;
  return { ...shown, onTime: answeredOnTime(request.dueBy, request.completedAt, now) };
}

function union(a: readonly string[] | undefined, b: readonly string[]): string[] {
  return [...new Set([...(a ?? []), ...b])].sort();
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
