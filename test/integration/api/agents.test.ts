/**
 * The agents API (functions/get-agents) on DynamoDB Local: profiles made by AgentCompetence.apply from workforce
 * events, a violation by AgentCompetence.check, then each competence filter, pagination, an agent's matrix, roles
 * and errors as a caller sees them (every answer checked against the OpenAPI document).
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { AgentCompetence, requirementsAt } from '../../../shared/app/agent-competence.js';
import { AgentRepository } from '../../../shared/store/agent-repository.js';
import { AgreementRepository } from '../../../shared/store/agreement-repository.js';
import { DynamoLedgerRepository } from '../../../shared/store/ledger-repository.js';
import { testDocumentClient, useStandInEnvironment } from '../../support/stand-ins.js';
import { answer, apiEvent, lambdaContext } from '../kpis/support/api-event.js';

const config = useStandInEnvironment();
const { handler } = await import('../../../functions/get-agents/handler.js');
const db = testDocumentClient();
const competence = new AgentCompetence(
  new AgentRepository(db, config.tableName),
  new AgreementRepository(db, config.tableName),
  new DynamoLedgerRepository(db, config.tableName),
);

const DAY_MS = 86_400_000;
const NOW = Date.now();
const iso = (daysFromNow: number) => new Date(NOW + daysFromNow * DAY_MS).toISOString();
const tenantId = `agents-${crypto.randomUUID().slice(0, 8)}`;
const LIST = '/v1/tenants/{tenantId}/agents';
const AGENT = '/v1/tenants/{tenantId}/agents/{agentId}';

const VALID = 'agent-1-valid';
const EXPIRING = 'agent-2-expiring';
const EXPIRED = 'agent-3-expired';
const UNINDUCTED = 'agent-4-uninducted';
const LEFT = 'agent-5-left';
const LATE = 'agent-6-inducted-late';
const EVERYONE = [VALID, EXPIRING, EXPIRED, UNINDUCTED, LEFT, LATE];

const base = (occurredAt: string) => ({ schemaVersion: 1 as const, tenantId, centerId: 'lyon-1', occurredAt });

const onboard = (agentId: string, startedAt: string) =>
  competence.apply(
    { type: 'agent.onboarded', detail: { ...base(startedAt), agentId, startedAt, languages: ['fr', 'en'] } },
    `onboarded:${agentId}`,
  );

function train(agentId: string, category: 'induction' | 'data-protection', completedAt: string, validUntil?: string) {
  const trainingRecordId = `tr-${agentId}-${category}`;
  return competence.apply(
    {
      type: 'training.completed',
      detail: {
        ...base(completedAt),
        trainingRecordId,
        agentId,
        courseId: `${category}-101`,
        category,
        hours: 4,
        completedAt,
        passed: true,
        ...(validUntil === undefined ? {} : { validUntil }),
      },
    },
    `training:${trainingRecordId}`,
  );
}

function qa(agentId: string, n: number) {
  const occurredAt = new Date(NOW - 60_000).toISOString();
  return competence.apply(
    {
      type: 'qa.evaluation-completed',
      detail: {
        ...base(occurredAt),
        evaluationId: `qa-${agentId}-${n}`,
        agentId,
        score: 80,
        criticalFail: n === 0,
        evaluatorId: 'qa-lead-1',
      },
    },
    `qa:${agentId}:${n}`,
  );
}

/** A voice contact answered by `agentId` `daysAgo` days ago, checked against the default agreement. */
async function handledContact(agentId: string, daysAgo: number) {
  const answeredAt = iso(-daysAgo);
  const contact = {
    ...base(iso(-daysAgo + 0.01)),
    contactId: `c-${agentId}`,
    channel: 'voice' as const,
    direction: 'inbound' as const,
    queue: 'billing',
    agentId,
    initiatedAt: new Date(Date.parse(answeredAt) - 20_000).toISOString(),
    answeredAt,
    endedAt: iso(-daysAgo + 0.01),
    outcome: 'handled' as const,
  };
  return competence.check(
    contact,
    { competence: requirementsAt(tenantId, [], answeredAt) },
    { hasWorkforceData: true, profiles: new Map() },
  );
}

const EXPIRING_UNTIL = iso(10);
const EXPIRED_UNTIL = iso(-5);

