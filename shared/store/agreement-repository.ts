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
import type { AddedVersion, AgreementVersionStore, VersionAuthor } from '../app/add-agreement-version.js';
import { complaintRegisterPolicy } from '../app/complaint-register-check.js';
import type { AgreementReader } from '../app/kpi-query.js';
import type { ContactPolicy, ContactPolicyLookup } from '../app/record-contact.js';
import { AgreementVersion } from '../domain/agreement/agreement-schema.js';
import { sortVersions, versionInForceAt } from '../domain/agreement/agreement-versions.js';
import { addDays, lastDayOfMonth, monthOf } from '../domain/calendar/calendar-date.js';
import { competenceRequirements } from '../domain/competence/competence-requirements.js';
import { tenantPrefix } from './keys.js';
import { kpiKeys } from './kpi-aggregate-items.js';
import type { TransactItem } from './ledger-repository.js';

export const agreementKeys = {
  partition: (tenantId: string) => `${tenantPrefix(tenantId)}#AGREEMENT`,
  head: (tenantId: string) => ({ pk: agreementKeys.partition(tenantId), sk: 'HEAD' }),
  version: (tenantId: string, effectiveFrom: string, version: number) => ({
    pk: agreementKeys.partition(tenantId),
    sk: `V#${effectiveFrom}#${String(version).padStart(6, '0')}`,
  }),
  idempotency: (tenantId: string, key: string) => ({ pk: agreementKeys.partition(tenantId), sk: `IDEMPOTENCY#${key}` }),
};

export type { AddedVersion, VersionAuthor };

/** Idempotency keys are kept a day: long enough for any client's retries, short enough to stay small. */
const IDEMPOTENCY_TTL_SECONDS = 86_400;

export class AgreementRepository implements AgreementReader, AgreementVersionStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
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

  /** The writes that add `version` after version `last` (and remember the client's key), conditioned so a race loses. */
  writesFor(tenantId: string, version: AgreementVersion, last: number, inputHash: string, by: VersionAuthor) {
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
  async hasCountedDays(tenantId: string, from: string, today: string): Promise<boolean> {
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

  async head(tenantId: string): Promise<{ lastVersion: number; lastInputHash?: string }> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: agreementKeys.head(tenantId), ConsistentRead: true }),
    );
    return { lastVersion: Number(out.Item?.lastVersion ?? 0), lastInputHash: out.Item?.lastInputHash };
  }

  async idempotentReplay(tenantId: string, key: string | undefined, now: Date) {
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
 * The contact policy (time zone, retention, repeat window, competence requirements, complaint register) from the
 * agreement in force at a contact's `initiatedAt`. Versions are cached per tenant for a short while: a busy container
 * records many contacts a second and agreements change rarely; a new version reaches every container within `ttlMs`.
 */
export class AgreementPolicyLookup implements ContactPolicyLookup {
  private readonly cache = new Map<string, { at: number; versions: Promise<AgreementVersion[]> }>();
  /**
   * The policy of each version (`tenantId#version`; a stored version never changes, and version 0 is the default
   * agreement), built once: the contacts of a version share it, and the business calendar in it, whose open spans
   * business-time arithmetic caches per calendar.
   */
  private readonly policies = new Map<string, ContactPolicy>();

  constructor(
    private readonly agreements: AgreementReader,
    private readonly ttlMs = 30_000,
    private readonly now: MillisClock = Date.now,
  ) {}

  async policyFor(tenantId: string, initiatedAt: string): Promise<ContactPolicy> {
    const version = versionInForceAt(tenantId, await this.versions(tenantId), initiatedAt);
    const key = `${tenantId}#${version.version}`;
    let policy = this.policies.get(key);
    if (policy === undefined) {
      policy = {
        timeZone: version.timeZone.value,
        retentionDays: version.retention.contactRecordDays.value,
        repeatContactWindowDays: version.repeatContactWindowDays.value,
        competence: competenceRequirements(version.training),
        complaintRegister: complaintRegisterPolicy(version),
      };
      this.policies.set(key, policy);
    }
    return policy;
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
