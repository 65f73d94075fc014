/**
 * The complaint register and its hourly sweep on DynamoDB Local, composed as the handlers compose them (the bus
 * publisher replaced by one that keeps what it is given): a lifecycle applied in order and in shuffled orders, a
 * resolution that arrives before its receipt, redeliveries, and a complaint nobody touches turning at risk then
 * overdue in the sweep, alerted once each, with P1-CMP-ACK breached by the hourly controls evaluation that follows
 * (shared/app/evaluate-controls.ts) and its ledger entry. The sweep and the evaluation run over this file's tenants
 * only: the other test files' tenants are not this file's to change.
 *
 * The default agreement applies: Europe/Paris, Monday to Friday 09:00–18:00, French public holidays, acknowledgement
 * within 2 business days and resolution within 10, at risk at 75 %.
 */
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { ComplaintEvent } from '../../../events/complaints.js';
import type { ContactCompletedDetail } from '../../../events/telephony.js';
import type { OutgoingEvent } from '../../../shared/app/assemble-vendor-contact.js';
import { ComplaintRegister } from '../../../shared/app/complaint-register.js';
import { ComplaintRegisterCheck, complaintRegisterPolicy } from '../../../shared/app/complaint-register-check.js';
import { CONTROL_CATALOGUE } from '../../../shared/app/controls/catalogue/index.js';
import { ComplaintFactsReader, EvaluateComplaints } from '../../../shared/app/evaluate-complaints.js';
import { type ControlFactSources, EvaluateControls } from '../../../shared/app/evaluate-controls.js';
import { defaultAgreementVersion } from '../../../shared/domain/agreement/default-agreement.js';
import { AgentRepository } from '../../../shared/store/agent-repository.js';
import { AgreementRepository } from '../../../shared/store/agreement-repository.js';
import {
  complaintRegisterKeys,
  DynamoComplaintRegister,
  expectationWrite,
} from '../../../shared/store/complaint-register-items.js';
import { ComplaintRepository } from '../../../shared/store/complaint-repository.js';
import { conditionalWriter } from '../../../shared/store/conditional-writer.js';
import { ControlStateRepository } from '../../../shared/store/control-state-repository.js';
import { keys } from '../../../shared/store/keys.js';
import { DynamoLedgerRepository } from '../../../shared/store/ledger-repository.js';
import { QualityRepository } from '../../../shared/store/quality-repository.js';
import { seeded } from '../../support/seeded-random.js';
import { testDocumentClient, useStandInEnvironment } from '../../support/stand-ins.js';

const config = useStandInEnvironment();
const db = testDocumentClient();
const complaints = new ComplaintRepository(db, config.tableName);
const agreements = new AgreementRepository(db, config.tableName);
const ledger = new DynamoLedgerRepository(db, config.tableName);
const writer = conditionalWriter(db);

const suffix = crypto.randomUUID().slice(0, 8);
const TENANT = `cmp-life-${suffix}`;
const QUIET = `cmp-quiet-${suffix}`;
const EMPTY = `cmp-empty-${suffix}`;
const REGISTER = `cmp-register-${suffix}`;

/** What the bus was given. */
const published: OutgoingEvent[] = [];
const publisher = { publish: async (events: readonly OutgoingEvent[]) => void published.push(...events) };

function registerAt(now: string) {
  return new ComplaintRegister(complaints, agreements, ledger, publisher, writer, () => new Date(now));
}

/** Well after every deadline of November's complaints. */
const LATER = '2026-12-01T10:00:00.000Z';
const register = registerAt(LATER);

const base = (tenantId: string, occurredAt: string) => ({
  schemaVersion: 1 as const,
  tenantId,
  centerId: 'lyon-1',
  occurredAt,
});

/** Monday 2 November 2026, 09:00 in Paris. */
const RECEIVED = '2026-11-02T08:00:00.000Z';