beforeAll(async () => {
  for (const agentId of EVERYONE) await onboard(agentId, iso(-90));
  await train(VALID, 'induction', iso(-89));
  await train(VALID, 'data-protection', iso(-30));
  for (let n = 0; n < 4; n++) await qa(VALID, n);
  await train(EXPIRING, 'induction', iso(-89));
  await train(EXPIRING, 'data-protection', iso(-355), EXPIRING_UNTIL);
  await train(EXPIRED, 'induction', iso(-89));
  await train(EXPIRED, 'data-protection', iso(-370), EXPIRED_UNTIL);
  await train(UNINDUCTED, 'data-protection', iso(-30));
  await train(LEFT, 'induction', iso(-89));
  await train(LEFT, 'data-protection', iso(-370), EXPIRED_UNTIL);
  await competence.apply(
    { type: 'agent.left', detail: { ...base(iso(-1)), agentId: LEFT, leftAt: iso(-1), reason: 'resigned' } },
    `left:${LEFT}`,
  );
  // Took a call two days before the induction it has now: the violation stays open (nothing predating it clears it).
  await train(LATE, 'data-protection', iso(-30));
  await train(LATE, 'induction', iso(-1));
  expect(await handledContact(LATE, 2)).toMatchObject({ status: 'open' });
});

interface Call {
  route: string;
  agentId?: string;
  query?: Record<string, string>;
  groups?: string;
  tenants?: string;
}

async function call({ route, agentId, query, groups, tenants }: Call) {
  const event = apiEvent({
    method: 'GET',
    route,
    tenantId,
    ...(query === undefined ? {} : { query }),
    ...(groups === undefined ? {} : { groups }),
    ...(tenants === undefined ? {} : { tenants }),
  });
  const withAgent: APIGatewayProxyEventV2WithJWTAuthorizer =
    agentId === undefined
      ? event
      : {
          ...event,
          rawPath: event.rawPath.replace('{agentId}', agentId),
          pathParameters: { ...event.pathParameters, agentId },
        };
  return answer(await handler(withAgent, lambdaContext), withAgent);
}

interface Summary {
  agentId: string;
  status: string;
  inducted: boolean;
  expiring: { requirementId: string; validUntil: string }[];
  expired: { requirementId: string; validUntil: string }[];
  missing: string[];
  openViolations: number;
  qa: { count: number; required: number; met: boolean };
}

const list = async (query: Record<string, string>) => {
  const res = await call({ route: LIST, query });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { agents: Summary[]; nextCursor?: string };
};
const ids = (agents: Summary[]) => agents.map((a) => a.agentId);

