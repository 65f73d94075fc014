/**
 * The controls engine on DynamoDB Local, composed as functions/evaluate-controls composes it (the catalogue replaced
 * by one control whose evaluation the test sets, the bus by one that keeps what it is given, or refuses): a breach
 * writes the state, its history item, its ledger entry and its nonconformity in one transaction; a rerun writes
 * nothing; a restoration publishes control.restored; a publish that failed after the commit is made good by the next
 * run. The engine runs over this file's tenant only.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { OutgoingEvent } from '../../../shared/app/assemble-vendor-contact.js';
import { defineControl, type Evaluation } from '../../../shared/app/controls/control-definition.js';
import { type ControlFactSources, EvaluateControls } from '../../../shared/app/evaluate-controls.js';
import { AgreementRepository } from '../../../shared/store/agreement-repository.js';
import { conditionalWriter } from '../../../shared/store/conditional-writer.js';
import { ControlStateRepository, historyKeys } from '../../../shared/store/control-state-repository.js';
import { keys } from '../../../shared/store/keys.js';
import { DynamoLedgerRepository } from '../../../shared/store/ledger-repository.js';
import { QualityRepository } from '../../../shared/store/quality-repository.js';
import { testDocumentClient, useStandInEnvironment } from '../../support/stand-ins.js';

const config = useStandInEnvironment();
const db = testDocumentClient();
const ledger = new DynamoLedgerRepository(db, config.tableName);
const controls = new ControlStateRepository(db, config.tableName);
const quality = new QualityRepository(db, config.tableName);

const run = crypto.randomUUID().slice(0, 8);
const CONTROL = 'P1-CMP-ACK';

/** One tenant, one control whose evaluation `next` says, and a bus that can refuse. */
function engineFor(tenantId: string) {
  let next: Evaluation = { status: 'no-data', detail: {} };
  let refuse = false;
  const published: OutgoingEvent[] = [];
  const definition = defineControl({
    controlId: CONTROL,
    clause: '4.4',
    source: 'ISO 18295-1',
    requirement: 'Every complaint is acknowledged in time',
    cadence: 'hourly',
    severity: 'major',
    switchable: false,
    facts: [],
    evaluate: () => next,
  });
  const engine = new EvaluateControls({
    catalogue: [definition],
    facts: {} as ControlFactSources,
    agreements: new AgreementRepository(db, config.tableName),
    store: controls,
    ledger,
    writer: conditionalWriter(db),
    nonconformities: quality,
    publisher: {
      publish: async (events) => {
        if (refuse) throw new Error('bus unavailable');
        published.push(...events);
      },
    },
    tenants: {
      heads: async function* () {
        yield { tenantId };
      },
    },
  });
  return {
    published,
    set: (evaluation: Evaluation) => {
      next = evaluation;
    },
    refuse: (value: boolean) => {
      refuse = value;
    },
    run: (at: string) => engine.run(new Date(at), 'hourly'),
  };
}

async function ledgerEntries(tenantId: string) {
  const all = [];
  for await (const entry of ledger.entries(tenantId)) all.push(entry);
  return all;
}

