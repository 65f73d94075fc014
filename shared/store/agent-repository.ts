/**
 * Agent competence (shared/app/agent-competence.ts) on the single table: one partition per agent and tenant
 * (`keys.agentProfile`) holding the profile (`sk = PROFILE`, listed through gsi1 `keys.agents`), a marker per
 * applied workforce event (`sk = EVENT#<key>`) and the agent's competence violations (`sk = VIOLATION#<contactId>`,
 * listed per tenant through gsi1 `keys.competenceViolations`); P1-HR-INDUCTION's state is `keys.controlState`.
 * Every profile write is conditioned on the revision it was prepared from.
 */
import { type DynamoDBDocumentClient, GetCommand, paginateQuery, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { MillisClock } from '../../events/envelope.js';
import type {
  AgentCompetenceStore,
  CompetenceSnapshot,
  CompetenceSnapshots,
  CompetenceViolation,
  StoredControl,
  StoredProfile,
} from '../app/agent-competence.js';
import type { OutgoingEvent } from '../app/assemble-vendor-contact.js';
import type { ControlHistoryEntry, ControlState } from '../app/control-state.js';
import type { AgentProfile } from '../domain/competence/agent-profile.js';
import { historyItem } from './control-state-repository.js';
import { keys } from './keys.js';
import type { TransactItem } from './ledger-repository.js';

const PROFILE_ENTITY = 'agent-profile';
const VIOLATION_ENTITY = 'competence-violation';
const ITEM_ONLY = new Set(['pk', 'sk', 'entity', 'v', 'gsi1pk', 'gsi1sk', 'revision']);

function strip(item: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([k]) => !ITEM_ONLY.has(k)));
}

function profileOf(item: Record<string, unknown>): AgentProfile {
  return strip(item) as unknown as AgentProfile;
}

/** A page of a tenant's agents, by agent id. */
export interface AgentPage {
  profiles: AgentProfile[];
  next?: string;
}

export class AgentRepository implements AgentCompetenceStore {
  constructor(
    protected readonly db: DynamoDBDocumentClient,
    protected readonly tableName: string,
  ) {}

  async profile(tenantId: string, agentId: string): Promise<StoredProfile | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.agentProfile(tenantId, agentId), ConsistentRead: true }),
    );
    if (out.Item === undefined) return undefined;
    return { profile: profileOf(out.Item), revision: Number(out.Item.revision) };
  }

  async applied(tenantId: string, agentId: string, eventKey: string): Promise<boolean> {
    const out = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.agentEvent(tenantId, agentId, eventKey),
        ConsistentRead: true,
        ProjectionExpression: 'pk',
      }),
    );
    return out.Item !== undefined;
  }

  async openViolations(tenantId: string, agentId: string): Promise<CompetenceViolation[]> {
    return (await this.violations(tenantId, agentId)).filter((v) => v.status === 'open');
  }

  /** Every violation of the agent, whatever its status, oldest contact first (strongly consistent). */
  async violations(tenantId: string, agentId: string): Promise<CompetenceViolation[]> {
    const found: CompetenceViolation[] = [];
    const pages = paginateQuery(
      { client: this.db },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :v)',
        ExpressionAttributeValues: { ':pk': keys.agentProfile(tenantId, agentId).pk, ':v': 'VIOLATION#' },
        ConsistentRead: true,
      },
    );
    for await (const page of pages) for (const item of page.Items ?? []) found.push(strip(item) as never);
    return found.sort((a, b) => a.answeredAt.localeCompare(b.answeredAt));
  }

  async violation(tenantId: string, agentId: string, contactId: string): Promise<CompetenceViolation | undefined> {
    const out = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.agentViolation(tenantId, agentId, contactId),
        ConsistentRead: true,
      }),
    );
    return out.Item === undefined ? undefined : (strip(out.Item) as never);
  }

  /** The tenant's violations, open or all, oldest contact first (index: eventually consistent). */
  async tenantViolations(tenantId: string, status?: 'open'): Promise<CompetenceViolation[]> {
    const found: CompetenceViolation[] = [];
    const pages = paginateQuery(
      { client: this.db },
      {
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: {
          ':p': keys.competenceViolations(tenantId),
          ...(status === undefined ? {} : { ':s': status }),
        },
        ...(status === undefined ? {} : { FilterExpression: '#s = :s', ExpressionAttributeNames: { '#s': 'status' } }),
      },
    );
    for await (const page of pages) for (const item of page.Items ?? []) found.push(strip(item) as never);
    return found;
  }

  async controlState(tenantId: string, controlId: string): Promise<StoredControl | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.controlState(tenantId, controlId), ConsistentRead: true }),
    );
    if (out.Item === undefined) return undefined;
    return { state: strip(out.Item) as unknown as ControlState, revision: Number(out.Item.revision ?? 0) };
  }

  /** One page of the tenant's agents by agent id (index: eventually consistent). */
  async page(tenantId: string, limit: number, after?: string): Promise<AgentPage> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': keys.agents(tenantId) },
        Limit: limit,
        ...(after === undefined
          ? {}
          : {
              ExclusiveStartKey: {
                gsi1pk: keys.agents(tenantId),
                gsi1sk: after,
                ...keys.agentProfile(tenantId, after),
              },
            }),
      }),
    );
    const profiles = (out.Items ?? []).map(profileOf);
    const last = profiles.at(-1);
    return { profiles, ...(out.LastEvaluatedKey === undefined || last === undefined ? {} : { next: last.agentId }) };
  }

  /** Every profile of the tenant (index: eventually consistent). */
  async allProfiles(tenantId: string): Promise<AgentProfile[]> {
    const profiles: AgentProfile[] = [];
    const pages = paginateQuery(
      { client: this.db },
      {
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': keys.agents(tenantId) },
      },
    );
    for await (const page of pages) for (const item of page.Items ?? []) profiles.push(profileOf(item));
    return profiles;
  }

  profileWrites(profile: AgentProfile, previousRevision: number | undefined, eventKey: string): TransactItem[] {
    const { tenantId, agentId } = profile;
    return [
      {
        Put: {
          TableName: this.tableName,
          Item: {
            ...keys.agentProfile(tenantId, agentId),
            gsi1pk: keys.agents(tenantId),
            gsi1sk: agentId,
            entity: PROFILE_ENTITY,
            v: 1,
            revision: (previousRevision ?? 0) + 1,
            ...profile,
          },
          ...this.revisionCondition(previousRevision),
        },
      },
      {
        Put: {
          TableName: this.tableName,
          Item: { ...keys.agentEvent(tenantId, agentId, eventKey), entity: 'workforce-event', v: 1 },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ];
  }

  profileUnchanged(tenantId: string, agentId: string, revision: number | undefined): TransactItem {
    return {
      ConditionCheck: {
        TableName: this.tableName,
        Key: keys.agentProfile(tenantId, agentId),
        ...this.revisionCondition(revision),
      },
    } as TransactItem;
  }

  violationWrite(violation: CompetenceViolation, isNew: boolean): TransactItem {
    const { tenantId, agentId, contactId, answeredAt } = violation;
    return {
      Put: {
        TableName: this.tableName,
        Item: {
          ...keys.agentViolation(tenantId, agentId, contactId),
          gsi1pk: keys.competenceViolations(tenantId),
          gsi1sk: `${answeredAt}#${agentId}#${contactId}`,
          entity: VIOLATION_ENTITY,
          v: 1,
          ...violation,
        },
        ...(isNew
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : {
              ConditionExpression: '#s = :open',
              ExpressionAttributeNames: { '#s': 'status' },
              ExpressionAttributeValues: { ':open': 'open' },
            }),
      },
    };
  }

  controlWrite(state: ControlState, previousRevision: number | undefined): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: {
          ...keys.controlState(state.tenantId, state.controlId),
          entity: 'control-state',
          v: 1,
          revision: (previousRevision ?? 0) + 1,
          ...state,
        },
        ...this.revisionCondition(previousRevision),
      },
    };
  }

  historyWrite(entry: ControlHistoryEntry, event?: OutgoingEvent): TransactItem {
    return historyItem(this.tableName, entry, event);
  }

  private revisionCondition(revision: number | undefined) {
    return revision === undefined
      ? { ConditionExpression: 'attribute_not_exists(pk)' }
      : {
          ConditionExpression: 'revision = :revision',
          ExpressionAttributeValues: { ':revision': revision },
        };
  }
}