describe('Function: get-agents', () => {
  it('lists every agent under all, the one who left with status left', async () => {
    const { agents, nextCursor } = await list({});
    expect(ids(agents)).toEqual(EVERYONE);
    expect(nextCursor).toBeUndefined();
    const byId = new Map(agents.map((a) => [a.agentId, a]));
    expect(byId.get(LEFT)).toMatchObject({ status: 'left', leftAt: expect.any(String) });
    expect(byId.get(VALID)).toMatchObject({
      status: 'active',
      inducted: true,
      expiring: [],
      expired: [],
      missing: [],
      openViolations: 0,
      qa: { count: 4, required: 4, met: true },
      languages: ['fr', 'en'],
    });
    expect(byId.get(EXPIRING)?.expiring).toEqual([
      { requirementId: 'mandatory:data-protection', validUntil: EXPIRING_UNTIL },
    ]);
    expect(byId.get(EXPIRED)?.expired).toEqual([
      { requirementId: 'mandatory:data-protection', validUntil: EXPIRED_UNTIL },
    ]);
    expect(byId.get(UNINDUCTED)).toMatchObject({ inducted: false, missing: ['induction:*'] });
    expect(byId.get(LATE)).toMatchObject({ inducted: true, openViolations: 1, qa: { count: 0, met: false } });
  });

  it('filters by competence: each filter returns exactly its agents, never one who left', async () => {
    expect(ids((await list({ competence: 'expiring' })).agents)).toEqual([EXPIRING]);
    // The agent who left holds an expired course too, but is not listed.
    expect(ids((await list({ competence: 'expired' })).agents)).toEqual([EXPIRED]);
    expect(ids((await list({ competence: 'missing-induction' })).agents)).toEqual([UNINDUCTED, LATE]);
  });

  it('walks every agent two at a time without a duplicate, and a filter one at a time', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await list({ limit: '2', ...(cursor === undefined ? {} : { cursor }) });
      expect(page.agents.length).toBeLessThanOrEqual(2);
      seen.push(...ids(page.agents));
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== undefined && pages < 10);
    expect(seen).toEqual(EVERYONE);

    const first = await list({ competence: 'missing-induction', limit: '1' });
    expect(ids(first.agents)).toEqual([UNINDUCTED]);
    const second = await list({ competence: 'missing-induction', limit: '1', cursor: first.nextCursor as string });
    expect(ids(second.agents)).toEqual([LATE]);
    if (second.nextCursor !== undefined) {
      const third = await list({ competence: 'missing-induction', limit: '1', cursor: second.nextCursor });
      expect(third.agents).toEqual([]);
    }
    // A cursor belongs to its list: another filter refuses it.
    const elsewhere = await call({ route: LIST, query: { competence: 'expired', cursor: first.nextCursor as string } });
    expect(elsewhere.status).toBe(400);
  });

  it("shows an agent's matrix: each requirement's status and until when it is valid", async () => {
    const expiring = await call({ route: AGENT, agentId: EXPIRING });
    expect(expiring.status).toBe(200);
    expect(expiring.body).toMatchObject({
      tenantId,
      agentId: EXPIRING,
      status: 'active',
      requirements: [
        { requirementId: 'induction:*', kind: 'induction', category: 'induction', status: 'valid' },
        {
          requirementId: 'mandatory:data-protection',
          kind: 'mandatory',
          category: 'data-protection',
          status: 'expiring',
          trainingRecordId: `tr-${EXPIRING}-data-protection`,
          validUntil: EXPIRING_UNTIL,
        },
      ],
      requirementsOrigin: { agreementVersion: 0, inductionBeforeLive: 'internal', mandatoryCourses: 'internal' },
      languagesRequired: {},
      trainings: [
        expect.objectContaining({ category: 'data-protection' }),
        expect.objectContaining({ category: 'induction' }),
      ],
      violations: [],
      openViolations: 0,
    });
    expect((expiring.body.requirements as { validUntil?: string }[])[0]?.validUntil).toBeUndefined();

    const expired = await call({ route: AGENT, agentId: EXPIRED });
    expect((expired.body.requirements as unknown[])[1]).toMatchObject({ status: 'expired', validUntil: EXPIRED_UNTIL });

    const uninducted = await call({ route: AGENT, agentId: UNINDUCTED });
    expect((uninducted.body.requirements as unknown[])[0]).toEqual({
      requirementId: 'induction:*',
      kind: 'induction',
      category: 'induction',
      status: 'missing',
    });

    const valid = await call({ route: AGENT, agentId: VALID });
    expect(valid.body).toMatchObject({
      qa: { count: 4, required: 4, met: true, averageScore: 80, criticalFails: 1 },
      qaHistory: [{ count: 4, averageScore: 80 }],
    });
    expect((valid.body.requirements as unknown[])[1]).toMatchObject({ status: 'valid', validUntil: iso(-30 + 365) });

    const late = await call({ route: AGENT, agentId: LATE });
    expect(late.body).toMatchObject({
      inducted: true,
      openViolations: 1,
      violations: [
        {
          contactId: `c-${LATE}`,
          channel: 'voice',
          queue: 'billing',
          status: 'open',
          gaps: [{ kind: 'induction', requirementId: 'induction:*' }],
        },
      ],
    });
  });

  it('answers 404 problem+json for an unknown agent', async () => {
    const res = await call({ route: AGENT, agentId: 'agent-nobody' });
    expect(res.status).toBe(404);
    expect(res.contentType).toBe('application/problem+json');
    expect(res.body.detail).toBe('No such agent for this tenant');
  });

  it('admits the officer and the auditor only, and hides a tenant the token does not name', async () => {
    expect((await call({ route: LIST, groups: '[auditor]' })).status).toBe(200);
    expect((await call({ route: AGENT, agentId: VALID, groups: '[auditor]' })).status).toBe(200);
    const manager = await call({ route: LIST, groups: '[client-manager]' });
    expect(manager.status).toBe(403);
    expect(manager.contentType).toBe('application/problem+json');
    expect((await call({ route: AGENT, agentId: VALID, groups: '[client-manager]' })).status).toBe(403);
    expect((await call({ route: LIST, groups: '[dpo]' })).status).toBe(403);
    const foreign = await call({ route: AGENT, agentId: VALID, tenants: 'someone-else' });
    expect(foreign.status).toBe(404);
    expect(foreign.body.detail).toBe('No such tenant');
  });

  it('answers problem+json 400 for an unknown competence filter, a bad limit or cursor', async () => {
    const bogus = await call({ route: LIST, query: { competence: 'bogus' } });
    expect(bogus.status).toBe(400);
    expect(bogus.contentType).toBe('application/problem+json');
    expect((bogus.body.errors as { path: string }[]).map((e) => e.path)).toContain('competence');
    expect((await call({ route: LIST, query: { limit: '0' } })).status).toBe(400);
    expect((await call({ route: LIST, query: { cursor: 'forged' } })).status).toBe(400);
  });
});
