import { describe, expect, it } from 'vitest';
import { ControlKeeper, type KeptControl } from '../../../../shared/app/control-keeper.js';
import { realTimeTransition } from '../../../../shared/app/control-transitions.js';
import type { Evaluation } from '../../../../shared/app/controls/control-definition.js';
import { defaultAgreementVersion } from '../../../../shared/domain/agreement/default-agreement.js';
import { controlFakes } from './control-fakes.js';

const T = 'acme-energy';
const ACK: KeptControl = { controlId: 'P1-CMP-ACK', clause: '4.4', severity: 'major' };
const agreement = defaultAgreementVersion(T);
const at = (hour: number) => new Date(Date.UTC(2026, 10, 3, hour));

function keeperOver(fakes: ReturnType<typeof controlFakes>, failures: unknown[] = []) {
  const keeper = new ControlKeeper({
    store: fakes.store,
    ledger: fakes.ledger,
    writer: fakes.writer,
    nonconformities: fakes.breaches,
    publisher: fakes.publisher,
    actor: { actor: 'system:test', actorRole: 'system' },
    onPublishFailure: (_t, _c, error) => failures.push(error),
  });
  const settle = async (evaluation: Evaluation, now: Date, control = ACK) =>
    keeper.settle({
      tenantId: T,
      control,
      stored: await fakes.store.controlState(T, control.controlId),
      evaluate: async () => evaluation,
      now,
      agreement,
    });
  return { keeper, settle };
}

const breached: Evaluation = { status: 'breached', detail: { overdueCount: 1, overdue: ['cmp-1'], onTimeShare: 0.5 } };
const compliant: Evaluation = { status: 'compliant', detail: { overdueCount: 0, overdue: [], onTimeShare: 1 } };

