/**
 * The quality and governance records on DynamoDB Local, through the record-quality-event handler as the bus invokes
 * it: an audit opens a nonconformity per finding, due by the agreement's closure days, in one transaction with its
 * ledger entry; the corrective-action workflow by events, with redeliveries and refused steps; the nonconformity a
 * breached control opens once; and the document register with versions arriving in any order.
 */
import { readFileSync } from 'node:fs';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { EventBridgeEvent } from '../../../events/envelope.js';
import { AddAgreementVersion } from '../../../shared/app/add-agreement-version.js';
import { type BreachInput, RecordCorrectiveStep } from '../../../shared/app/quality-records.js';
import { AgreementInput, DEFAULT_CERTIFICATION_TERMS } from '../../../shared/domain/agreement/agreement-schema.js';
import { versionInForceAt } from '../../../shared/domain/agreement/agreement-versions.js';
import type { CorrectiveStep } from '../../../shared/domain/quality/quality-records.js';
import { AgreementRepository } from '../../../shared/store/agreement-repository.js';
import { GovernanceRepository } from '../../../shared/store/governance-repository.js';
import { DynamoLedgerRepository } from '../../../shared/store/ledger-repository.js';
import { QualityRepository, qualityKeys } from '../../../shared/store/quality-repository.js';
import { testDocumentClient, useStandInEnvironment } from '../../support/stand-ins.js';

const config = useStandInEnvironment();
const { handler } = await import('../../../functions/record-quality-event/handler.js');
const db = testDocumentClient();
const quality = new QualityRepository(db, config.tableName);
const governance = new GovernanceRepository(db, config.tableName);
const agreements = new AgreementRepository(db, config.tableName);
const ledger = new DynamoLedgerRepository(db, config.tableName);

const sampleOf = (detailType: string) =>
  JSON.parse(readFileSync(`events/samples/${detailType}.json`, 'utf8')) as Record<string, unknown>;

const context = {
  functionName: 'record-quality-event',
  awsRequestId: 'test',
  getRemainingTimeInMillis: () => 30_000,
} as Context;

const SOURCES: Record<string, string> = {
  'audit.completed': 'ccc.quality',
  'corrective-action.recorded': 'ccc.quality',
  'document.approved': 'ccc.governance',
  'management-review.held': 'ccc.governance',
};

function event(detailType: string, detail: Record<string, unknown>): EventBridgeEvent {
  return {
    version: '0',
    id: crypto.randomUUID(),
    'detail-type': detailType,
    source: SOURCES[detailType] as string,
    account: '000000000000',
    time: new Date().toISOString(),
    region: 'eu-west-3',
    resources: [],
    detail,
  };
}

const tenant = () => `quality-${crypto.randomUUID().slice(0, 8)}`;

/** Closure within 30 days for a major finding, 60 for a minor one, none for an observation. */
async function agreeClosureDays(tenantId: string) {
  const closureDays = { major: { value: 30 }, minor: { value: 60 }, observation: { value: null } };
  await new AddAgreementVersion(agreements, ledger).add(
    tenantId,
    AgreementInput.parse({
      effectiveFrom: '2026-01-01',
      certification: { ...DEFAULT_CERTIFICATION_TERMS, closureDays },
    }),
    { recordedBy: 'officer-1', role: 'compliance-officer', recordedAt: new Date('2025-12-01T00:00:00Z') },
  );
}

const audit = (tenantId: string) => event('audit.completed', { ...sampleOf('audit.completed'), tenantId });

async function entries(tenantId: string) {
  const found = [];
  for await (const entry of ledger.entries(tenantId)) found.push(entry);
  return found;
}

