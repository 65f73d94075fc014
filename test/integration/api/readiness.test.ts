/**
 * The readiness route (functions/get-readiness) on DynamoDB Local: a fresh tenant, then one with documents, a
 * management review and an internal audit recorded by the quality use cases (each with its ledger entry), and
 * control states as the controls engine stores them; the clauses, the gap analysis and the certification path as a
 * caller reads them, roles and errors (every answer checked against the OpenAPI document).
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { RecordAudit, RecordGovernance } from '../../../shared/app/quality-records.js';
import { addDays } from '../../../shared/domain/calendar/calendar-date.js';
import { localDate } from '../../../shared/domain/calendar/zoned-time.js';
import type { DocumentType } from '../../../shared/domain/governance/governance-records.js';
import { AgreementRepository } from '../../../shared/store/agreement-repository.js';
import { GovernanceRepository } from '../../../shared/store/governance-repository.js';
import { keys } from '../../../shared/store/keys.js';
import { DynamoLedgerRepository } from '../../../shared/store/ledger-repository.js';
import { QualityRepository } from '../../../shared/store/quality-repository.js';
import { testDocumentClient, useStandInEnvironment } from '../../support/stand-ins.js';
import { callApi } from '../kpis/support/api-event.js';

const config = useStandInEnvironment();
const { handler } = await import('../../../functions/get-readiness/handler.js');
const db = testDocumentClient();
const ledger = new DynamoLedgerRepository(db, config.tableName);
const governance = new RecordGovernance(new GovernanceRepository(db, config.tableName), ledger);
const audits = new RecordAudit(
  new QualityRepository(db, config.tableName),
  new AgreementRepository(db, config.tableName),
  ledger,
);

const ROUTE = '/v1/tenants/{tenantId}/readiness';
const run = crypto.randomUUID().slice(0, 8);
const freshTenant = `ready-fresh-${run}`;
const tenantId = `ready-${run}`;
// The default agreement's zone.
const today = localDate(new Date(), 'Europe/Paris');
const by = { actor: 'usr-qa-lead', actorRole: 'compliance-officer' };

const get = (tenant: string, extra: { groups?: string; tenants?: string; query?: Record<string, string> } = {}) =>
  callApi(handler, { method: 'GET', route: ROUTE, tenantId: tenant, ...extra });

async function approve(type: DocumentType, approvedOn: string, reviewDue: string) {
  await governance.approveDocument(
    {
      tenantId,
      documentId: `doc-${type}`,
      type,
      title: `The ${type}`,
      version: '1',
      approvedBy: 'usr-ceo',
      approvedOn,
      reviewDue,
      clauses: [],
      occurredAt: `${approvedOn}T09:00:00.000Z`,
      recordedAt: new Date().toISOString(),
    },
    by,
  );
}

/** A control state as the controls engine keeps it (shared/store/control-state-repository.ts). */
async function storeState(controlId: string, clause: string, status: string, sinceDaysAgo: number) {
  const since = new Date(Date.now() - sinceDaysAgo * 86_400_000).toISOString();
  await db.send(
    new PutCommand({
      TableName: config.tableName,
      Item: {
        ...keys.controlState(tenantId, controlId),
        entity: 'control-state',
        v: 1,
        revision: 1,
        tenantId,
        controlId,
        clause,
        status,
        since,
        detail: {},
      },
    }),
  );
}

beforeAll(async () => {
  const year = addDays(today, 300);
  await approve('scope-statement', addDays(today, -90), year);
  await approve('project-plan', addDays(today, -80), year);
  await approve('quality-policy', addDays(today, -70), year);
  await approve('org-chart', addDays(today, -70), year);
  await approve('complaint-procedure', addDays(today, -60), year);
  // Approved a year and more ago, its review date gone by.
  await approve('cx-strategy', addDays(today, -400), addDays(today, -20));
  await governance.holdReview(
    {
      tenantId,
      reviewId: 'mr-1',
      heldOn: addDays(today, -10),
      chairedBy: 'usr-ceo',
      inputs: ['audit-results', 'complaints'],
      decisions: 3,
      occurredAt: `${addDays(today, -10)}T15:00:00.000Z`,
      recordedAt: new Date().toISOString(),
    },
    by,
  );
  const completedOn = addDays(today, -5);
  await audits.record(
    {
      tenantId,
      auditId: 'ia-1',
      kind: 'internal',
      auditor: 'usr-qa-lead',
      startedOn: addDays(today, -7),
      completedOn,
      clausesInScope: ['4.4', '6'],
      findings: [{ findingId: 'f1', clause: '4.4', grade: 'major', description: 'Acknowledgements sent late' }],
      occurredAt: `${completedOn}T17:00:00.000Z`,
      recordedAt: new Date().toISOString(),
    },
    by,
  );
  await storeState('P1-CMP-ACK', '4.4', 'breached', 3);
  await storeState('P1-HR-INDUCTION', '6', 'compliant', 40);
});

