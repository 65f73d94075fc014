/**
 * Client agreements in the single table: one item per version, `pk = T#<t>#AGREEMENT`,
 * `sk = V#<effectiveFrom>#<version>` (so the versions sort as they take effect), and a head item
 * (`sk = HEAD`) that holds the last version number. Adding a version moves the head with a condition on the
 * number it read, in the same transaction as the version item and its evidence-ledger entry, so two concurrent PUTs
 * never get the same number and no version exists without its entry: the loser reads again and takes the next.
 * `sk = IDEMPOTENCY#<key>` remembers, for a day, which version a client's `Idempotency-Key` created.
 */
import { type DynamoDBDocumentClient, GetCommand, paginateQuery, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { MillisClock } from '../../events/envelope.js';
import { IdempotencyKeyReusedError } from '../app/idempotency.js';
import type { AgreementReader } from '../app/kpi-query.js';
import type { ContactPolicy, ContactPolicyLookup } from '../app/record-contact.js';
import { type AgreementInput, AgreementVersion } from '../domain/agreement/agreement-schema.js';
import {
  assertNoRetroactiveTimeZoneChange,
  buildVersion,
  RetroactiveTimeZoneChangeError,
  sortVersions,
  versionInForceAt,
} from '../domain/agreement/agreement-versions.js';
import { addDays, lastDayOfMonth, monthOf } from '../domain/calendar/calendar-date.js';
import { localDate } from '../domain/calendar/zoned-time.js';
import { contentHash, type LedgerEntry } from '../domain/ledger/hash-chain.js';
import { tenantPrefix } from './keys.js';
import { kpiKeys } from './kpi-aggregate-items.js';
import type { EvidenceLedger, TransactItem } from './ledger-repository.js';

export const agreementKeys = {
  partition: (tenantId: string) => `${tenantPrefix(tenantId)}#AGREEMENT`,
  head: (tenantId: string) => ({ pk: agreementKeys.partition(tenantId), sk: 'HEAD' }),
  version: (tenantId: string, effectiveFrom: string, version: number) => ({
    pk: agreementKeys.partition(tenantId),
    sk: `V#${effectiveFrom}#${String(version).padStart(6, '0')}`,
  }),
  idempotency: (tenantId: string, key: string) => ({ pk: agreementKeys.partition(tenantId), sk: `IDEMPOTENCY#${key}` }),
};

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

// Declared in shared/app so that the HTTP edge maps it without importing the store.
export { IdempotencyKeyReusedError } from '../app/idempotency.js';

/** Idempotency keys are kept a day: long enough for any client's retries, short enough to stay small. */
const IDEMPOTENCY_TTL_SECONDS = 86_400;

export class AgreementRepository implements AgreementReader {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly ledger?: EvidenceLedger,
  ) {}

  /** Every stored version, oldest first (by `effectiveFrom`, then number). */
  async versions(tenantId: string): Promise<AgreementVersion[]> {
    const items: Record<string, unknown>[] = [];
    const pages = paginateQuery(
      { client: this.db },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :v)',
        ExpressionAttributeValues: { ':pk': agreementKeys.partition(tenantId), ':v': 'V#' },
        ConsistentRead: true,
      },
    );
    for await (const page of pages) items.push(...(page.Items ?? []));
    return sortVersions(
      items.map(({ pk: _pk, sk: _sk, entity: _entity, v: _v, ...version }) => AgreementVersion.parse(version)),
    );
  }

  /**
   * Adds a version from a PUT body, with its ledger entry in the same transaction. A body identical to the last one
   * stored, or a retry with the same idempotency key, adds nothing and returns the version it matches. Throws
   * {@link RetroactiveTimeZoneChangeError} (from the domain) when it would move days already begun to another time
   * zone, {@link IdempotencyKeyReusedError} when the key came with another body, and `ContentionError` when
   * concurrent writers kept winning.
   */
  async add(tenantId: string, input: AgreementInput, author: VersionAuthor): Promise<AddedVersion> {
    if (this.ledger === undefined) throw new Error('AgreementRepository needs the evidence ledger to add versions');
    const inputHash = contentHash(input);
    const { result, entry } = await this.ledger.commit<AddedVersion>(tenantId, async () => {
      const [stored, head, replay] = await Promise.all([
        this.versions(tenantId),
        this.head(tenantId),
        this.idempotentReplay(tenantId, author.idempotencyKey, author.recordedAt),
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
        if (await this.countsDaysFrom(tenantId, version.effectiveFrom as string, today)) throw error;
      }
      const previous = head.lastVersion > 0 ? byNumber(head.lastVersion) : undefined;
      return {
        items: this.addItems(tenantId, version, head.lastVersion, inputHash, author),
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

  private addItems(tenantId: string, version: AgreementVersion, last: number, inputHash: string, by: VersionAuthor) {
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.tableName,
          Item: {
            ...agreementKeys.head(tenantId),
            entity: 'agreement-head',
            v: 1,
            lastVersion: version.version,
            lastInputHash: inputHash,
          },
          ConditionExpression: last === 0 ? 'attribute_not_exists(pk)' : 'lastVersion = :last',
          ...(last === 0 ? {} : { ExpressionAttributeValues: { ':last': last } }),
        },
      },
      {
        Put: {
          TableName: this.tableName,
          Item: {
            ...agreementKeys.version(tenantId, version.effectiveFrom as string, version.version),
            entity: 'agreement',
            v: 1,
            ...version,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ];
    if (by.idempotencyKey !== undefined)
      items.push({
        Put: {
          TableName: this.tableName,
          Item: {
            ...agreementKeys.idempotency(tenantId, by.idempotencyKey),
            entity: 'idempotency-key',
            v: 1,
            version: version.version,
            inputHash,
            expiresAt: Math.floor(by.recordedAt.getTime() / 1000) + IDEMPOTENCY_TTL_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
    return items;
  }

  /** Whether a KPI day aggregate of the tenant exists from the day before `from` (zones differ by hours) to `today`. */
  private async countsDaysFrom(tenantId: string, from: string, today: string): Promise<boolean> {
    const start = addDays(from, -1);
    const last = monthOf(addDays(today, 1));
    for (let month = monthOf(start); month <= last; month = monthOf(addDays(lastDayOfMonth(month), 1))) {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk >= :day',
          ExpressionAttributeValues: {
            ':pk': kpiKeys.dayPartition(tenantId, month),
            ':day': month === monthOf(start) ? start.slice(8, 10) : '00',
          },
          Limit: 1,
          ConsistentRead: true,
        }),
      );
      if ((out.Items ?? []).length > 0) return true;
    }
    return false;
  }

  private async head(tenantId: string): Promise<{ lastVersion: number; lastInputHash?: string }> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: agreementKeys.head(tenantId), ConsistentRead: true }),
    );
    return { lastVersion: Number(out.Item?.lastVersion ?? 0), lastInputHash: out.Item?.lastInputHash };
  }

  private async idempotentReplay(tenantId: string, key: string | undefined, now: Date) {
    if (key === undefined) return undefined;
    const out = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: agreementKeys.idempotency(tenantId, key),
        ConsistentRead: true,
      }),
    );
    // An expired key that DynamoDB has not yet removed no longer protects anything.
    if (out.Item === undefined || Number(out.Item.expiresAt) * 1000 < now.getTime()) return undefined;
    return { version: Number(out.Item.version), inputHash: String(out.Item.inputHash) };
  }
}

