/**
 * The use cases "set and release a legal hold" (GDPR Art. 17(3); ISO18295.md §4, "Access and erasure requests"), on
 * one recording or on every recording of a data subject, present and future (the customer hold item, which
 * ingestion reads). Each change and its ledger entry are one transaction. A held recording leaves the purge index
 * (recording-items.ts does that from the state) and, where Object Lock is on, gets an S3 legal hold.
 *
 * One recording carries one `hold`: its own (`scope: 'recording'`) wins the slot; otherwise the data subject's
 * (`scope: 'customer'`). So releasing a recording's own hold while its subject's hold stands keeps it held under
 * the subject's, and releasing the subject's hold leaves recordings with a hold of their own held.
 *
 * Object Lock follows the rule "held in the table implies held in S3": a hold is set in S3 before the transaction,
 * and cleared after it, also on a retry that finds nothing left to change, so a failure in between heals on retry.
 * shared/store/legal-hold-repository.ts implements the store port on DynamoDB.
 */
import { contentHash, type LedgerEntry } from '../domain/ledger/hash-chain.js';
import type { EvidenceLedger, PreparedChange, StoreWrite } from './evidence-ledger.js';
import type { CustomerHold, RecordingMetadata, RecordingObjectStore } from './recordings.js';

/** A transaction holds at most 100 items; the ledger's head and entry take two, the customer hold item one. */
export const HOLD_CHUNK = 97;

/** Port: recordings and customer holds, as the hold use cases read and write them. */
export interface LegalHoldStore {
  /** The recording's metadata (strongly consistent). */
  recording(tenantId: string, contactId: string): Promise<RecordingMetadata | undefined>;
  /** The hold on every recording of `customerRef`, if one is set (strongly consistent). */
  customerHold(tenantId: string, customerRef: string): Promise<CustomerHold | undefined>;
  /** Every recording of the data subject, stored or deleted, each read strongly consistent. */
  recordingsOf(tenantId: string, customerRef: string): Promise<RecordingMetadata[]>;
  /**
   * The write that replaces `before` by `after`, conditioned on `before` still being what is stored. A recording
   * released after its `deleteAfter` is indexed for the purge under `today` (UTC), so the purge, which has already
   * passed its due day, still finds it.
   */
  recordingWrite(before: RecordingMetadata, after: RecordingMetadata, today: string): StoreWrite;
  /** The write that sets `hold` (only where none is) or, with `undefined`, removes the subject's hold. */
  customerHoldWrite(tenantId: string, customerRef: string, hold: CustomerHold | undefined): StoreWrite;
}

/** Who sets or releases a hold, why, and when. */
export interface HoldAuthor {
  actor: string;
  role: string;
  reason: string;
  requestId?: string;
  now: Date;
}

/** A recording's hold as the API shows it. */
export interface RecordingHoldView {
  tenantId: string;
  contactId: string;
  legalHold: boolean;
  hold?: RecordingMetadata['hold'];
  /** `set`, `released`, `unchanged` (already so: no entry written), or `still-held` (own hold released, subject's stands). */
  outcome: 'set' | 'released' | 'unchanged' | 'still-held';
  detail: string;
}

export type RecordingHoldOutcome =
  | { outcome: 'not-found' }
  | { outcome: 'deleted'; deletedAt: string }
  | { outcome: 'done'; view: RecordingHoldView; entry?: LedgerEntry };

/** What a customer-wide change did. */
export interface CustomerHoldView {
  tenantId: string;
  customerRef: string;
  legalHold: boolean;
  hold?: Pick<CustomerHold, 'reason' | 'by' | 'at'>;
  outcome: 'set' | 'released' | 'unchanged';
  /** Recordings whose state this call changed. */
  changed: string[];
  /** Recordings that kept their state: already held when setting; held by a hold of their own when releasing. */
  unchanged: string[];
  /** The ledger entries written, one per transaction (at most {@link HOLD_CHUNK} recordings each). */
  ledgerSequences: number[];
  detail: string;
}