describe('ControlKeeper', () => {
  it('writes a breach, its history item, its nonconformity and its ledger entry in one transaction, then publishes it', async () => {
    const f = controlFakes();
    const transition = await keeperOver(f).settle(breached, at(9));

    expect(transition).toEqual({
      tenantId: T,
      controlId: ACK.controlId,
      from: 'no-data',
      to: 'breached',
      nonconformityId: 'nc-P1-CMP-ACK-2026-11-03T09:00:00.000Z',
    });
    expect(f.transactions).toHaveLength(1);
    expect(f.transactions[0]?.map((w) => w.kind)).toEqual(['state', 'history', 'nonconformity']);
    expect(f.nonconformities.get('nc-P1-CMP-ACK-2026-11-03T09:00:00.000Z')).toMatchObject({
      controlId: ACK.controlId,
      clause: '4.4',
      severity: 'major',
      breachedSince: '2026-11-03T09:00:00.000Z',
      // Only the scalars of the detail: no list of complaint ids.
      summary: { overdueCount: 1, onTimeShare: 0.5 },
    });
    expect(f.entries).toEqual([
      expect.objectContaining({
        kind: 'control.breached',
        resource: 'control/P1-CMP-ACK',
        payload: {
          controlId: ACK.controlId,
          from: 'no-data',
          to: 'breached',
          detail: { overdueCount: 1, onTimeShare: 0.5 },
          nonconformityId: 'nc-P1-CMP-ACK-2026-11-03T09:00:00.000Z',
        },
      }),
    ]);
    expect(f.published).toEqual([
      {
        source: 'ccc.compliance',
        detailType: 'control.breached',
        occurredAt: '2026-11-03T09:00:00.000Z',
        detail: {
          schemaVersion: 1,
          tenantId: T,
          occurredAt: '2026-11-03T09:00:00.000Z',
          controlId: ACK.controlId,
          clause: '4.4',
          severity: 'major',
          from: 'no-data',
          to: 'breached',
          since: '2026-11-03T09:00:00.000Z',
          summary: { overdueCount: 1, onTimeShare: 0.5 },
          nonconformityId: 'nc-P1-CMP-ACK-2026-11-03T09:00:00.000Z',
          transitionKey: 'P1-CMP-ACK#breached#2026-11-03T09:00:00.000Z',
        },
      },
    ]);
    const [item] = [...f.history.values()];
    expect(item).toMatchObject({
      published: true,
      entry: {
        from: 'no-data',
        to: 'breached',
        at: '2026-11-03T09:00:00.000Z',
        ledgerSequence: 1,
        detail: breached.detail,
      },
    });
  });

  it('writes nothing on a rerun that finds the same, and restores with control.restored and no new nonconformity', async () => {
    const f = controlFakes();
    const { settle } = keeperOver(f);
    await settle(breached, at(9));
    expect(await settle(breached, at(10))).toBeUndefined();
    expect(f.transactions).toHaveLength(1);
    expect(f.published).toHaveLength(1);

    expect(await settle(compliant, at(11))).toEqual({
      tenantId: T,
      controlId: ACK.controlId,
      from: 'breached',
      to: 'compliant',
    });
    expect(f.transactions[1]?.map((w) => w.kind)).toEqual(['state', 'history']);
    expect(f.entries.at(-1)).toMatchObject({ kind: 'control.restored' });
    expect(f.published.at(-1)).toMatchObject({
      detailType: 'control.restored',
      detail: { from: 'breached', to: 'compliant', transitionKey: 'P1-CMP-ACK#compliant#2026-11-03T11:00:00.000Z' },
    });
    expect(f.state(T, ACK.controlId)).toMatchObject({ status: 'compliant', since: '2026-11-03T11:00:00.000Z' });
  });

  it('opens no second nonconformity while the one of an earlier breach is still open', async () => {
    const f = controlFakes();
    const { settle } = keeperOver(f);
    await settle(breached, at(9));
    await settle(compliant, at(10));
    const again = await settle(breached, at(11));

    expect(again?.nonconformityId).toBe('nc-P1-CMP-ACK-2026-11-03T09:00:00.000Z');
    expect(f.nonconformities.size).toBe(1);
    expect(f.transactions[2]?.map((w) => w.kind)).toEqual(['state', 'history']);
  });

  it('keeps a change that is neither a breach nor a restoration as control.changed, in the history, without an event', async () => {
    const f = controlFakes();
    const { settle } = keeperOver(f);
    await settle(compliant, at(9));
    await settle({ status: 'at-risk', detail: { overdueCount: 0 } }, at(10));

    expect(f.entries.map((e) => e.kind)).toEqual(['control.changed', 'control.changed']);
    expect([...f.history.values()].map((h) => [h.entry.from, h.entry.to, h.published])).toEqual([
      ['no-data', 'compliant', true],
      ['compliant', 'at-risk', true],
    ]);
    expect(f.published).toEqual([]);
    expect(f.nonconformities.size).toBe(0);
  });

  it('writes a detail-only change on its own: no ledger entry, no history, `since` kept', async () => {
    const f = controlFakes();
    const { settle } = keeperOver(f);
    await settle(breached, at(9));
    await settle({ status: 'breached', detail: { overdueCount: 2, onTimeShare: 0.4 } }, at(10));

    expect(f.entries).toHaveLength(1);
    expect(f.history.size).toBe(1);
    expect(f.state(T, ACK.controlId)).toMatchObject({ since: '2026-11-03T09:00:00.000Z', detail: { overdueCount: 2 } });
  });

  it('leaves the event of a transition whose publish failed pending, and publishes the same event on the next run', async () => {
    const f = controlFakes();
    const failures: unknown[] = [];
    const { keeper, settle } = keeperOver(f, failures);
    f.refusePublishing(true);
    await settle(breached, at(9));

    expect(f.state(T, ACK.controlId)?.status).toBe('breached');
    expect(failures).toHaveLength(1);
    expect(f.published).toEqual([]);
    expect([...f.history.values()][0]).toMatchObject({ published: false, entry: { ledgerSequence: 1 } });
    // Still refused: still pending.
    expect(await keeper.publishPending(T, agreement)).toBe(0);

    f.refusePublishing(false);
    expect(await keeper.publishPending(T, agreement)).toBe(1);
    expect(f.published.map((e) => e.detail.transitionKey)).toEqual(['P1-CMP-ACK#breached#2026-11-03T09:00:00.000Z']);
    expect(await keeper.publishPending(T, agreement)).toBe(0);
    expect(f.published).toHaveLength(1);
  });

  it('loses a race safely: evaluated again from a fresh read, the concurrent write kept', async () => {
    const f = controlFakes();
    const { keeper } = keeperOver(f);
    await keeperOver(f).settle(compliant, at(8));
    let raced = false;
    f.onWrite((state) => {
      if (raced || state.status !== 'breached') return;
      raced = true;
      const current = f.states.get(`${T}|${ACK.controlId}`);
      if (current === undefined) return;
      // A real-time writer moves the revision in between.
      f.setState({
        state: { ...current.state, detail: { overdueCount: 0, by: 'real-time' } },
        revision: current.revision + 1,
      });
    });
    const calls: boolean[] = [];
    const transition = await keeper.settle({
      tenantId: T,
      control: ACK,
      stored: await f.store.controlState(T, ACK.controlId),
      evaluate: async (_previous, fresh) => {
        calls.push(fresh);
        return breached;
      },
      now: at(9),
      agreement,
    });

    expect(calls).toEqual([false, true]);
    expect(transition).toMatchObject({ from: 'compliant', to: 'breached' });
    expect(f.state(T, ACK.controlId)?.status).toBe('breached');
    expect(f.entries.filter((e) => e.kind === 'control.breached')).toHaveLength(1);
  });

  it('opens the nonconformity of a breach a real-time path wrote without one, before publishing its event', async () => {
    const f = controlFakes();
    const { keeper } = keeperOver(f);
    const after = {
      tenantId: T,
      controlId: 'P1-HR-INDUCTION',
      clause: '6',
      status: 'breached' as const,
      since: '2026-11-03T09:00:00.000Z',
      detail: { openViolations: 1 },
    };
    const history = realTimeTransition(undefined, after, 'major');
    if (history === undefined) throw new Error('a breach is a transition');
    await f.writer.write(f.store.historyWrite(history.entry, history.event));

    expect(await keeper.publishPending(T, agreement)).toBe(1);

    const id = 'nc-P1-HR-INDUCTION-2026-11-03T09:00:00.000Z';
    expect(f.nonconformities.get(id)).toMatchObject({ clause: '6', severity: 'major', summary: { openViolations: 1 } });
    expect(f.entries).toEqual([
      expect.objectContaining({
        kind: 'control.nonconformity-opened',
        payload: expect.objectContaining({ nonconformityId: id }),
      }),
    ]);
    expect(f.published.map((e) => [e.detailType, e.detail.nonconformityId])).toEqual([['control.breached', id]]);
    expect([...f.history.values()][0]?.entry.nonconformityId).toBe(id);
    expect(await keeper.publishPending(T, agreement)).toBe(0);
    expect(f.nonconformities.size).toBe(1);
  });
});
