/**
 * The use case "give a person a recording, for a stated purpose" (ISO18295.md §2.8 DP-REC-ACCESS and
 * DP-REC-ACCESSLOG, §4 "Access logging"): the access record, its evidence-ledger entry and, for an unusual access,
 * the control state DP-REC-ACCESS at risk are written in one transaction before the URL exists. The entry states
 * when the URL expires (`urlSeconds` after the request); the URL is signed once the transaction has committed, for
 * the seconds left until then, so it never outlives what the ledger says. shared/store/recording-access-repository.ts
 * implements the store port on DynamoDB.
 */

import type { Clock } from '../../events/envelope.js';
import type { AgreementVersion } from '../domain/agreement/agreement-schema.js';
import { businessCalendarOf, versionInForceAt } from '../domain/agreement/agreement-versions.js';
import { contentHash, type LedgerEntry } from '../domain/ledger/hash-chain.js';
import { BULK_ACCESS_WINDOW_MS, decideUnusualAccess } from '../domain/recording/unusual-access.js';
import type { OutgoingEvent } from './assemble-vendor-contact.js';
import type { ControlHistoryEntry, ControlState } from './control-state.js';
import { realTimeTransition } from './control-transitions.js';
import type { EvidenceLedger, StoreWrite } from './evidence-ledger.js';
import type { RecordingAccess, RecordingMetadata, RecordingObjectStore } from './recordings.js';

/** An access as recorded: {@link RecordingAccess} with the requester's optional note beside the purpose. */
export type RecordingAccessRecord = RecordingAccess & { note?: string };

/** The control an unusual access puts at risk. */
export const RECORDING_ACCESS_CONTROL = { controlId: 'DP-REC-ACCESS', clause: '4.5 / GDPR Art. 5(1)(f), 32' } as const;
/** The grade of DP-REC-ACCESS, as its catalogue entry has it (shared/app/controls/catalogue/dp-rec-access.ts). */
const RECORDING_ACCESS_SEVERITY = 'major';

export type { ControlState };

/** How long a URL lives and when access counts as bulk (RECORDING_ACCESS_URL_SECONDS, RECORDING_ACCESS_HOURLY_LIMIT). */
export interface RecordingAccessSettings {
  /** 1 to 300 seconds (CONTRACT.md §5: "a presigned URL valid at most 5 minutes"). */
  urlSeconds: number;
  /** Distinct recordings one person may reach in an hour before the access is unusual. */
  hourlyLimit: number;
}

/** The defaults: 300 s, 10 recordings an hour (origin `internal`). */
export const DEFAULT_RECORDING_ACCESS_SETTINGS: RecordingAccessSettings = { urlSeconds: 300, hourlyLimit: 10 };
export const MAX_RECORDING_URL_SECONDS = 300;

/** Port: the recordings, their access records and the control state, as the access use cases read and write them. */
export interface RecordingAccessStore {
  /** The recording's metadata (strongly consistent), or `undefined` when the contact has none. */
  recording(tenantId: string, contactId: string): Promise<RecordingMetadata | undefined>;
  /** The recordings `actor` accessed in the tenant from `since` on (one entry per access). */
  recentAccesses(tenantId: string, actor: string, since: string): Promise<string[]>;
  /** The control's current state, if one was ever recorded. */
  controlState(tenantId: string, controlId: string): Promise<ControlState | undefined>;
  /** The sequence the tenant's next ledger entry will get (read with the ledger head, strongly consistent). */
  nextLedgerSequence(tenantId: string): Promise<number>;
  /** The writes of an access (and of the control state it changes), conditioned on the recording still stored. */
  accessWrites(access: RecordingAccessRecord, control: ControlState | undefined): StoreWrite[];
  /** The history item of a status change of the control (shared/app/control-transitions.ts). */
  historyWrite(entry: ControlHistoryEntry, event?: OutgoingEvent): StoreWrite;
  /** Sets the access record's ledger sequence after the fact, when the ledger gave its entry another one. */
  correctLedgerSequence(access: RecordingAccessRecord, sequence: number): Promise<void>;
  /** One page of a recording's access log, newest first. */
  accessLog(
    tenantId: string,
    contactId: string,
    page: { limit: number; after?: Record<string, unknown> },
  ): Promise<{ accesses: RecordingAccessRecord[]; next?: Record<string, unknown> }>;
}

/** Port: the versions of the tenant's agreement (its time zone and business calendar). */
export interface AgreementVersions {
  versions(tenantId: string): Promise<AgreementVersion[]>;
}

/** Who asks for which recording, why, and when. */
export interface AccessRequest {
  tenantId: string;
  contactId: string;
  actor: string;
  role: string;
  purpose: string;
  note?: string;
  requestId?: string;
  now: Date;
}

/** What asking for a recording gave. */
export type AccessOutcome =
  | { outcome: 'granted'; url: string; access: RecordingAccessRecord; entry: LedgerEntry }
  | { outcome: 'not-found' }
  | { outcome: 'deleted'; deletedAt: string; reason: string };

type Prepared = { outcome: 'granted'; access: RecordingAccessRecord } | Exclude<AccessOutcome, { outcome: 'granted' }>;

export class RecordingAccessUseCase {
  constructor(
    private readonly store: RecordingAccessStore,
    private readonly agreements: AgreementVersions,
    private readonly objects: Pick<RecordingObjectStore, 'presign'>,
    private readonly ledger: EvidenceLedger,
    private readonly settings: RecordingAccessSettings = DEFAULT_RECORDING_ACCESS_SETTINGS,
    private readonly clock: Clock = () => new Date(),
  ) {
    if (!(settings.urlSeconds >= 1 && settings.urlSeconds <= MAX_RECORDING_URL_SECONDS))
      throw new RangeError(`a recording URL lives 1 to ${MAX_RECORDING_URL_SECONDS} seconds`);
  }