const utcDay = (at: Date) => at.toISOString().slice(0, 10);

export class LegalHolds {
  constructor(
    private readonly store: LegalHoldStore,
    private readonly objects: Pick<RecordingObjectStore, 'setLegalHold'>,
    private readonly ledger: EvidenceLedger,
  ) {}

  /** Sets a recording's own hold; one that has it already is `unchanged`. */
  async holdRecording(tenantId: string, contactId: string, by: HoldAuthor): Promise<RecordingHoldOutcome> {
    const found = await this.store.recording(tenantId, contactId);
    if (found === undefined) return { outcome: 'not-found' };
    if (found.status === 'deleted') return { outcome: 'deleted', deletedAt: found.deleted?.at ?? found.storedAt };
    if (found.hold?.scope !== 'recording') await this.objects.setLegalHold(found.objectKey, found.versionId, true);
    return this.changeRecording(tenantId, contactId, by, async (recording) => {
      if (recording.hold?.scope === 'recording')
        return { view: view(recording, 'unchanged', 'The recording already has a legal hold of its own') };
      const after: RecordingMetadata = {
        ...recording,
        legalHold: true,
        hold: { reason: by.reason, by: by.actor, at: by.now.toISOString(), scope: 'recording' },
      };
      return { after, view: view(after, 'set', 'The recording is on legal hold: it is not deleted until released') };
    });
  }

  /**
   * Releases a recording's own hold. If its data subject's hold stands, the recording stays held under that one
   * (`still-held`); one without a hold of its own is `unchanged`.
   */
  async releaseRecording(tenantId: string, contactId: string, by: HoldAuthor): Promise<RecordingHoldOutcome> {
    const result = await this.changeRecording(tenantId, contactId, by, async (recording) => {
      if (recording.hold?.scope !== 'recording') {
        const detail = recording.legalHold
          ? "The recording has no legal hold of its own; the data subject's hold still covers it"
          : 'The recording is not on legal hold';
        return { view: view(recording, 'unchanged', detail) };
      }
      const subject =
        recording.customerRef === undefined
          ? undefined
          : await this.store.customerHold(tenantId, recording.customerRef);
      const { hold: _own, ...rest } = recording;
      if (subject !== undefined) {
        const after: RecordingMetadata = { ...rest, legalHold: true, hold: customerScoped(subject) };
        const detail = "Its own hold is released, but the data subject's legal hold still covers the recording";
        return { after, view: view(after, 'still-held', detail) };
      }
      const after: RecordingMetadata = { ...rest, legalHold: false };
      return { after, view: view(after, 'released', 'The legal hold is released; retention applies again') };
    });
    if (result.outcome === 'done' && !result.view.legalHold) await this.releaseObjects(tenantId, [contactId]);
    return result;
  }

