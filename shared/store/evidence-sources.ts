/**
 * EvidenceSources (shared/app/evidence-sources.ts) on the single table: the repositories the API routes read (the
 * control history up to a year's worth, where its own default stops at a page), and the one read no route makes,
 * a tenant's contacts of a day (gsi1 `T#<t>#CONTACTS#<day>`, in arrival order: the population of the contact
 * sample), projected to the fields the sample shows.
 */
import { type DynamoDBDocumentClient, paginateQuery } from '@aws-sdk/lib-dynamodb';
import type { StoredErasureRequest } from '../app/erasure-requests.js';
import type { EvidenceSources, SampledContact } from '../app/evidence-sources.js';
import { AgentRepository } from './agent-repository.js';
import { AgreementRepository } from './agreement-repository.js';
import { ComplaintRepository } from './complaint-repository.js';
import { ControlStateRepository } from './control-state-repository.js';
import { ErasureRequestRepository } from './erasure-request-repository.js';
import { GovernanceRepository } from './governance-repository.js';
import { keys } from './keys.js';
import { KpiRepository } from './kpi-repository.js';
import { DynamoLedgerRepository } from './ledger-repository.js';
import { QualityRepository } from './quality-repository.js';

const ERASURE_PAGE = 100;

/** Every transition of a year (18 controls flapping daily are about 13,000): the history's own cap is a page's. */
const HISTORY_LIMIT = 100_000;

const CONTACT_FIELDS = ['contactId', 'initiatedAt', 'endedAt', 'channel', 'centerId', 'queue', 'agentId', 'day'];

/** Every source of the pack, from the table. */
export function dynamoEvidenceSources(db: DynamoDBDocumentClient, tableName: string): EvidenceSources {
  const agreements = new AgreementRepository(db, tableName);
  const kpis = new KpiRepository(db, tableName);
  const complaints = new ComplaintRepository(db, tableName);
  const agents = new AgentRepository(db, tableName);
  const erasures = new ErasureRequestRepository(db, tableName);
  const controls = new ControlStateRepository(db, tableName);
  return {
    agreementVersions: (tenantId) => agreements.versions(tenantId),
    kpiDays: (tenantId, from, to) => kpis.days(tenantId, from, to, {}),
    complaints: (tenantId, lifecycle, from) => complaints.all(tenantId, lifecycle, from),
    agents: (tenantId) => agents.allProfiles(tenantId),
    contacts: (tenantId, day) => contactsOfDay(db, tableName, tenantId, day),
    erasureRequests: (tenantId) => allErasureRequests(erasures, tenantId),
    controlStates: (tenantId, ids) => controls.states(tenantId, ids),
    controlHistory: { history: (tenantId, window) => controls.history(tenantId, window, HISTORY_LIMIT) },
    ledger: new DynamoLedgerRepository(db, tableName),
    quality: new QualityRepository(db, tableName),
    governance: new GovernanceRepository(db, tableName),
  };
}

async function* contactsOfDay(
  db: DynamoDBDocumentClient,
  tableName: string,
  tenantId: string,
  day: string,
): AsyncGenerator<SampledContact> {
  const names = Object.fromEntries(CONTACT_FIELDS.map((field, i) => [`#f${i}`, field]));
  const pages = paginateQuery(
    { client: db },
    {
      TableName: tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': keys.contactsByDay(tenantId, day) },
      ProjectionExpression: Object.keys(names).join(', '),
      ExpressionAttributeNames: names,
    },
  );
  for await (const page of pages) for (const item of page.Items ?? []) yield item as SampledContact;
}

async function* allErasureRequests(
  erasures: ErasureRequestRepository,
  tenantId: string,
): AsyncGenerator<StoredErasureRequest> {
  let after: string | undefined;
  do {
    const page = await erasures.list(tenantId, { limit: ERASURE_PAGE, ...(after === undefined ? {} : { after }) });
    yield* page.requests;
    after = page.next;
  } while (after !== undefined);
}