/**
 * The contact policy (time zone, retention, repeat window) from the agreement in force at a contact's
 * `initiatedAt`. Versions are cached per tenant for a short while: a busy container records many contacts a second
 * and agreements change rarely; a new version reaches every container within `ttlMs`.
 */
export class AgreementPolicyLookup implements ContactPolicyLookup {
  private readonly cache = new Map<string, { at: number; versions: Promise<AgreementVersion[]> }>();

  constructor(
    private readonly agreements: AgreementReader,
    private readonly ttlMs = 30_000,
    private readonly now: MillisClock = Date.now,
  ) {}

  async policyFor(tenantId: string, initiatedAt: string): Promise<ContactPolicy> {
    const version = versionInForceAt(tenantId, await this.versions(tenantId), initiatedAt);
    return {
      timeZone: version.timeZone.value,
      retentionDays: version.retention.contactRecordDays.value,
      repeatContactWindowDays: version.repeatContactWindowDays.value,
    };
  }

  private versions(tenantId: string): Promise<AgreementVersion[]> {
    const hit = this.cache.get(tenantId);
    if (hit !== undefined && this.now() - hit.at < this.ttlMs) return hit.versions;
    const versions = this.agreements.versions(tenantId);
    this.cache.set(tenantId, { at: this.now(), versions });
    // A failed read must not be served from the cache.
    versions.catch(() => this.cache.delete(tenantId));
    return versions;
  }
}