  /** Holds every recording of a data subject, and those that arrive later; chunked, each chunk with its entry. */
  async holdCustomer(tenantId: string, customerRef: string, by: HoldAuthor): Promise<CustomerHoldView> {
    const changed: string[] = [];
    const sequences: number[] = [];
    let unchanged: string[] = [];
    let hold: CustomerHold | undefined;
    let created = false;
    for (;;) {
      const { result, entry } = await this.ledger.commit(tenantId, async (): Promise<PreparedChange<boolean>> => {
        const [existing, recordings] = await Promise.all([
          this.store.customerHold(tenantId, customerRef),
          this.store.recordingsOf(tenantId, customerRef),
        ]);
        const stored = recordings.filter((r) => r.status === 'stored');
        const toHold = stored.filter((r) => !r.legalHold);
        unchanged = stored.filter((r) => r.legalHold && !changed.includes(r.contactId)).map((r) => r.contactId);
        hold = existing ?? { tenantId, customerRef, reason: by.reason, by: by.actor, at: by.now.toISOString() };
        if (existing !== undefined && toHold.length === 0) return { unchanged: true, result: false };
        const chunk = toHold.slice(0, existing === undefined ? HOLD_CHUNK : HOLD_CHUNK + 1);
        await Promise.all(chunk.map((r) => this.objects.setLegalHold(r.objectKey, r.versionId, true)));
        const items = chunk.map((r) =>
          this.store.recordingWrite(r, { ...r, legalHold: true, hold: customerScoped(hold as CustomerHold) }, ''),
        );
        if (existing === undefined) items.unshift(this.store.customerHoldWrite(tenantId, customerRef, hold));
        return {
          items,
          evidence: customerEvidence(tenantId, 'recording.legal-hold-set', by, hold, existing === undefined, chunk),
          result: existing === undefined,
        };
      });
      if (entry === undefined) break;
      created ||= result;
      sequences.push(entry.sequence);
      changed.push(...((entry.payload.recordings as string[] | undefined) ?? []));
    }
    const outcome = created || changed.length > 0 ? 'set' : 'unchanged';
    return {
      tenantId,
      customerRef,
      legalHold: true,
      ...(hold === undefined ? {} : { hold: { reason: hold.reason, by: hold.by, at: hold.at } }),
      outcome,
      changed,
      unchanged: unchanged.filter((id) => !changed.includes(id)),
      ledgerSequences: sequences,
      detail:
        outcome === 'unchanged'
          ? "The data subject's recordings are already on legal hold"
          : `The data subject's recordings are on legal hold, and so will be those that arrive later (${changed.length} changed)`,
    };
  }

  /** Releases a data subject's hold; recordings with a hold of their own stay held. Chunked like {@link holdCustomer}. */
  async releaseCustomer(tenantId: string, customerRef: string, by: HoldAuthor): Promise<CustomerHoldView> {
    const changed: string[] = [];
    const sequences: number[] = [];
    let ownHolds: string[] = [];
    let removed = false;
    for (;;) {
      const { result, entry } = await this.ledger.commit(tenantId, async (): Promise<PreparedChange<boolean>> => {
        const [existing, recordings] = await Promise.all([
          this.store.customerHold(tenantId, customerRef),
          this.store.recordingsOf(tenantId, customerRef),
        ]);
        const stored = recordings.filter((r) => r.status === 'stored');
        const toRelease = stored.filter((r) => r.legalHold && r.hold?.scope !== 'recording');
        ownHolds = stored.filter((r) => r.hold?.scope === 'recording').map((r) => r.contactId);
        if (existing === undefined && toRelease.length === 0) return { unchanged: true, result: false };
        const chunk = toRelease.slice(0, existing === undefined ? HOLD_CHUNK + 1 : HOLD_CHUNK);
        const today = utcDay(by.now);
        const items = chunk.map((r) => {
          const { hold: _subject, ...rest } = r;
          return this.store.recordingWrite(r, { ...rest, legalHold: false }, today);
        });
        if (existing !== undefined) items.unshift(this.store.customerHoldWrite(tenantId, customerRef, undefined));
        const subject = existing ?? {
          tenantId,
          customerRef,
          reason: by.reason,
          by: by.actor,
          at: by.now.toISOString(),
        };
        return {
          items,
          evidence: customerEvidence(
            tenantId,
            'recording.legal-hold-released',
            by,
            subject,
            existing !== undefined,
            chunk,
          ),
          result: existing !== undefined,
        };
      });
      if (entry === undefined) break;
      removed ||= result;
      sequences.push(entry.sequence);
      changed.push(...((entry.payload.recordings as string[] | undefined) ?? []));
    }
    await this.releaseObjects(tenantId, changed);
    const outcome = removed || changed.length > 0 ? 'released' : 'unchanged';
    const kept = ownHolds.length === 0 ? '' : `; ${ownHolds.length} stay held by a hold of their own`;
    return {
      tenantId,
      customerRef,
      legalHold: false,
      outcome,
      changed,
      unchanged: ownHolds,
      ledgerSequences: sequences,
      detail:
        outcome === 'unchanged'
          ? `The data subject has no legal hold${kept}`
          : `The data subject's legal hold is released (${changed.length} recordings released${kept})`,
    };
  }