/**
 * A tenant's profiles for the contact path, cached per container: a container checks every contact of the tenant
 * against one read of the tenant's agents every `ttlMs` (5 minutes), not one read per contact. Staleness never
 * records a false violation: a contact the snapshot shows lacking is read again, strongly consistent, before anything
 * is recorded (shared/app/agent-competence.ts). What it can delay, by at most `ttlMs`, is seeing an agent who has
 * left. A tenant with no agents yet is read again after `emptyTtlMs` (1 minute), so connecting the workforce feed
 * turns the check on within a minute.
 */
export const SNAPSHOT_TTL_MS = 300_000;
export const EMPTY_SNAPSHOT_TTL_MS = 60_000;

export class CachedCompetenceSnapshots implements CompetenceSnapshots {
  private readonly cache = new Map<string, { until: number; snapshot: Promise<CompetenceSnapshot> }>();

  constructor(
    private readonly agents: Pick<AgentRepository, 'allProfiles'>,
    private readonly ttlMs = SNAPSHOT_TTL_MS,
    private readonly emptyTtlMs = EMPTY_SNAPSHOT_TTL_MS,
    private readonly now: MillisClock = Date.now,
  ) {}

  snapshot(tenantId: string): Promise<CompetenceSnapshot> {
    const hit = this.cache.get(tenantId);
    if (hit !== undefined && this.now() < hit.until) return hit.snapshot;
    const at = this.now();
    const entry = { until: at + this.emptyTtlMs, snapshot: Promise.resolve<CompetenceSnapshot>(NO_DATA) };
    entry.snapshot = this.agents.allProfiles(tenantId).then((profiles) => {
      if (profiles.length > 0) entry.until = at + this.ttlMs;
      return { hasWorkforceData: profiles.length > 0, profiles: new Map(profiles.map((p) => [p.agentId, p])) };
    });
    this.cache.set(tenantId, entry);
    // A failed read must not be served from the cache.
    entry.snapshot.catch(() => this.cache.delete(tenantId));
    return entry.snapshot;
  }
}

const NO_DATA: CompetenceSnapshot = { hasWorkforceData: false, profiles: new Map() };
