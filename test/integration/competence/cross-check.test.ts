/**
 * The competence cross-check on the real table: workforce events applied once whatever the delivery, a contact
 * checked against a stale snapshot recorded only when the strongly consistent profile agrees, a training record
 * racing a contact never leaves a violation it answers, and a tenant without workforce data never checked.
 */
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { EventBridgeEvent } from '../../../events/envelope.js';
import type { ContactCompletedDetail } from '../../../events/telephony.js';
import { AgentCompetence } from '../../../shared/app/agent-competence.js';
import { defaultPolicyLookup } from '../../../shared/app/record-contact.js';
import { AgentRepository, CachedCompetenceSnapshots } from '../../../shared/store/agent-repository.js';
import { AgreementRepository } from '../../../shared/store/agreement-repository.js';
import { DynamoLedgerRepository } from '../../../shared/store/ledger-repository.js';
import { testDocumentClient, useStandInEnvironment } from '../../support/stand-ins.js';

const config = useStandInEnvironment();
const { handler } = await import('../../../functions/record-workforce-event/handler.js');
const { handler: recordContact } = await import('../../../functions/record-contact-completed/handler.js');
const db = testDocumentClient();
const agents = new AgentRepository(db, config.tableName);
const ledger = new DynamoLedgerRepository(db, config.tableName);
const competence = new AgentCompetence(agents, new AgreementRepository(db, config.tableName), ledger);

const context = { functionName: 'record-workforce-event', awsRequestId: 't', getRemainingTimeInMillis: () => 30_000 };