function lifecycle(tenantId: string, complaintId: string, contactId?: string): Array<[ComplaintEvent, string]> {
  const events: ComplaintEvent[] = [
    {
      type: 'complaint.received',
      detail: {
        ...base(tenantId, RECEIVED),
        complaintId,
        channel: 'voice',
        category: 'billing',
        severity: 'medium',
        receivedAt: RECEIVED,
        customerRef: 'cust-0042',
        ...(contactId === undefined ? {} : { contactId }),
        remedySought: 'Refund of the duplicated charge',
        ownerId: 'agent-042',
      },
    },
    {
      type: 'complaint.acknowledged',
      detail: { ...base(tenantId, '2026-11-03T10:00:00Z'), complaintId, acknowledgedAt: '2026-11-03T10:00:00Z' },
    },
    {
      type: 'complaint.escalated',
      detail: {
        ...base(tenantId, '2026-11-05T10:00:00Z'),
        complaintId,
        escalatedAt: '2026-11-05T10:00:00Z',
        to: 'internal',
      },
    },
    {
      type: 'complaint.resolved',
      detail: {
        ...base(tenantId, '2026-11-09T15:00:00Z'),
        complaintId,
        resolvedAt: '2026-11-09T15:00:00Z',
        outcome: 'rejected',
        remedy: 'None: the charge was correct',
      },
    },
    {
      type: 'complaint.reopened',
      detail: { ...base(tenantId, '2026-11-10T09:00:00Z'), complaintId, reopenedAt: '2026-11-10T09:00:00Z' },
    },
    {
      type: 'complaint.resolved',
      detail: {
        ...base(tenantId, '2026-11-13T16:00:00Z'),
        complaintId,
        resolvedAt: '2026-11-13T16:00:00Z',
        outcome: 'upheld',
        remedy: 'Refunded',
      },
    },
  ];
  const at = (e: ComplaintEvent) => {
    const d = e.detail as unknown as Record<string, string | undefined>;
    return d.receivedAt ?? d.acknowledgedAt ?? d.escalatedAt ?? d.resolvedAt ?? d.reopenedAt;
  };
  return events.map((e) => [e, `${e.type}#${complaintId}#${Date.parse(at(e) as string)}`]);
}

async function stored(tenantId: string, complaintId: string) {
  const found = await complaints.complaint(tenantId, complaintId);
  if (found === undefined) throw new Error(`${complaintId} not stored`);
  return found;
}

async function entries(tenantId: string, resource: string) {
  const found = [];
  for await (const entry of ledger.entries(tenantId)) if (entry.resource === resource) found.push(entry);
  return found;
}

async function listed(tenantId: string, lifecycleName: 'open' | 'closed' | 'pending-receipt') {
  const page = await complaints.page(tenantId, lifecycleName, 100);
  return page.complaints.map((c) => c.record.complaintId);
}

/** The facts, whatever the complaint is called. */
const factsOf = async (tenantId: string, complaintId: string) => {
  const { complaint } = (await stored(tenantId, complaintId)).record;
  const { complaintId: _id, ...facts } = complaint;
  return facts;
};