async function deadLetters(tenantId: string) {
  const out = await db.send(
    new QueryCommand({
      TableName: config.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `T#${tenantId}#DEADLETTER` },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []) as Array<{ detailType: string; reason: string }>;
}

let stepNo = 0;
function stepEvent(tenantId: string, nonconformityId: string, step: CorrectiveStep, stepId = `s-${++stepNo}`) {
  return event('corrective-action.recorded', {
    schemaVersion: 1,
    tenantId,
    centerId: 'lyon-1',
    occurredAt: '2026-11-20T10:00:00+01:00',
    nonconformityId,
    stepId,
    recordedBy: 'quality-002',
    ...step,
  });
}

describe('Audits and their nonconformities', () => {
  it("opens a nonconformity per finding, due by the agreement's closure days, with one ledger entry", async () => {
    const tenantId = tenant();
    await agreeClosureDays(tenantId);
    const before = (await entries(tenantId)).length;

    expect(await handler(audit(tenantId), context)).toBe('applied');

    const open = await quality.nonconformities(tenantId, { status: 'open' });
    expect(open.map((nc) => [nc.nonconformityId, nc.grade, nc.dueOn ?? null, nc.status])).toEqual([
      // Completed on 13 November 2026: major + 30 days, minor + 60, the observation without a date (listed last).
      ['ia-2026-11.f1', 'major', '2026-12-13', 'open'],
      ['ia-2026-11.f2', 'minor', '2027-01-12', 'open'],
      ['ia-2026-11.f3', 'observation', null, 'open'],
    ]);
    expect(open[0]?.origin).toEqual({ type: 'audit', auditId: 'ia-2026-11', auditKind: 'internal', findingId: 'f1' });
    expect(await quality.audits(tenantId, { from: '2026-11-13', to: '2026-11-13' })).toHaveLength(1);
    expect(await quality.audits(tenantId, { from: '2026-11-14' })).toHaveLength(0);

    const added = (await entries(tenantId)).slice(before);
    expect(added.map((e) => e.kind)).toEqual(['audit.completed']);
    expect(added[0]?.payload).toMatchObject({ auditId: 'ia-2026-11', nonconformities: expect.any(Array) });
    // A finding's description is free text: never in the ledger.
    expect(JSON.stringify(added[0])).not.toContain('refresher');
  });

  it('writes nothing for a redelivered audit: no second ledger entry, the nonconformities untouched', async () => {
    const tenantId = tenant();
    await handler(audit(tenantId), context);
    const before = await entries(tenantId);
    const stored = await quality.storedNonconformity(tenantId, 'ia-2026-11.f1');

    const outcomes = await Promise.all([1, 2, 3].map(() => handler(audit(tenantId), context)));

    expect(outcomes).toEqual(['duplicate', 'duplicate', 'duplicate']);
    expect(await entries(tenantId)).toHaveLength(before.length);
    expect(await quality.storedNonconformity(tenantId, 'ia-2026-11.f1')).toEqual(stored);
  });

  it('records all of an audit or nothing: a nonconformity that cannot be written leaves no audit and no entry', async () => {
    const tenantId = tenant();
    // A stray item where the second finding's nonconformity goes: its put (conditioned on absence) fails.
    await db.send(
      new PutCommand({
        TableName: config.tableName,
        Item: { ...qualityKeys.nonconformity(tenantId, 'ia-2026-11.f2'), entity: 'nonconformity', v: 1 },
      }),
    );

    await expect(handler(audit(tenantId), context)).rejects.toThrow();

    expect(await quality.audit(tenantId, 'ia-2026-11')).toBeUndefined();
    expect(await quality.nonconformity(tenantId, 'ia-2026-11.f1')).toBeUndefined();
    expect(await entries(tenantId)).toHaveLength(0);
  });
});

describe('The corrective-action workflow by events', () => {
  it('takes a nonconformity to closure, once per step, with a ledger entry per step applied', async () => {
    const tenantId = tenant();
    await handler(audit(tenantId), context);
    const id = 'ia-2026-11.f1';
    const steps: CorrectiveStep[] = [
      { step: 'root-cause', rootCause: 'No daily check of the complaints due soon' },
      { step: 'action-planned', actionId: 'a1', description: 'Daily check', ownerId: 'lead-004', dueOn: '2026-12-01' },
      { step: 'action-completed', actionId: 'a1', completedOn: '2026-11-30', evidenceRef: 'DMS-881' },
      { step: 'verified', effective: false, note: 'Two late ones again' },
      { step: 'action-planned', actionId: 'a2', description: 'Alert at 80%', ownerId: 'lead-004', dueOn: '2026-12-10' },
      { step: 'action-completed', actionId: 'a2', completedOn: '2026-12-09' },
      { step: 'verified', effective: true },
      { step: 'closed', note: 'No late resolution in four weeks' },
    ];
    const before = (await entries(tenantId)).length;
    const statuses = [];
    for (const [i, step] of steps.entries()) {
      const delivery = stepEvent(tenantId, id, step, `wf-${i}`);
      expect(await handler(delivery, context)).toBe('applied');
      // Every step is delivered twice: the second changes nothing.
      expect(await handler(structuredClone(delivery), context)).toBe('duplicate');
      statuses.push((await quality.nonconformity(tenantId, id))?.status);
    }

    expect(statuses).toEqual([
      'in-progress',
      'in-progress',
      'awaiting-verification',
      'in-progress',
      'in-progress',
      'awaiting-verification',
      'awaiting-verification',
      'closed',
    ]);
    const nc = await quality.nonconformity(tenantId, id);
    expect(nc?.actions.map((a) => [a.actionId, a.status])).toEqual([
      ['a1', 'done'],
      ['a2', 'done'],
    ]);
    expect(nc?.steps).toHaveLength(steps.length);
    expect((await quality.nonconformities(tenantId, { status: 'closed' })).map((n) => n.nonconformityId)).toEqual([id]);
    const added = (await entries(tenantId)).slice(before);
    expect(added.map((e) => e.kind)).toEqual(steps.map(() => 'corrective-action.recorded'));
    expect(JSON.stringify(added)).not.toContain('late ones');
  });

  it('dead-letters, with the reason, a step the workflow refuses and a step for an unknown nonconformity', async () => {
    const tenantId = tenant();
    await handler(audit(tenantId), context);
    const before = (await entries(tenantId)).length;

    const refused = stepEvent(tenantId, 'ia-2026-11.f2', { step: 'closed' });
    const unknown = stepEvent(tenantId, 'ia-2026-11.f9', { step: 'root-cause', rootCause: 'x' });
    expect(await handler(refused, context)).toBe('dead-lettered');
    expect(await handler(unknown, context)).toBe('dead-lettered');

    const reasons = (await deadLetters(tenantId)).map((d) => d.reason).sort();
    expect(reasons).toEqual([
      'no nonconformity ia-2026-11.f9 for this tenant',
      'nonconformity ia-2026-11.f2 (open): closed only after its actions were verified effective',
    ]);
    expect(await entries(tenantId)).toHaveLength(before);
    expect((await quality.nonconformity(tenantId, 'ia-2026-11.f2'))?.status).toBe('open');
  });

  it('applies concurrent steps of one nonconformity, each conditioned on the revision it read', async () => {
    const tenantId = tenant();
    await handler(audit(tenantId), context);
    const id = 'ia-2026-11.f3';
    const plans = ['a1', 'a2', 'a3', 'a4'].map((actionId) =>
      stepEvent(tenantId, id, {
        step: 'action-planned',
        actionId,
        description: 'x',
        ownerId: 'o-1',
        dueOn: '2027-01-01',
      }),
    );

    expect(await Promise.all(plans.map((p) => handler(p, context)))).toEqual([
      'applied',
      'applied',
      'applied',
      'applied',
    ]);

    const stored = await quality.storedNonconformity(tenantId, id);
    expect(stored?.nonconformity.actions.map((a) => a.actionId).sort()).toEqual(['a1', 'a2', 'a3', 'a4']);
    expect(stored?.revision).toBe(5);
  });
});

describe('The nonconformity a breached control opens', () => {
  async function breach(tenantId: string, breachedSince: string) {
    const versions = await agreements.versions(tenantId);
    const input: BreachInput = {
      tenantId,
      controlId: 'P1-CMP-RESOLVE',
      clause: '4.4',
      severity: 'major',
      breachedSince,
      summary: { late: 3 },
      agreement: versionInForceAt(tenantId, versions, breachedSince),
    };
    // As the engine does: the breach's own writes and ledger entry, with the nonconformity's writes, in one commit.
    const { result } = await ledger.commit(tenantId, async () => {
      const opened = await quality.openWrites(input);
      return {
        items: opened.items,
        evidence: {
          tenantId,
          occurredAt: breachedSince,
          actor: 'system',
          actorRole: 'system',
          kind: 'control.breached',
          payload: { controlId: input.controlId, nonconformityId: opened.nonconformityId },
        },
        result: opened,
      };
    });
    return result;
  }

  it('is opened once while it is open, and again for a breach after it closed', async () => {
    const tenantId = tenant();
    await agreeClosureDays(tenantId);
    const first = await breach(tenantId, '2026-11-30T23:30:00.000Z');
    expect(first.items).toHaveLength(2);
    const nc = await quality.nonconformity(tenantId, first.nonconformityId);
    // Major: 30 days from the breach's date in Paris (already 1 December).
    expect(nc).toMatchObject({ status: 'open', grade: 'major', clause: '4.4', dueOn: '2026-12-31' });
    expect(nc?.origin).toEqual({
      type: 'control',
      controlId: 'P1-CMP-RESOLVE',
      breachedSince: '2026-11-30T23:30:00.000Z',
    });

    const again = await breach(tenantId, '2026-12-02T08:00:00.000Z');
    expect(again).toEqual({ nonconformityId: first.nonconformityId, items: [] });
    expect(await quality.nonconformities(tenantId, { status: 'all' })).toHaveLength(1);

    const steps = new RecordCorrectiveStep(quality, ledger);
    const by = { actor: 'officer-1', actorRole: 'compliance-officer' };
    const at = {
      recordedBy: 'officer-1',
      recordedAt: '2026-12-03T10:00:00.000Z',
      occurredAt: '2026-12-03T10:00:00.000Z',
    };
    for (const [i, step] of [
      { step: 'action-planned', actionId: 'a1', description: 'Alert', ownerId: 'o-1', dueOn: '2026-12-10' },
      { step: 'action-completed', actionId: 'a1', completedOn: '2026-12-05' },
      { step: 'verified', effective: true },
      { step: 'closed' },
    ].entries()) {
      await steps.record(tenantId, first.nonconformityId, { ...(step as CorrectiveStep), stepId: `b-${i}`, ...at }, by);
    }

    const later = await breach(tenantId, '2026-12-20T08:00:00.000Z');
    expect(later.nonconformityId).toBe(`ctl.P1-CMP-RESOLVE.${Date.parse('2026-12-20T08:00:00.000Z')}`);
    expect((await quality.nonconformities(tenantId, { status: 'open' })).map((n) => n.nonconformityId)).toEqual([
      later.nonconformityId,
    ]);
  });

  it('is opened once when two breaches of one control are prepared at the same time', async () => {
    const tenantId = tenant();
    const results = await Promise.all([
      breach(tenantId, '2026-11-01T08:00:00.000Z'),
      breach(tenantId, '2026-11-01T09:00:00.000Z'),
    ]);
    expect(new Set(results.map((r) => r.nonconformityId)).size).toBe(1);
    expect(await quality.nonconformities(tenantId)).toHaveLength(1);
  });
});

describe('The governance register', () => {
  const doc = (tenantId: string, version: string, approvedOn: string, reviewDue: string) =>
    event('document.approved', {
      ...sampleOf('document.approved'),
      tenantId,
      version,
      approvedOn,
      reviewDue,
      occurredAt: `${approvedOn}T12:00:00+01:00`,
    });

  it("shows each document's latest approval whatever order versions arrive in, and keeps every version", async () => {
    const tenantId = tenant();
    expect(await handler(doc(tenantId, '3.1', '2026-11-04', '2027-11-04'), context)).toBe('applied');
    expect(await handler(doc(tenantId, '3.0', '2025-11-04', '2026-11-04'), context)).toBe('applied');
    expect(await handler(doc(tenantId, '3.0', '2025-11-04', '2026-11-04'), context)).toBe('duplicate');
    await handler(
      event('document.approved', {
        ...sampleOf('document.approved'),
        tenantId,
        documentId: 'cx-strategy',
        type: 'cx-strategy',
        title: 'CX strategy 2026',
      }),
      context,
    );

    const register = await governance.documents(tenantId);
    expect(register.map((d) => [d.documentId, d.version, d.reviewDue])).toEqual([
      ['complaint-procedure', '3.1', '2027-11-04'],
      ['cx-strategy', '3.1', '2027-11-04'],
    ]);
    expect((await governance.documentVersions(tenantId, 'complaint-procedure')).map((d) => d.version)).toEqual([
      '3.0',
      '3.1',
    ]);
    expect((await entries(tenantId)).map((e) => e.kind)).toEqual([
      'document.approved',
      'document.approved',
      'document.approved',
    ]);
  });

  it('records a management review once, listed by the date it was held', async () => {
    const tenantId = tenant();
    const held = event('management-review.held', { ...sampleOf('management-review.held'), tenantId });
    expect(await handler(held, context)).toBe('applied');
    expect(await handler(structuredClone(held), context)).toBe('duplicate');
    expect(
      await handler(
        event('management-review.held', {
          ...sampleOf('management-review.held'),
          tenantId,
          reviewId: 'mr-2026-1',
          heldOn: '2026-05-12',
        }),
        context,
      ),
    ).toBe('applied');

    expect((await governance.reviews(tenantId)).map((r) => r.reviewId)).toEqual(['mr-2026-1', 'mr-2026-2']);
    expect((await governance.reviews(tenantId, { from: '2026-06-01' })).map((r) => r.reviewId)).toEqual(['mr-2026-2']);
    expect(await entries(tenantId)).toHaveLength(2);
  });
});