describe('Function: get-readiness', () => {
  it('shows a fresh tenant at step 1 with every clause not started and the whole gap analysis', async () => {
    const { status, body } = await get(freshTenant, { groups: '[auditor]' });
    expect(status).toBe(200);
    const clauses = body.clauses as Array<{ clause: string; readiness: string }>;
    expect(clauses.map((c) => c.clause)).toEqual([
      '4.2',
      '4.3',
      '4.4',
      '4.5',
      '5',
      '6',
      '7',
      '8',
      '9',
      'certification practice',
      'GDPR',
    ]);
    expect(new Set(clauses.map((c) => c.readiness))).toEqual(new Set(['not-started']));
    const missing = body.missing as Array<{ kind: string; ref: string }>;
    expect(missing.filter((m) => m.kind === 'document').map((m) => m.ref)).toEqual([
      'scope-statement',
      'cx-strategy',
      'quality-policy',
      'org-chart',
      'complaint-procedure',
    ]);
    expect(missing.filter((m) => m.kind === 'control').length).toBeGreaterThanOrEqual(18);
    expect(body.path).toMatchObject({ current: 1, certification: null });
  });

  it('shows what the records say: the breached control and the open major finding on 4.4, the document past review', async () => {
    const { status, body } = await get(tenantId, { groups: '[client-manager]' });
    expect(status).toBe(200);
    expect(body).toMatchObject({ tenantId, today });
    const clauses = body.clauses as Array<Record<string, unknown> & { clause: string; gaps: string[] }>;
    const complaints = clauses.find((c) => c.clause === '4.4')!;
    expect(complaints.readiness).toBe('gaps');
    expect(complaints.evidence).toEqual({
      documents: 1,
      audits: 1,
      lastAuditedOn: addDays(today, -5),
      openNonconformities: 1,
    });
    expect(complaints.controls).toEqual(
      expect.arrayContaining([expect.objectContaining({ controlId: 'P1-CMP-ACK', status: 'breached' })]),
    );
    expect(complaints.gaps).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^P1-CMP-ACK breached since/),
        expect.stringMatching(/^Major nonconformity ia-1\.f1 \(clause 4\.4\) is open, to be closed by/),
      ]),
    );
    const missing = body.missing as Array<{ kind: string; ref: string; description: string }>;
    expect(missing.filter((m) => m.kind === 'document')).toEqual([
      {
        kind: 'document',
        ref: 'cx-strategy',
        description: `The cx-strategy (cx-strategy) was due for review on ${addDays(today, -20)}`,
      },
    ]);
    expect(missing.some((m) => m.kind === 'management-review')).toBe(false);
    expect(missing.filter((m) => m.kind === 'internal-audit').map((m) => m.ref)).toEqual([
      '4.2',
      '4.3',
      '4.5',
      '5',
      '7',
      '8',
      '9',
    ]);
    const steps = (body.path as { steps: Array<{ step: number; status: string; evidence: string }> }).steps;
    expect(steps.map((s) => s.status)).toEqual([
      'done',
      'done',
      'done',
      'in-progress',
      'in-progress',
      'in-progress',
      'not-started',
      'not-started',
      'not-started',
    ]);
    expect(body.path).toMatchObject({
      current: 4,
      next: 'Approve (or review) the required documents: cx-strategy',
    });
    // The ledger holds the six approvals, the review and the audit, and verifies.
    expect(steps[4]!.evidence).toMatch(/ledger verifies \(8 entries\)/);
  });

  it('answers 404 for a tenant outside the token, 403 for a role without access, 400 for a query parameter', async () => {
    expect((await get(tenantId, { tenants: freshTenant })).status).toBe(404);
    expect((await get(tenantId, { groups: '[dpo]' })).status).toBe(403);
    expect((await get(tenantId, { query: { clause: '4.4' } })).status).toBe(400);
  });
});
