/**
 * The use case "add a version of a client agreement": from a PUT body, with its evidence-ledger entry in the same
 * transaction. It depends on the ports below; shared/store/agreement-repository.ts implements the store on DynamoDB.
 */
import type { AgreementInput, AgreementVersion } from '../domain/agreement/agreement-schema.js';
import {
  assertNoRetroactiveTimeZoneChange,
  buildVersion,
  RetroactiveTimeZoneChangeError,
  versionInForceAt,
} from '../domain/agreement/agreement-versions.js';
import { localDate } from '../domain/calendar/zoned-time.js';
import { contentHash, type LedgerEntry } from '../domain/ledger/hash-chain.js';
import type { EvidenceLedger, StoreWrite } from './evidence-ledger.js';
import { IdempotencyKeyReusedError } from './idempotency.js';

/** Who adds a version, when, and through which request. */
export interface VersionAuthor {
  recordedBy: string;
  role: string;
  recordedAt: Date;
  requestId?: string;
  /** The client's `Idempotency-Key`: a retry with the same key adds nothing and answers as the first time. */
  idempotencyKey?: string;
}

/** What adding a version did: `created`, or `unchanged` (an identical body, or a retry with the same key). */
export interface AddedVersion {
  version: AgreementVersion;
  outcome: 'created' | 'unchanged';
  /** The ledger entry written with a created version. */
  entry?: LedgerEntry;
}

/** Port: the stored versions of a tenant's agreement and what adding one writes. */
export interface AgreementVersionStore {
  /** Every stored version, oldest first. */
  versions(tenantId: string): Promise<AgreementVersion[]>;
  /** The last version number, and the hash of the body that created it. */
  head(tenantId: string): Promise<{ lastVersion: number; lastInputHash?: string }>;
  /** The version a client's idempotency key created, with the hash of its body, while the key is kept. */
  idempotentReplay(
    tenantId: string,
    key: string | undefined,
    now: Date,
  ): Promise<{ version: number; inputHash: string } | undefined>;
  /** Whether any day of the tenant from the day before `from` to `today` has been counted. */
  hasCountedDays(tenantId: string, from: string, today: string): Promise<boolean>;
  /** The writes that add `version` after version `last`, conditioned so that a concurrent writer makes them fail. */
  writesFor(
    tenantId: string,
    version: AgreementVersion,
    last: number,
    inputHash: string,
    by: VersionAuthor,
  ): StoreWrite[];
}

export class AddAgreementVersion {
  constructor(
    private readonly store: AgreementVersionStore,
    private readonly ledger: EvidenceLedger,
  ) {}

  /**
   * Adds a version from a PUT body, with its ledger entry in the same transaction. A body identical to the last one
   * stored, or a retry with the same idempotency key, adds nothing and returns the version it matches. Throws
   * {@link RetroactiveTimeZoneChangeError} (from the domain) when it would move days already begun to another time
   * zone, {@link IdempotencyKeyReusedError} when the key came with another body, and `ContentionError` when
   * concurrent writers kept winning.
   */
  async add(tenantId: string, input: AgreementInput, author: VersionAuthor): Promise<AddedVersion> {
    const { store, ledger } = this;
    const inputHash = contentHash(input);
    const { result, entry } = await ledger.commit<AddedVersion>(tenantId, async () => {
      const [stored, head, replay] = await Promise.all([
        store.versions(tenantId),
        store.head(tenantId),
        store.idempotentReplay(tenantId, author.idempotencyKey, author.recordedAt),
      ]);
      const byNumber = (n: number) => stored.find((v) => v.version === n) as AgreementVersion;
      if (replay !== undefined) {
        if (replay.inputHash !== inputHash)
          throw new IdempotencyKeyReusedError('this Idempotency-Key was already used with a different body');
        return { unchanged: true as const, result: { version: byNumber(replay.version), outcome: 'unchanged' } };
      }
      if (head.lastVersion > 0 && head.lastInputHash === inputHash)
        return { unchanged: true as const, result: { version: byNumber(head.lastVersion), outcome: 'unchanged' } };
      const version = buildVersion(input, {
        tenantId,
        version: head.lastVersion + 1,
        recordedAt: author.recordedAt.toISOString(),
        recordedBy: author.recordedBy,
      });
      const current = versionInForceAt(tenantId, stored, author.recordedAt);
      const today = localDate(author.recordedAt, current.timeZone.value);
      try {
        assertNoRetroactiveTimeZoneChange(tenantId, stored, version, today);
      } catch (error) {
        // A tenant's first version may set its zone from a past date while none of its days is counted yet (a
        // client onboarded before its traffic arrives): then no counted day moves.
        if (!(error instanceof RetroactiveTimeZoneChangeError) || stored.length > 0) throw error;
        if (await store.hasCountedDays(tenantId, version.effectiveFrom as string, today)) throw error;
      }
      const previous = head.lastVersion > 0 ? byNumber(head.lastVersion) : undefined;
      return {
        items: store.writesFor(tenantId, version, head.lastVersion, inputHash, author),
        evidence: {
          tenantId,
          occurredAt: author.recordedAt.toISOString(),
          actor: author.recordedBy,
          actorRole: author.role,
          kind: 'agreement.version-added',
          resource: `agreement/${version.version}`,
          contentBefore: previous === undefined ? null : contentHash(previous),
          contentAfter: contentHash(version),
          requestId: author.requestId,
          payload: {
            version: version.version,
            effectiveFrom: version.effectiveFrom,
            ...(version.reference === undefined ? {} : { reference: version.reference }),
            ...(previous === undefined ? {} : { previousVersion: previous.version }),
          },
        },
        result: { version, outcome: 'created' },
      };
    });
    return entry === undefined ? result : { ...result, entry };
  }
}