  /** One recording's change: `decide` gets the fresh state and says what it becomes (nothing: unchanged). */
  private async changeRecording(
    tenantId: string,
    contactId: string,
    by: HoldAuthor,
    decide: (recording: RecordingMetadata) => Promise<{ after?: RecordingMetadata; view: RecordingHoldView }>,
  ): Promise<RecordingHoldOutcome> {
    const { result, entry } = await this.ledger.commit<RecordingHoldOutcome>(tenantId, async () => {
      const recording = await this.store.recording(tenantId, contactId);
      if (recording === undefined) return { unchanged: true, result: { outcome: 'not-found' } };
      if (recording.status === 'deleted')
        return { unchanged: true, result: { outcome: 'deleted', deletedAt: recording.deleted?.at ?? '' } };
      const { after, view } = await decide(recording);
      if (after === undefined) return { unchanged: true, result: { outcome: 'done', view } };
      const kind = after.hold?.scope === 'recording' ? 'recording.legal-hold-set' : 'recording.legal-hold-released';
      return {
        items: [this.store.recordingWrite(recording, after, utcDay(by.now))],
        evidence: {
          tenantId,
          occurredAt: by.now.toISOString(),
          actor: by.actor,
          actorRole: by.role,
          kind,
          resource: `recording/${contactId}`,
          contentBefore: contentHash(recording),
          contentAfter: contentHash(after),
          requestId: by.requestId,
          payload: {
            scope: 'recording',
            contactId,
            reason: by.reason,
            legalHold: after.legalHold,
            ...(after.legalHold && after.hold?.scope === 'customer' ? { stillHeldBy: 'customer' } : {}),
          },
        },
        result: { outcome: 'done', view },
      };
    });
    return result.outcome === 'done' && entry !== undefined ? { ...result, entry } : result;
  }

  /** Clears the S3 legal hold of recordings the table no longer holds (after the transaction, and on a retry). */
  private async releaseObjects(tenantId: string, contactIds: string[]): Promise<void> {
    for (const contactId of contactIds) {
      const recording = await this.store.recording(tenantId, contactId);
      if (recording?.status === 'stored' && !recording.legalHold)
        await this.objects.setLegalHold(recording.objectKey, recording.versionId, false);
    }
  }
}

function customerScoped(hold: CustomerHold): NonNullable<RecordingMetadata['hold']> {
  return { reason: hold.reason, by: hold.by, at: hold.at, scope: 'customer' };
}

function view(recording: RecordingMetadata, outcome: RecordingHoldView['outcome'], detail: string): RecordingHoldView {
  return {
    tenantId: recording.tenantId,
    contactId: recording.contactId,
    legalHold: recording.legalHold,
    ...(recording.hold === undefined ? {} : { hold: recording.hold }),
    outcome,
    detail,
  };
}

/**
 * The entry of one chunk of a customer-wide change. No `customerRef` in it (the ledger cannot be erased): the
 * subject's hold is committed to by `contentBefore`/`contentAfter`, hashes of the hold item, which names it.
 */
function customerEvidence(
  tenantId: string,
  kind: 'recording.legal-hold-set' | 'recording.legal-hold-released',
  by: HoldAuthor,
  hold: CustomerHold,
  changesHold: boolean,
  chunk: RecordingMetadata[],
) {
  const setting = kind === 'recording.legal-hold-set';
  const hash = contentHash(hold);
  return {
    tenantId,
    occurredAt: by.now.toISOString(),
    actor: by.actor,
    actorRole: by.role,
    kind,
    resource: 'customer-hold',
    contentBefore: setting ? (changesHold ? null : hash) : hash,
    contentAfter: setting ? hash : changesHold ? null : hash,
    requestId: by.requestId,
    payload: {
      scope: 'customer',
      reason: by.reason,
      // false: a later chunk (or a retry) of a change whose hold item was already written.
      holdItemChanged: changesHold,
      recordings: chunk.map((r) => r.contactId),
      count: chunk.length,
    },
  };
}