describe('Complaint register', () => {
  it('keeps a lifecycle applied in order: closed, reopened and resolved again, deadlines met, one entry per event', async () => {
    for (const [event, key] of lifecycle(TENANT, 'in-order', 'contact-in-order')) {
      expect((await register.apply(event, key)).outcome).toBe('applied');
    }
    const { record, revision } = await stored(TENANT, 'in-order');
    expect(revision).toBe(6);
    expect(record.timeline).toHaveLength(6);
    expect(record.complaint).toMatchObject({
      lifecycle: 'closed',
      status: 'closed',
      receivedAt: RECEIVED,
      channel: 'voice',
      category: 'billing',
      acknowledgedAt: '2026-11-03T10:00:00Z',
      firstResolvedAt: '2026-11-09T15:00:00Z',
      resolvedAt: '2026-11-13T16:00:00Z',
      outcome: 'upheld',
      reopenings: 1,
      escalations: [{ at: '2026-11-05T10:00:00Z', to: 'internal' }],
    });
    // Acknowledged on Tuesday, due by the close (18:00 Paris) of Wednesday 4 November, the 2nd business day.
    expect(record.complaint.deadlines.acknowledge).toMatchObject({ dueAt: '2026-11-04T17:00:00.000Z', state: 'met' });
    expect(record.complaint.deadlines.resolve?.state).toBe('met');
    const kinds = (await entries(TENANT, 'complaint/in-order')).map((e) => e.kind);
    expect(kinds).toEqual([
      'complaint.received',
      'complaint.acknowledged',
      'complaint.escalated',
      'complaint.resolved',
      'complaint.reopened',
      'complaint.resolved',
    ]);
    expect(await listed(TENANT, 'closed')).toContain('in-order');
    // Closed, it is kept for the default agreement's complaint-evidence retention (1,096 days) from its resolution.
    const item = await db.send(
      new GetCommand({ TableName: config.tableName, Key: keys.complaint(TENANT, 'in-order'), ConsistentRead: true }),
    );
    expect(item.Item?.expiresAt).toBe(Date.parse('2026-11-13T16:00:00Z') / 1000 + 1_096 * 86_400);
    // The contact the complaint was made in counts as registered (P1-CMP-REGISTER).
    const link = await db.send(
      new GetCommand({
        TableName: config.tableName,
        Key: complaintRegisterKeys.expectation(TENANT, 'contact-in-order'),
        ConsistentRead: true,
      }),
    );
    expect(link.Item).toMatchObject({ complaintId: 'in-order', registeredAt: '2026-11-02T08:00:00.000Z' });
  });

  it('gives the same stored facts in every shuffled order, redeliveries included', async () => {
    const reference = await factsOf(TENANT, 'in-order');
    const random = seeded(11);
    for (let n = 0; n < 6; n++) {
      const complaintId = `shuffled-${n}`;
      const events = lifecycle(TENANT, complaintId, 'contact-in-order');
      // Fisher–Yates with the seeded generator, and two events delivered twice.
      for (let i = events.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [events[i], events[j]] = [events[j] as (typeof events)[number], events[i] as (typeof events)[number]];
      }
      events.push(events[0] as (typeof events)[number], events[3] as (typeof events)[number]);
      const outcomes = [];
      for (const [event, key] of events) outcomes.push((await register.apply(event, key)).outcome);
      expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(2);
      expect(await factsOf(TENANT, complaintId)).toEqual(reference);
      expect(await entries(TENANT, `complaint/${complaintId}`)).toHaveLength(6);
    }
  });

  it('keeps a resolution that arrives before its receipt and applies it once the receipt comes', async () => {
    const [received, , , resolved] = lifecycle(TENANT, 'early-resolution');
    if (received === undefined || resolved === undefined) throw new Error('lifecycle changed');
    await register.apply(...resolved);
    const waiting = await stored(TENANT, 'early-resolution');
    expect(waiting.record.complaint).toMatchObject({ lifecycle: 'pending-receipt', status: 'pending-receipt' });
    expect(waiting.record.complaint.deadlines).toEqual({});
    expect(await listed(TENANT, 'pending-receipt')).toContain('early-resolution');

    await register.apply(...received);
    const { record } = await stored(TENANT, 'early-resolution');
    expect(record.complaint).toMatchObject({
      lifecycle: 'closed',
      status: 'closed',
      firstResolvedAt: '2026-11-09T15:00:00Z',
      outcome: 'rejected',
    });
    // The resolution acknowledged it, but only on the 5th business day.
    expect(record.complaint.deadlines.acknowledge).toMatchObject({ state: 'late', metAt: '2026-11-09T15:00:00Z' });
    expect(record.complaint.deadlines.resolve?.state).toBe('met');
    expect(await listed(TENANT, 'pending-receipt')).not.toContain('early-resolution');
    expect(await listed(TENANT, 'closed')).toContain('early-resolution');
  });

  it('changes nothing on a redelivery: same revision, no ledger entry, no alert', async () => {
    const [received] = lifecycle(TENANT, 'redelivered');
    if (received === undefined) throw new Error('lifecycle changed');
    // Received in November, replayed in December: missed long ago, which is the sweep's to alert, not the replay's.
    const first = await register.apply(...received);
    expect(first).toEqual({ outcome: 'applied', alerted: [] });
    const before = await stored(TENANT, 'redelivered');
    const entriesBefore = await entries(TENANT, 'complaint/redelivered');
    const again = await register.apply(...received);
    expect(again).toEqual({ outcome: 'duplicate', alerted: [] });
    expect((await stored(TENANT, 'redelivered')).revision).toBe(before.revision);
    expect(await entries(TENANT, 'complaint/redelivered')).toHaveLength(entriesBefore.length);
  });

  it('alerts as the event arrives when it shows a deadline just missed', async () => {
    const [received] = lifecycle(TENANT, 'late-receipt');
    if (received === undefined) throw new Error('lifecycle changed');
    // The receipt reaches the register 20 minutes after its acknowledgement fell due (Wednesday 18:00 in Paris).
    const { alerted } = await registerAt('2026-11-04T17:20:00.000Z').apply(...received);
    expect(alerted).toEqual(['late-receipt#acknowledge#missed#2026-11-04T17:00:00.000Z']);
    expect(published.filter((e) => e.detail.complaintId === 'late-receipt').map((e) => e.detailType)).toEqual([
      'complaint.deadline-missed',
    ]);
    const { record } = await stored(TENANT, 'late-receipt');
    expect(record.complaint.status).toBe('overdue');
    expect(record.alerts).toEqual(alerted);
    const kinds = (await entries(TENANT, 'complaint/late-receipt')).map((e) => e.kind);
    expect(kinds).toEqual(['complaint.received', 'complaint.deadline-missed']);
  });
});

