/**
 * Control transitions made by a real-time path on DynamoDB Local: the contact cross-check putting P1-HR-INDUCTION in
 * breach and a training record restoring it (shared/app/agent-competence.ts, through the functions as deployed) write
 * each transition's history item in their own transaction, with its event left unpublished; the next run of the
 * controls engine opens the breach's nonconformity and publishes both events, once.
 */
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { EventBridgeEvent } from '../../../events/envelope.js';
import type { OutgoingEvent } from '../../../shared/app/assemble-vendor-contact.js';
import type { ControlFactSources } from '../../../shared/app/evaluate-controls.js';
import { EvaluateControls } from '../../../shared/app/evaluate-controls.js';
import { AgreementRepository } from '../../../shared/store/agreement-repository.js';
import { conditionalWriter } from '../../../shared/store/conditional-writer.js';
import { ControlStateRepository } from '../../../shared/store/control-state-repository.js';
import { DynamoLedgerRepository } from '../../../shared/store/ledger-repository.js';
import { QualityRepository } from '../../../shared/store/quality-repository.js';
import { testDocumentClient, useStandInEnvironment } from '../../support/stand-ins.js';

const config = useStandInEnvironment();
const { handler: workforce } = await import('../../../functions/record-workforce-event/handler.js');
const { handler: recordContact } = await import('../../../functions/record-contact-completed/handler.js');
const db = testDocumentClient();
const controls = new ControlStateRepository(db, config.tableName);
const ledger = new DynamoLedgerRepository(db, config.tableName);
const quality = new QualityRepository(db, config.tableName);

const ALL = { from: '2020-01-01T00:00:00.000Z', to: '2100-01-01T00:00:00.000Z' };
const context = { functionName: 'test', awsRequestId: 't', getRemainingTimeInMillis: () => 30_000 } as Context;
const tenantId = `ctl-rt-${crypto.randomUUID().slice(0, 8)}`;
const base = (occurredAt: string) => ({ schemaVersion: 1 as const, tenantId, centerId: 'lyon-1', occurredAt });

function event(detailType: string, detail: object, source: string): EventBridgeEvent {
  return {
    version: '0',
    id: crypto.randomUUID(),
    'detail-type': detailType,
    source,
    account: '000000000000',
    time: new Date().toISOString(),
    region: 'eu-west-3',
    resources: [],
    detail,
  };
}

const training = (id: string, category: string, completedAt: string) =>
  workforce(
    event(
      'training.completed',
      {
        ...base(completedAt),
        trainingRecordId: id,
        agentId: 'agent-1',
        courseId: `${category}-101`,
        category,
        hours: 3,
        completedAt,
        passed: true,
      },
      'ccc.workforce',
    ),
    context,
  );

describe('Real-time control transitions', () => {
  it('keeps the history of a breach and a restoration made by the competence path, published by the next engine run', async () => {
    await workforce(
      event(
        'agent.onboarded',
        { ...base('2026-10-01T08:00:00Z'), agentId: 'agent-1', startedAt: '2026-10-01T08:00:00Z', languages: ['fr'] },
        'ccc.workforce',
      ),
      context,
    );
    await training('r-dp', 'data-protection', '2026-10-02T09:00:00Z');
    // Answered without the induction: a violation, P1-HR-INDUCTION breached.
    await recordContact(
      event(
        'contact.completed',
        {
          ...base('2026-11-10T09:10:00Z'),
          contactId: 'c1',
          channel: 'voice',
          direction: 'inbound',
          queue: 'billing',
          agentId: 'agent-1',
          initiatedAt: '2026-11-10T09:00:00Z',
          answeredAt: '2026-11-10T09:00:20Z',
          endedAt: '2026-11-10T09:10:00Z',
          outcome: 'handled',
        },
        'ccc.telephony',
      ),
      context,
    );
    // An induction dated before the contact clears it.
    await training('r-ind', 'induction', '2026-11-01T08:00:00Z');

    const history = await controls.history(tenantId, { ...ALL, controlId: 'P1-HR-INDUCTION' });
    expect(history.map((h) => [h.from, h.to])).toEqual([
      ['no-data', 'breached'],
      ['breached', 'compliant'],
    ]);
    const pending = await controls.unpublished(tenantId);
    expect(pending.map((p) => p.event.detailType)).toEqual(['control.breached', 'control.restored']);

    const published: OutgoingEvent[] = [];
    const engine = new EvaluateControls({
      catalogue: [],
      facts: {} as ControlFactSources,
      agreements: new AgreementRepository(db, config.tableName),
      store: controls,
      ledger,
      writer: conditionalWriter(db),
      nonconformities: quality,
      publisher: { publish: async (events) => void published.push(...events) },
      tenants: {
        heads: async function* () {
          yield { tenantId };
        },
      },
    });
    expect((await engine.run(new Date(), 'hourly')).republished).toBe(2);
    expect(published.map((p) => [p.detailType, p.detail.controlId, p.detail.severity])).toEqual([
      ['control.breached', 'P1-HR-INDUCTION', 'major'],
      ['control.restored', 'P1-HR-INDUCTION', 'major'],
    ]);
    expect((await engine.run(new Date(), 'hourly')).republished).toBe(0);
    expect(published).toHaveLength(2);
    // The breach opened its nonconformity before its event went out: the event and the history name it.
    const [nonconformity] = await quality.nonconformities(tenantId, { status: 'all' });
    expect(nonconformity).toMatchObject({ clause: '6', grade: 'major' });
    expect(published[0]?.detail.nonconformityId).toBe(nonconformity?.nonconformityId);
    const [breach] = await controls.history(tenantId, { ...ALL, controlId: 'P1-HR-INDUCTION' });
    expect(breach?.nonconformityId).toBe(nonconformity?.nonconformityId);
    const kinds: string[] = [];
    for await (const e of ledger.entries(tenantId)) kinds.push(e.kind);
    expect(kinds.filter((k) => k === 'control.nonconformity-opened')).toHaveLength(1);
  });
});
