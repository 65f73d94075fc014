/**
 * The quality and governance routes (functions/nonconformities, functions/governance-records) on DynamoDB Local:
 * records made by the use cases the events go through, then the lists by status, one nonconformity, a corrective
 * step posted through to closure, the audits, the document register and the reviews, roles and errors as a caller
 * sees them (every answer checked against the OpenAPI document).
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { RecordAudit, RecordGovernance } from '../../../shared/app/quality-records.js';
import { addDays } from '../../../shared/domain/calendar/calendar-date.js';
import { localDate } from '../../../shared/domain/calendar/zoned-time.js';
import type { AuditRecord } from '../../../shared/domain/quality/quality-records.js';
import { AgreementRepository } from '../../../shared/store/agreement-repository.js';
import { GovernanceRepository } from '../../../shared/store/governance-repository.js';
import { DynamoLedgerRepository } from '../../../shared/store/ledger-repository.js';
import { QualityRepository } from '../../../shared/store/quality-repository.js';
import { testDocumentClient, useStandInEnvironment } from '../../support/stand-ins.js';
import { answer, apiEvent, lambdaContext } from '../kpis/support/api-event.js';

const config = useStandInEnvironment();
const nonconformities = (await import('../../../functions/nonconformities/handler.js')).handler;
const governanceRecords = (await import('../../../functions/governance-records/handler.js')).handler;
const db = testDocumentClient();
const ledger = new DynamoLedgerRepository(db, config.tableName);
const quality = new QualityRepository(db, config.tableName);
const audits = new RecordAudit(quality, new AgreementRepository(db, config.tableName), ledger);
const governance = new RecordGovernance(new GovernanceRepository(db, config.tableName), ledger);

const tenantId = `nc-api-${crypto.randomUUID().slice(0, 8)}`;
const LIST = '/v1/tenants/{tenantId}/nonconformities';
const ONE = '/v1/tenants/{tenantId}/nonconformities/{nonconformityId}';
const ACTIONS = '/v1/tenants/{tenantId}/nonconformities/{nonconformityId}/actions';
const AUDITS = '/v1/tenants/{tenantId}/audits';
const DOCUMENTS = '/v1/tenants/{tenantId}/documents';
const REVIEWS = '/v1/tenants/{tenantId}/management-reviews';

/** Today in Paris (the default agreement's zone), and days around it. */
const today = localDate(new Date(), 'Europe/Paris');
const day = (n: number) => addDays(today, n);
const by = { actor: 'auditor-1', actorRole: 'system' };

function auditOf(auditId: string, completedOn: string, grades: Array<'major' | 'minor' | 'observation'>): AuditRecord {
  return {
    tenantId,
    auditId,
    kind: 'internal',
    auditor: 'auditor-1',
    startedOn: completedOn,
    completedOn,
    clausesInScope: ['4.4', '6'],
    findings: grades.map((grade, i) => ({
      findingId: `f${i + 1}`,
      clause: '4.4',
      grade,
      description: `Finding ${i + 1}`,
    })),
    occurredAt: `${completedOn}T16:00:00.000Z`,
    recordedAt: `${completedOn}T16:00:01.000Z`,
  };
}

interface Call {
  method?: 'GET' | 'POST';
  route: string;
  nonconformityId?: string;
  query?: Record<string, string>;
  body?: unknown;
  groups?: string;
  tenants?: string;
}

async function call({ method = 'GET', route, nonconformityId, query, body, groups, tenants }: Call) {
  const event = apiEvent({
    method,
    route,
    tenantId,
    ...(query === undefined ? {} : { query }),
    ...(body === undefined ? {} : { body }),
    ...(groups === undefined ? {} : { groups }),
    ...(tenants === undefined ? {} : { tenants }),
  });
  const withId: APIGatewayProxyEventV2WithJWTAuthorizer =
    nonconformityId === undefined
      ? event
      : {
          ...event,
          rawPath: event.rawPath.replace('{nonconformityId}', nonconformityId),
          pathParameters: { ...event.pathParameters, nonconformityId },
        };
  const handler = route === DOCUMENTS || route === REVIEWS ? governanceRecords : nonconformities;
  return answer(await handler(withId, lambdaContext), withId);
}