describe('Complaint sweep', () => {
  const sweep = (now: string) => sweepOf(QUIET, now);
  /** The sweep, then the hourly controls (the complaint controls, which read only the complaints). */
  const sweepOf = async (tenantId: string, now: string) => {
    const tenants = {
      heads: async function* () {
        yield { tenantId };
      },
    };
    const report = await new EvaluateComplaints(registerAt(now), complaints, agreements, tenants).run(new Date(now));
    const reader = new ComplaintFactsReader(
      registerAt(now),
      complaints,
      new ComplaintRegisterCheck(new DynamoComplaintRegister(db, config.tableName)),
    );
    const facts = {
      complaints: (scope) => reader.facts(scope.tenantId, scope.now, [...scope.versions]),
    } as Partial<ControlFactSources> as ControlFactSources;
    const controls = await new EvaluateControls({
      catalogue: CONTROL_CATALOGUE,
      facts,
      agreements,
      store: new ControlStateRepository(db, config.tableName),
      ledger,
      writer,
      nonconformities: new QualityRepository(db, config.tableName),
      publisher,
      tenants,
    }).run(new Date(now), 'hourly');
    expect(controls.failures).toEqual([]);
    return { ...report, transitions: controls.transitions };
  };

  const alertsOf = (complaintId: string) => published.filter((e) => e.detail.complaintId === complaintId);

  it('turns an untouched complaint at risk, then overdue, alerting once each, and breaches P1-CMP-ACK', async () => {
    const [received] = lifecycle(QUIET, 'untouched');
    if (received === undefined) throw new Error('lifecycle changed');
    expect((await registerAt(RECEIVED).apply(...received)).alerted).toEqual([]);
    expect(await listed(QUIET, 'open')).toEqual(['untouched']);

    // Monday's receipt, Wednesday morning: past 75 % of the two business days' opening hours.
    const atRisk = await sweep('2026-11-04T11:00:00.000Z');
    expect(atRisk).toMatchObject({ tenants: 1, assessed: 1, alerts: 1, failed: 0 });
    expect(alertsOf('untouched').map((e) => [e.detailType, e.detail.deadline])).toEqual([
      ['complaint.deadline-at-risk', 'acknowledge'],
    ]);
    const ack = (await agentsControl('P1-CMP-ACK'))?.state;
    expect(ack).toMatchObject({ status: 'at-risk', detail: { atRiskCount: 1, atRisk: ['untouched'] } });

    // Wednesday 18:00 in Paris has passed: the acknowledgement is overdue.
    const overdue = await sweep('2026-11-04T17:30:00.000Z');
    expect(overdue).toMatchObject({ alerts: 1 });
    expect(overdue.transitions).toContainEqual({
      tenantId: QUIET,
      controlId: 'P1-CMP-ACK',
      from: 'at-risk',
      to: 'breached',
      nonconformityId: expect.any(String),
    });
    const missed = alertsOf('untouched').filter((e) => e.detailType === 'complaint.deadline-missed');
    expect(missed).toHaveLength(1);
    expect(missed[0]?.detail).toMatchObject({
      tenantId: QUIET,
      centerId: 'lyon-1',
      deadline: 'acknowledge',
      dueAt: '2026-11-04T17:00:00.000Z',
      alertKey: 'untouched#acknowledge#missed#2026-11-04T17:00:00.000Z',
    });
    const { record } = await stored(QUIET, 'untouched');
    expect(record.complaint.status).toBe('overdue');
    expect(record.alerts).toHaveLength(2);
    const kinds = (await entries(QUIET, 'complaint/untouched')).map((e) => e.kind);
    expect(kinds).toEqual(['complaint.received', 'complaint.deadline-missed']);
    const breached = [];
    for await (const entry of ledger.entries(QUIET)) if (entry.kind === 'control.breached') breached.push(entry);
    expect(breached.map((e) => e.resource)).toEqual(['control/P1-CMP-ACK']);

    // An hour later nothing new: no alert sent again, no control entry.
    const quiet = await sweep('2026-11-04T18:30:00.000Z');
    expect(quiet).toMatchObject({ alerts: 0, transitions: [] });
    expect(alertsOf('untouched')).toHaveLength(2);

    // Acknowledged (late) the next morning: the acknowledgement control stays breached for the 30 days' window.
    await registerAt('2026-11-05T09:00:00.000Z').apply(
      {
        type: 'complaint.acknowledged',
        detail: {
          ...base(QUIET, '2026-11-05T08:30:00Z'),
          complaintId: 'untouched',
          acknowledgedAt: '2026-11-05T08:30:00Z',
        },
      },
      'ack-untouched',
    );
    await sweep('2026-11-05T09:10:00.000Z');
    expect((await agentsControl('P1-CMP-ACK'))?.state).toMatchObject({
      status: 'breached',
      detail: { overdueCount: 0, late: 1, onTimeShare: 0 },
    });
    expect((await stored(QUIET, 'untouched')).record.complaint.status).toBe('open');
  });

  const agentsControl = (controlId: string, tenantId = QUIET) =>
    new AgentRepository(db, config.tableName).controlState(tenantId, controlId);

  it('keeps P1-CMP-RESOLVE compliant while resolutions are in time, and leaves a tenant without complaints alone', async () => {
    expect((await agentsControl('P1-CMP-RESOLVE'))?.state).toMatchObject({
      status: 'compliant',
      detail: { open: 1, overdueCount: 0, atRiskCount: 0, due: 0, onTimeShare: null },
    });
    // No complaint and no complaint-reason contact: nothing to say, nothing written.
    await sweepOf(EMPTY, '2026-11-05T09:10:00.000Z');
    for (const controlId of ['P1-CMP-ACK', 'P1-CMP-RESOLVE', 'P1-CMP-REGISTER'])
      expect(await agentsControl(controlId, EMPTY)).toBeUndefined();
  });

  it('breaches P1-CMP-REGISTER for a complaint-reason contact left unregistered, and restores it once registered', async () => {
    const policy = {
      timeZone: 'Europe/Paris',
      retentionDays: 396,
      complaintRegister: complaintRegisterPolicy(defaultAgreementVersion(REGISTER)),
    };
    // A call ending Monday 2 November at 10:00 in Paris with reason `complaint`: due registered by Tuesday's close.
    const contact = {
      ...base(REGISTER, '2026-11-02T09:00:00Z'),
      contactId: 'contact-unregistered',
      channel: 'voice',
      direction: 'inbound',
      queue: 'billing',
      initiatedAt: '2026-11-02T08:50:00Z',
      endedAt: '2026-11-02T09:00:00Z',
      outcome: 'handled',
      reason: 'complaint',
    } as ContactCompletedDetail;
    const write = expectationWrite(config.tableName, contact, policy);
    if (write === undefined) throw new Error('a complaint reason expects a complaint');
    await db.send(new TransactWriteCommand({ TransactItems: [write] }));

    const before = await sweepOf(REGISTER, '2026-11-03T12:00:00.000Z');
    expect(before.transitions).toEqual([
      { tenantId: REGISTER, controlId: 'P1-CMP-REGISTER', from: 'no-data', to: 'compliant' },
    ]);
    const breached = await sweepOf(REGISTER, '2026-11-04T08:00:00.000Z');
    expect(breached.transitions).toEqual([
      {
        tenantId: REGISTER,
        controlId: 'P1-CMP-REGISTER',
        from: 'compliant',
        to: 'breached',
        nonconformityId: expect.any(String),
      },
    ]);
    expect((await agentsControl('P1-CMP-REGISTER', REGISTER))?.state.detail).toMatchObject({
      unregisteredCount: 1,
      contactIds: ['contact-unregistered'],
    });

    const [received] = lifecycle(REGISTER, 'registered-late', 'contact-unregistered');
    if (received === undefined) throw new Error('lifecycle changed');
    await registerAt('2026-11-04T09:00:00.000Z').apply(...received);
    const restored = await sweepOf(REGISTER, '2026-11-04T10:00:00.000Z');
    expect(restored.transitions).toContainEqual({
      tenantId: REGISTER,
      controlId: 'P1-CMP-REGISTER',
      from: 'breached',
      to: 'compliant',
    });
    const kinds = [];
    for await (const entry of ledger.entries(REGISTER))
      if (entry.resource === 'control/P1-CMP-REGISTER') kinds.push(entry.kind);
    expect(kinds).toEqual(['control.changed', 'control.breached', 'control.restored']);
  });
});