const WINDOW = { from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' };
const breached: Evaluation = { status: 'breached', detail: { overdueCount: 1, overdue: ['cmp-1'] } };
const compliant: Evaluation = { status: 'compliant', detail: { overdueCount: 0, overdue: [] } };

describe('Controls engine on DynamoDB Local', () => {
  it('writes a breach with its history, ledger entry and nonconformity; a rerun writes nothing; a restoration publishes', async () => {
    const tenantId = `ctl-engine-${run}`;
    const e = engineFor(tenantId);
    e.set(compliant);
    await e.run('2026-11-03T08:15:00.000Z');

    e.set(breached);
    const report = await e.run('2026-11-03T09:15:00.000Z');
    const [transition] = report.transitions;
    expect(transition).toMatchObject({ controlId: CONTROL, from: 'compliant', to: 'breached' });
    const nonconformityId = transition?.nonconformityId as string;

    expect((await controls.controlState(tenantId, CONTROL))?.state).toMatchObject({
      status: 'breached',
      since: '2026-11-03T09:15:00.000Z',
      detail: breached.detail,
    });
    const history = await controls.history(tenantId, WINDOW);
    expect(history.map((h) => [h.from, h.to, h.at])).toEqual([
      ['no-data', 'compliant', '2026-11-03T08:15:00.000Z'],
      ['compliant', 'breached', '2026-11-03T09:15:00.000Z'],
    ]);
    const entries = await ledgerEntries(tenantId);
    const breach = entries.find((x) => x.kind === 'control.breached');
    expect(breach?.payload).toMatchObject({ controlId: CONTROL, to: 'breached', nonconformityId });
    expect(history[1]).toMatchObject({ ledgerSequence: breach?.sequence, nonconformityId });
    expect(await quality.nonconformity(tenantId, nonconformityId)).toMatchObject({ clause: '4.4', grade: 'major' });
    expect(e.published.map((p) => [p.detailType, p.detail.transitionKey])).toEqual([
      ['control.breached', 'P1-CMP-ACK#breached#2026-11-03T09:15:00.000Z'],
    ]);

    // The same again an hour later: nothing to write, nothing to publish.
    const rerun = await e.run('2026-11-03T10:15:00.000Z');
    expect(rerun.transitions).toEqual([]);
    expect(await ledgerEntries(tenantId)).toHaveLength(entries.length);
    expect(await controls.history(tenantId, WINDOW)).toHaveLength(2);

    e.set(compliant);
    await e.run('2026-11-03T11:15:00.000Z');
    expect(e.published.at(-1)).toMatchObject({
      detailType: 'control.restored',
      detail: { from: 'breached', to: 'compliant', transitionKey: 'P1-CMP-ACK#compliant#2026-11-03T11:15:00.000Z' },
    });
    expect(await quality.nonconformities(tenantId, { status: 'all' })).toHaveLength(1);
    // The window excludes its end; one control's history reads the same from its partition.
    expect(await controls.history(tenantId, { from: WINDOW.from, to: '2026-11-03T11:15:00.000Z' })).toHaveLength(2);
    expect(await controls.history(tenantId, { ...WINDOW, controlId: CONTROL })).toHaveLength(3);
  });

  it('writes none of it when the transaction fails', async () => {
    const tenantId = `ctl-atomic-${run}`;
    const e = engineFor(tenantId);
    e.set(compliant);
    await e.run('2026-11-03T08:15:00.000Z');
    const before = await ledgerEntries(tenantId);
    // A history item already at the instant of the breach: its put, conditioned on absence, cancels the transaction.
    await db.send(
      new PutCommand({
        TableName: config.tableName,
        Item: { ...historyKeys.entry(tenantId, CONTROL, '2026-11-03T09:15:00.000Z'), entity: 'control-history' },
      }),
    );

    e.set(breached);
    const report = await e.run('2026-11-03T09:15:00.000Z');

    expect(report.failures).toHaveLength(1);
    expect((await controls.controlState(tenantId, CONTROL))?.state.status).toBe('compliant');
    expect(await ledgerEntries(tenantId)).toHaveLength(before.length);
    expect(await quality.nonconformities(tenantId, { status: 'all' })).toEqual([]);
    expect(e.published).toEqual([]);
  });

  it('publishes on the next run a transition whose event the bus refused after the commit', async () => {
    const tenantId = `ctl-publish-${run}`;
    const e = engineFor(tenantId);
    e.set(breached);
    e.refuse(true);
    await e.run('2026-11-03T09:15:00.000Z');
    expect((await controls.controlState(tenantId, CONTROL))?.state.status).toBe('breached');
    expect(await controls.unpublished(tenantId)).toHaveLength(1);

    e.refuse(false);
    const next = await e.run('2026-11-03T10:15:00.000Z');
    expect(next.republished).toBe(1);
    expect(e.published.map((p) => p.detail.transitionKey)).toEqual(['P1-CMP-ACK#breached#2026-11-03T09:15:00.000Z']);
    expect(await controls.unpublished(tenantId)).toEqual([]);
    const item = await db.send(
      new GetCommand({
        TableName: config.tableName,
        Key: historyKeys.entry(tenantId, CONTROL, '2026-11-03T09:15:00.000Z'),
      }),
    );
    expect(item.Item).toMatchObject({ published: true });
    expect(item.Item?.event).toBeUndefined();
    expect(keys.controlState(tenantId, CONTROL).pk).toBe(historyKeys.entry(tenantId, CONTROL, '').pk);
  });
});