const post = (nonconformityId: string, body: unknown, groups?: string) =>
  call({ method: 'POST', route: ACTIONS, nonconformityId, body, ...(groups === undefined ? {} : { groups }) });

type Listed = { nonconformityId: string; overdue: boolean; status: string };
const ids = (body: Record<string, unknown>) => (body.nonconformities as Listed[]).map((n) => n.nonconformityId);

beforeAll(async () => {
  // 100 days ago: the major finding (90 days) is overdue now; the observation has no closure date.
  await audits.record(auditOf('old', day(-100), ['major', 'observation']), by);
  // Yesterday: due in 89 days.
  await audits.record(auditOf('new', day(-1), ['minor', 'minor', 'major']), by);
  const document = {
    tenantId,
    type: 'complaint-procedure' as const,
    title: 'Complaint procedure',
    approvedBy: 'director-1',
    clauses: ['4.4'],
    occurredAt: '2025-01-10T10:00:00.000Z',
    recordedAt: '2025-01-10T10:00:01.000Z',
  };
  await governance.approveDocument(
    { ...document, documentId: 'complaint-procedure', version: '1', approvedOn: day(-400), reviewDue: day(-35) },
    by,
  );
  await governance.approveDocument(
    {
      ...document,
      documentId: 'quality-policy',
      type: 'quality-policy',
      version: '2',
      approvedOn: day(-10),
      reviewDue: day(355),
    },
    by,
  );
  await governance.holdReview(
    {
      tenantId,
      reviewId: 'mr-1',
      heldOn: day(-20),
      chairedBy: 'director-1',
      inputs: ['kpis'],
      decisions: 2,
      occurredAt: '2026-01-01T10:00:00.000Z',
      recordedAt: '2026-01-01T10:00:00.000Z',
    },
    by,
  );
});

