/**
 * Client agreements in the single table: one item per version, `pk = T#<t>#AGREEMENT`,
 * `sk = V#<effectiveFrom>#<version>` (so the versions sort as they take effect), and a head item
 * (`sk = HEAD`) that holds the last version number. Adding a version moves the head with a condition on the
 * number it read, in the same transaction as the version item, so two concurrent PUTs never get the same number:
 * the loser reads the head again and takes the next.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, paginateQuery, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { type AgreementInput, AgreementVersion } from '../domain/agreement/agreement-schema.js';
import {
  assertNoRetroactiveTimeZoneChange,
  buildVersion,
  sortVersions,
  versionInForceAt,
} from '../domain/agreement/agreement-versions.js';
import { localDate } from '../domain/calendar/zoned-time.js';
import type { ContactPolicyLookup } from './contact-recorder.js';
import type { ContactPolicy } from './contact-repository.js';
import { tenantPrefix } from './keys.js';

export const agreementKeys = {
  partition: (tenantId: string) => `${tenantPrefix(tenantId)}#AGREEMENT`,
  head: (tenantId: string) => ({ pk: agreementKeys.partition(tenantId), sk: 'HEAD' }),
  version: (tenantId: string, effectiveFrom: string, version: number) => ({
    pk: agreementKeys.partition(tenantId),
    sk: `V#${effectiveFrom}#${String(version).padStart(6, '0')}`,
  }),
};

/** Port: the stored versions of a tenant's agreement (the default is not stored; it applies before them). */
export interface AgreementReader {
  versions(tenantId: string): Promise<AgreementVersion[]>;
}

/** Who adds a version, and when. */
export interface VersionAuthor {
  recordedBy: string;
  recordedAt: Date;
}

const MAX_ATTEMPTS = 10;

export class AgreementRepository implements AgreementReader {
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

  /**
   * Adds a version from a PUT body and returns it. Throws {@link RetroactiveTimeZoneChangeError} (from the domain)
   * when it would move days already begun to another time zone.
   */
  async add(tenantId: string, input: AgreementInput, author: VersionAuthor): Promise<AgreementVersion> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const [stored, last] = await Promise.all([this.versions(tenantId), this.lastVersion(tenantId)]);
      const version = buildVersion(input, {
        tenantId,
        version: last + 1,
        recordedAt: author.recordedAt.toISOString(),
        recordedBy: author.recordedBy,
      });
      const current = versionInForceAt(tenantId, stored, author.recordedAt);
      assertNoRetroactiveTimeZoneChange(
        tenantId,
        stored,
        version,
        localDate(author.recordedAt, current.timeZone.value),
      );
      try {
        await this.db.send(new TransactWriteCommand({ TransactItems: this.addItems(tenantId, version, last) }));
        return version;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** Math.min(attempt, 5)));
      }
    }
    throw new Error(`adding an agreement version for ${tenantId} lost ${MAX_ATTEMPTS} races in a row`);
  }

  private addItems(tenantId: string, version: AgreementVersion, last: number) {
    return [
      {
        Put: {
          TableName: this.tableName,
          Item: { ...agreementKeys.head(tenantId), entity: 'agreement-head', v: 1, lastVersion: version.version },
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
  }

  private async lastVersion(tenantId: string): Promise<number> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: agreementKeys.head(tenantId), ConsistentRead: true }),
    );
    return Number(out.Item?.lastVersion ?? 0);
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
    private readonly now: () => number = Date.now,
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