  /**
   * Grants an access: a URL valid `urlSeconds` for the stored object, recorded first (access record, ledger entry
   * `recording.accessed`, DP-REC-ACCESS at risk when unusual). A recording on legal hold may be accessed (a hold
   * stops deletion, not review). A contact without a recording is `not-found`; a deleted one says when and why.
   */
  async request(request: AccessRequest): Promise<AccessOutcome> {
    const { store, ledger } = this;
    const { tenantId, contactId, now } = request;
    const found = await store.recording(tenantId, contactId);
    if (found === undefined) return { outcome: 'not-found' };
    if (found.status === 'deleted') return deletedOutcome(found);
    const expiresAt = new Date(now.getTime() + this.settings.urlSeconds * 1000);
    const accessId = crypto.randomUUID();
    const { result, entry } = await ledger.commit<Prepared>(tenantId, async () => {
      const recording = await store.recording(tenantId, contactId);
      if (recording === undefined) return { unchanged: true, result: { outcome: 'not-found' } };
      if (recording.status === 'deleted') return { unchanged: true, result: deletedOutcome(recording) };
      const since = new Date(now.getTime() - BULK_ACCESS_WINDOW_MS).toISOString();
      const [recent, versions, control] = await Promise.all([
        store.recentAccesses(tenantId, request.actor, since),
        this.agreements.versions(tenantId),
        store.controlState(tenantId, RECORDING_ACCESS_CONTROL.controlId),
      ]);
      const agreement = versionInForceAt(tenantId, versions, now);
      const decision = decideUnusualAccess({
        at: now,
        contactId,
        recentContactIds: recent,
        hourlyLimit: this.settings.hourlyLimit,
        timeZone: agreement.timeZone.value,
        calendar: businessCalendarOf(agreement),
      });
      // Read last, after the other reads: the ledger's own read of its head happens before, so a head that moved in
      // between makes the commit fail and prepare again rather than record a sequence that is not the entry's.
      const ledgerSequence = await store.nextLedgerSequence(tenantId);
      const access: RecordingAccessRecord = {
        accessId,
        tenantId,
        contactId,
        actor: request.actor,
        role: request.role,
        purpose: request.purpose,
        ...(request.note === undefined ? {} : { note: request.note }),
        at: now.toISOString(),
        expiresAt: expiresAt.toISOString(),
        unusual: decision.unusual,
        ledgerSequence,
      };
      const atRisk = decision.unusual.length > 0 ? atRiskState(access, decision.recordingsInHour, control) : undefined;
      // Turning at risk is a transition of DP-REC-ACCESS: its history item goes in the same transaction.
      const history = atRisk === undefined ? undefined : realTimeTransition(control, atRisk, RECORDING_ACCESS_SEVERITY);
      return {
        items: [
          ...store.accessWrites(access, atRisk),
          ...(history === undefined ? [] : [store.historyWrite(history.entry, history.event)]),
        ],
        evidence: {
          tenantId,
          occurredAt: access.at,
          actor: access.actor,
          actorRole: access.role,
          kind: 'recording.accessed',
          resource: `recording/${contactId}`,
          contentBefore: contentHash(recording),
          contentAfter: contentHash(recording),
          requestId: request.requestId,
          payload: {
            accessId,
            contactId,
            purpose: access.purpose,
            ...(request.note === undefined ? {} : { note: request.note }),
            action: 'presigned-url',
            expiresAt: access.expiresAt,
            sha256: recording.sha256,
            unusual: access.unusual,
            recordingsInHour: decision.recordingsInHour,
            ...(atRisk === undefined
              ? {}
              : { control: { controlId: atRisk.controlId, status: atRisk.status, since: atRisk.since } }),
          },
        },
        result: { outcome: 'granted', access },
      };
    });
    if (result.outcome !== 'granted') return result;
    const sealed = entry as LedgerEntry;
    let access = result.access;
    if (sealed.sequence !== access.ledgerSequence) {
      await store.correctLedgerSequence(access, sealed.sequence);
      access = { ...access, ledgerSequence: sealed.sequence };
    }
    // Whole seconds left, rounded down; at least one (a commit that took the URL's whole life is not expected).
    const seconds = Math.max(1, Math.floor((expiresAt.getTime() - this.clock().getTime()) / 1000));
    const signed = await this.objects.presign(found.objectKey, found.versionId, seconds);
    return { outcome: 'granted', url: signed.url, access, entry: sealed };
  }

  /** One page of a recording's access log, newest first (kept after the recording is deleted). */
  accessLog(tenantId: string, contactId: string, page: { limit: number; after?: Record<string, unknown> }) {
    return this.store.accessLog(tenantId, contactId, page);
  }
}

function deletedOutcome(recording: RecordingMetadata): AccessOutcome {
  return {
    outcome: 'deleted',
    deletedAt: recording.deleted?.at ?? recording.storedAt,
    reason: recording.deleted?.reason ?? 'retention',
  };
}

/** DP-REC-ACCESS at risk because of `access`: since the first unusual access while it has been at risk. */
function atRiskState(
  access: RecordingAccessRecord,
  recordingsInHour: number,
  current: ControlState | undefined,
): ControlState {
  return {
    tenantId: access.tenantId,
    ...RECORDING_ACCESS_CONTROL,
    status: 'at-risk',
    since: current?.status === 'at-risk' ? current.since : access.at,
    detail: {
      reason: access.unusual.join(','),
      actor: access.actor,
      role: access.role,
      contactId: access.contactId,
      accessId: access.accessId,
      recordingsInHour,
      at: access.at,
    },
  };
}