describe('API: nonconformities', () => {
  it('lists the open ones soonest due first, the overdue ones, and pages through all of them', async () => {
    const open = await call({ route: LIST });
    expect(open.status).toBe(200);
    expect(ids(open.body)).toEqual(['old.f1', 'new.f1', 'new.f2', 'new.f3', 'old.f2']);
    expect((open.body.nonconformities as Listed[]).map((n) => n.overdue)).toEqual([true, false, false, false, false]);

    expect(ids((await call({ route: LIST, query: { status: 'overdue' } })).body)).toEqual(['old.f1']);

    const first = await call({ route: LIST, query: { status: 'all', limit: '3' } });
    expect(ids(first.body)).toEqual(['old.f1', 'new.f1', 'new.f2']);
    const second = await call({
      route: LIST,
      query: { status: 'all', limit: '3', cursor: first.body.nextCursor as string },
    });
    expect(ids(second.body)).toEqual(['new.f3', 'old.f2']);
  });

  it('takes a nonconformity through its workflow by POST, answers a retry as a replay and a refused step 409', async () => {
    const id = 'new.f1';
    const planned = await post(id, {
      step: 'action-planned',
      actionId: 'a1',
      description: 'Daily check',
      ownerId: 'lead-4',
      dueOn: day(-1),
      stepId: 'p-1',
    });
    expect(planned.status).toBe(201);
    expect(planned.headers['ledger-sequence']).toMatch(/^\d+$/);
    expect(planned.body).toMatchObject({ status: 'in-progress', overdue: true });

    const replay = await post(id, {
      step: 'action-planned',
      actionId: 'a1',
      description: 'Daily check',
      ownerId: 'lead-4',
      dueOn: day(-1),
      stepId: 'p-1',
    });
    expect(replay.status).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.headers['ledger-sequence']).toBeUndefined();

    const early = await post(id, { step: 'closed' });
    expect(early.status).toBe(409);
    expect(early.contentType).toBe('application/problem+json');
    expect(early.body.detail).toContain('closed only after its actions were verified effective');

    expect((await post(id, { step: 'action-completed', actionId: 'a1', completedOn: today })).body.status).toBe(
      'awaiting-verification',
    );
    expect((await post(id, { step: 'verified', effective: true })).status).toBe(201);
    const closed = await post(id, { step: 'closed', note: 'No late one in four weeks' });
    expect(closed.body).toMatchObject({ status: 'closed', overdue: false });

    const one = await call({ route: ONE, nonconformityId: id });
    expect(one.status).toBe(200);
    expect((one.body.steps as Array<{ step: string; recordedBy: string }>).map((s) => s.step)).toEqual([
      'action-planned',
      'action-completed',
      'verified',
      'closed',
    ]);
    expect((one.body.steps as Array<{ recordedBy: string }>)[0]?.recordedBy).toBe('officer-1');
    expect(ids((await call({ route: LIST, query: { status: 'closed' } })).body)).toEqual([id]);
  });

  it('answers problem+json 400 for a bad body, naming the field, and 404 for an unknown nonconformity', async () => {
    for (const body of [
      { step: 'root-cause' },
      { step: 'verified', effective: true, actionId: 'a1' },
      { step: 'reopened' },
      { step: 'root-cause', rootCause: 'Mail jane.doe@example.com' },
    ]) {
      const res = await post('new.f2', body);
      expect(res.status).toBe(400);
      expect(res.contentType).toBe('application/problem+json');
      expect(JSON.stringify(res.body)).not.toContain('jane.doe@example.com');
    }
    expect((await post('new.f2', { step: 'root-cause' })).body.errors).toEqual([
      expect.objectContaining({ path: 'rootCause', message: 'root-cause requires rootCause' }),
    ]);
    const unknown = await post('nope.f1', { step: 'root-cause', rootCause: 'x' });
    expect(unknown.status).toBe(404);
    expect(unknown.contentType).toBe('application/problem+json');
    expect((await call({ route: ONE, nonconformityId: 'nope.f1' })).status).toBe(404);
  });

  it('lets officers, auditors and client managers read, only officers record a step, and hides other tenants', async () => {
    for (const groups of ['[compliance-officer]', '[auditor]', '[client-manager]']) {
      expect((await call({ route: LIST, groups })).status).toBe(200);
      expect((await call({ route: AUDITS, groups })).status).toBe(200);
      expect((await call({ route: DOCUMENTS, groups })).status).toBe(200);
    }
    expect((await call({ route: LIST, groups: '[dpo]' })).status).toBe(403);
    for (const groups of ['[auditor]', '[client-manager]']) {
      expect((await post('new.f2', { step: 'root-cause', rootCause: 'x' }, groups)).status).toBe(403);
    }
    expect((await quality.nonconformity(tenantId, 'new.f2'))?.status).toBe('open');
    expect((await call({ route: ONE, nonconformityId: 'new.f2', tenants: 'someone-else' })).status).toBe(404);
    expect((await call({ route: LIST, tenants: 'someone-else' })).status).toBe(404);
  });
});

describe('API: audits and governance records', () => {
  it('lists the audits of a window with their findings', async () => {
    const all = await call({ route: AUDITS });
    expect((all.body.audits as Array<{ auditId: string }>).map((a) => a.auditId)).toEqual(['old', 'new']);
    const recent = await call({ route: AUDITS, query: { from: day(-7) } });
    expect(
      (recent.body.audits as Array<{ auditId: string; findings: unknown[] }>).map((a) => [
        a.auditId,
        a.findings.length,
      ]),
    ).toEqual([['new', 3]]);
    expect((await call({ route: AUDITS, query: { from: day(0), to: day(-1) } })).status).toBe(400);
  });

  it('shows the document register with the reviews overdue, and the management reviews', async () => {
    const register = await call({ route: DOCUMENTS });
    expect(register.body.today).toBe(today);
    expect(
      (register.body.documents as Array<{ documentId: string; reviewOverdue: boolean }>).map((d) => [
        d.documentId,
        d.reviewOverdue,
      ]),
    ).toEqual([
      ['complaint-procedure', true],
      ['quality-policy', false],
    ]);
    const reviews = await call({ route: REVIEWS });
    expect((reviews.body.reviews as Array<{ reviewId: string }>).map((r) => r.reviewId)).toEqual(['mr-1']);
    expect((await call({ route: REVIEWS, query: { from: day(-5) } })).body.reviews).toEqual([]);
  });
});