function event(detailType: string, detail: object, source = 'ccc.workforce'): EventBridgeEvent {
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

const tenant = () => `hr-${crypto.randomUUID().slice(0, 8)}`;
const base = (tenantId: string, occurredAt: string) => ({
  schemaVersion: 1 as const,
  tenantId,
  centerId: 'lyon-1',
  occurredAt,
});
const onboarding = (tenantId: string, agentId: string) => ({
  ...base(tenantId, '2026-10-01T08:00:00Z'),
  agentId,
  startedAt: '2026-10-01T08:00:00Z',
  languages: ['fr'],
});
const training = (tenantId: string, agentId: string, id: string, category: string, completedAt: string) => ({
  ...base(tenantId, completedAt),
  trainingRecordId: id,
  agentId,
  courseId: `${category}-101`,
  category,
  hours: 3,
  completedAt,
  passed: true,
});
const contact = (tenantId: string, agentId: string, contactId: string): ContactCompletedDetail => ({
  ...base(tenantId, '2026-11-10T09:10:00Z'),
  contactId,
  channel: 'voice',
  direction: 'inbound',
  queue: 'billing',
  agentId,
  initiatedAt: '2026-11-10T09:00:00Z',
  answeredAt: '2026-11-10T09:00:20Z',
  endedAt: '2026-11-10T09:10:00Z',
  outcome: 'handled',
});
const send = (detailType: string, detail: object) => handler(event(detailType, detail), context as Context);
const entries = async (tenantId: string) => {
  const all = [];
  for await (const entry of ledger.entries(tenantId)) all.push(entry);
  return all;
};

describe('Function: record-workforce-event', () => {
  it('applies an event once however often it is delivered, with one ledger entry', async () => {
    const tenantId = tenant();
    const detail = onboarding(tenantId, 'agent-1');
    const outcomes = await Promise.all([1, 2, 3].map(() => send('agent.onboarded', detail)));
    expect(outcomes.sort()).toEqual(['applied', 'duplicate', 'duplicate']);
    expect(await send('agent.onboarded', detail)).toBe('duplicate');
    expect((await entries(tenantId)).map((e) => e.kind)).toEqual(['agent.onboarded']);
    expect((await agents.profile(tenantId, 'agent-1'))?.profile).toMatchObject({ startedAt: detail.startedAt });
  });

  it('dead-letters a workforce event naming an agent by e-mail address, and stores nothing', async () => {
    const tenantId = tenant();
    const outcome = await send('training.completed', {
      ...training(tenantId, 'jane.doe@example.com', 'r1', 'induction', '2026-10-02T08:00:00Z'),
    });
    expect(outcome).toBe('dead-lettered');
    expect(await agents.allProfiles(tenantId)).toEqual([]);
  });
});

describe('Class: AgentCompetence, the contact cross-check', () => {
  it('records nothing for a tenant that never sent a workforce event', async () => {
    const tenantId = tenant();
    expect(
      await recordContact(
        event('contact.completed', contact(tenantId, 'agent-1', 'c1'), 'ccc.telephony'),
        context as Context,
      ),
    ).toBe('applied');
    expect(await agents.tenantViolations(tenantId)).toEqual([]);
    expect(await entries(tenantId)).toEqual([]);
  });

  it('reads a stale snapshot again before recording, and records nothing when the agent was in fact trained', async () => {
    const tenantId = tenant();
    await send('agent.onboarded', onboarding(tenantId, 'agent-1'));
    const snapshots = new CachedCompetenceSnapshots(agents);
    const stale = await snapshots.snapshot(tenantId);
    await send('training.completed', training(tenantId, 'agent-1', 'r-ind', 'induction', '2026-10-02T08:00:00Z'));
    await send('training.completed', training(tenantId, 'agent-1', 'r-dp', 'data-protection', '2026-10-02T09:00:00Z'));
    const policy = await defaultPolicyLookup.policyFor(tenantId, '2026-11-10T09:00:00Z');

    const recorded = await competence.check(contact(tenantId, 'agent-1', 'c1'), policy, stale);

    expect(recorded).toBeUndefined();
    expect(await agents.tenantViolations(tenantId)).toEqual([]);
  });

  it('never leaves open a violation that a concurrently recorded training answers', async () => {
    const tenantId = tenant();
    const policy = await defaultPolicyLookup.policyFor(tenantId, '2026-11-10T09:00:00Z');
    const ids = Array.from({ length: 6 }, (_, i) => `agent-${i}`);
    for (const agentId of ids) {
      await send('agent.onboarded', onboarding(tenantId, agentId));
      await send(
        'training.completed',
        training(tenantId, agentId, `dp-${agentId}`, 'data-protection', '2026-10-02T09:00:00Z'),
      );
    }
    const snapshot = await new CachedCompetenceSnapshots(agents).snapshot(tenantId);

    // Each agent's induction (completed before the contact) races the check of a contact the snapshot shows lacking it.
    await Promise.all(
      ids.flatMap((agentId) => [
        competence.check(contact(tenantId, agentId, `c-${agentId}`), policy, snapshot),
        send('training.completed', training(tenantId, agentId, `ind-${agentId}`, 'induction', '2026-10-02T08:00:00Z')),
      ]),
    );

    const open = (await Promise.all(ids.map((a) => agents.openViolations(tenantId, a)))).flat();
    expect(open).toEqual([]);
    const control = await agents.controlState(tenantId, 'P1-HR-INDUCTION');
    expect(control === undefined || control.state.status === 'compliant').toBe(true);
    expect(control?.state.detail.openViolations ?? 0).toBe(0);
  });

  it('puts P1-HR-INDUCTION in breach with the contact as evidence, and restores it when the last violation clears', async () => {
    const tenantId = tenant();
    await send('agent.onboarded', onboarding(tenantId, 'agent-1'));
    await send('training.completed', training(tenantId, 'agent-1', 'r-dp', 'data-protection', '2026-10-02T09:00:00Z'));
    await recordContact(
      event('contact.completed', contact(tenantId, 'agent-1', 'c1'), 'ccc.telephony'),
      context as Context,
    );
    // Redelivered: one violation, one entry.
    await recordContact(
      event('contact.completed', contact(tenantId, 'agent-1', 'c1'), 'ccc.telephony'),
      context as Context,
    );

    const breached = await agents.controlState(tenantId, 'P1-HR-INDUCTION');
    expect(breached?.state).toMatchObject({
      status: 'breached',
      detail: { openViolations: 1, lastViolation: { agentId: 'agent-1', contactId: 'c1' } },
    });
    const violationEntry = (await entries(tenantId)).find((e) => e.kind === 'competence.violation');
    expect(violationEntry).toMatchObject({ resource: 'contact/c1' });

    const outcome = await send(
      'training.completed',
      training(tenantId, 'agent-1', 'r-ind', 'induction', '2026-11-01T08:00:00Z'),
    );
    expect(outcome).toBe('applied');
    const restored = await agents.controlState(tenantId, 'P1-HR-INDUCTION');
    expect(restored?.state).toMatchObject({ status: 'compliant', detail: { openViolations: 0 } });
    expect((await agents.violations(tenantId, 'agent-1')).map((v) => [v.contactId, v.status, v.clearedBy])).toEqual([
      ['c1', 'cleared', 'training#r-ind'],
    ]);
    expect((await entries(tenantId)).map((e) => e.kind)).toEqual([
      'agent.onboarded',
      'training.completed',
      'competence.violation',
      'training.completed',
    ]);
  });

  it('clears more violations than one transaction takes, and a QA evaluation leaves them alone', async () => {
    const tenantId = tenant();
    await send('agent.onboarded', onboarding(tenantId, 'agent-1'));
    await send('training.completed', training(tenantId, 'agent-1', 'r-dp', 'data-protection', '2026-10-02T09:00:00Z'));
    const calls = Array.from({ length: 120 }, (_, i) => contact(tenantId, 'agent-1', `c${String(i).padStart(3, '0')}`));
    for (const call of calls)
      await recordContact(event('contact.completed', call, 'ccc.telephony'), context as Context);
    expect(await agents.openViolations(tenantId, 'agent-1')).toHaveLength(120);

    // A QA evaluation of that agent changes nothing of the violations (it used to rewrite all of them at once).
    const qa = {
      ...base(tenantId, '2026-11-12T10:00:00Z'),
      evaluationId: 'qa-1',
      agentId: 'agent-1',
      score: 71,
      criticalFail: false,
      evaluatorId: 'lead-1',
    };
    expect(await send('qa.evaluation-completed', qa)).toBe('applied');

    // The induction, completed before every one of those calls, arrives late.
    expect(
      await send('training.completed', training(tenantId, 'agent-1', 'r-ind', 'induction', '2026-11-01T08:00:00Z')),
    ).toBe('applied');

    expect(await agents.openViolations(tenantId, 'agent-1')).toEqual([]);
    const control = await agents.controlState(tenantId, 'P1-HR-INDUCTION');
    expect(control?.state).toMatchObject({ status: 'compliant', detail: { openViolations: 0 } });
    const kinds = (await entries(tenantId)).map((e) => e.kind);
    expect(kinds.filter((k) => k === 'competence.violation')).toHaveLength(120);
    expect(kinds.slice(-3)).toEqual([
      'training.completed',
      'competence.violations-settled',
      'competence.violations-settled',
    ]);
  }, 120_000);
});
