import { describe, expect, it } from 'vitest';
import {
  type ControlDefinition,
  type ControlFacts,
  defineControl,
  type FactName,
} from '../../../../shared/app/controls/control-definition.js';
import {
  type ControlFactSources,
  type ControlFailure,
  EvaluateControls,
} from '../../../../shared/app/evaluate-controls.js';
import type { AgreementVersion } from '../../../../shared/domain/agreement/agreement-schema.js';
import { defaultAgreementVersion } from '../../../../shared/domain/agreement/default-agreement.js';
import { controlFakes } from './control-fakes.js';

const NOW = new Date('2026-11-20T04:00:00.000Z');

/** A control of the tests: its status from the erasure or complaint facts' lengths (0: no data). */
function control(controlId: string, over: Partial<ControlDefinition> & { facts?: FactName[] } = {}): ControlDefinition {
  return defineControl({
    controlId,
    clause: '4.4',
    source: 'ISO 18295-1',
    requirement: `${controlId} holds`,
    cadence: 'daily',
    severity: 'minor',
    switchable: true,
    facts: ['erasures'],
    evaluate: (facts: Partial<ControlFacts>) => {
      const n = facts.erasures?.requests.length ?? facts.complaints?.open.length ?? 0;
      return n === 0 ? { status: 'no-data', detail: {} } : { status: n > 1 ? 'breached' : 'compliant', detail: { n } };
    },
    ...over,
  } as ControlDefinition);
}

function engine(
  catalogue: ControlDefinition[],
  options: { agreement?: Partial<AgreementVersion>; requests?: number; failSlice?: FactName } = {},
) {
  const fakes = controlFakes();
  const gathered: FactName[] = [];
  const slice =
    <K extends FactName>(name: K, value: () => ControlFacts[K]) =>
    async () => {
      gathered.push(name);
      if (options.failSlice === name) throw new Error(`${name} unreadable`);
      return value();
    };
  const requests = Array.from({ length: options.requests ?? 1 }, (_, i) => ({ requestId: `r-${i}` }));
  const facts = {
    erasures: slice('erasures', () => ({ requests }) as unknown as ControlFacts['erasures']),
    complaints: slice(
      'complaints',
      () =>
        ({
          open: [{}],
          received: [],
          register: { status: 'no-data', detail: {} },
        }) as unknown as ControlFacts['complaints'],
    ),
    kpis: slice('kpis', () => ({
      month: '2026-11',
      monthToDate: [],
      days: [],
      previousMonth: '2026-10',
      previous: [],
    })),
  } as Partial<ControlFactSources> as ControlFactSources;
  const failures: ControlFailure[] = [];
  const agreement = { ...defaultAgreementVersion('t1'), version: 1, effectiveFrom: '2026-01-01', ...options.agreement };
  const evaluate = new EvaluateControls({
    catalogue,
    facts,
    agreements: { versions: async () => [agreement] },
    store: fakes.store,
    ledger: fakes.ledger,
    writer: fakes.writer,
    nonconformities: fakes.breaches,
    publisher: fakes.publisher,
    tenants: {
      heads: async function* () {
        yield { tenantId: 't1' };
      },
    },
    onControlFailure: (f) => failures.push(f),
  });
  return { fakes, gathered, failures, run: (cadence: 'hourly' | 'daily') => evaluate.run(NOW, cadence) };
}

describe('EvaluateControls', () => {
  it('evaluates only the hourly controls in an hourly run, and every control in a daily run', async () => {
    const e = engine([control('C-HOURLY', { cadence: 'hourly' }), control('C-DAILY')]);

    const hourly = await e.run('hourly');
    expect(hourly).toMatchObject({ cadence: 'hourly', tenants: 1, evaluated: 1, failed: 0 });
    expect(e.fakes.state('t1', 'C-HOURLY')?.status).toBe('compliant');
    expect(e.fakes.state('t1', 'C-DAILY')).toBeUndefined();

    const daily = await e.run('daily');
    expect(daily).toMatchObject({ cadence: 'daily', evaluated: 2 });
    expect(e.fakes.state('t1', 'C-DAILY')?.status).toBe('compliant');
    expect(daily.transitions).toEqual([{ tenantId: 't1', controlId: 'C-DAILY', from: 'no-data', to: 'compliant' }]);
  });

  it('skips a switchable control the agreement switches off, but never one that is not switchable', async () => {
    const disabled = [
      { controlId: 'C-OFF', reason: 'no recordings in scope', origin: 'contract' as const },
      { controlId: 'C-LEGAL', reason: 'asked for, not allowed', origin: 'contract' as const },
    ];
    const e = engine([control('C-OFF'), control('C-LEGAL', { switchable: false })], {
      agreement: { controls: { disabled } } as Partial<AgreementVersion>,
    });

    const report = await e.run('daily');

    expect(report).toMatchObject({ evaluated: 1, disabled: 1 });
    expect(e.fakes.state('t1', 'C-OFF')).toBeUndefined();
    expect(e.fakes.state('t1', 'C-LEGAL')?.status).toBe('compliant');
  });

  it('gathers only the fact slices the due controls name, each once per tenant', async () => {
    const e = engine([
      control('C-1'),
      control('C-2'),
      control('C-3', { cadence: 'hourly', facts: ['complaints'] }),
      control('C-4', { facts: ['kpis'], cadence: 'daily' }),
    ]);

    await e.run('hourly');
    expect(e.gathered).toEqual(['complaints']);

    e.gathered.length = 0;
    await e.run('daily');
    expect([...e.gathered].sort()).toEqual(['complaints', 'erasures', 'kpis']);
  });

  it('reports a control that fails (its evaluator, or its facts) and goes on with the others', async () => {
    const broken = control('C-BROKEN', {
      evaluate: () => {
        throw new Error('evaluator bug');
      },
    });
    const e = engine([broken, control('C-FACTLESS', { facts: ['kpis'] }), control('C-OK')], { failSlice: 'kpis' });

    const report = await e.run('daily');

    expect(report).toMatchObject({ tenants: 1, failed: 0, evaluated: 1 });
    expect(report.failures.map((f) => [f.controlId, (f.error as Error).message])).toEqual([
      ['C-BROKEN', 'evaluator bug'],
      ['C-FACTLESS', 'kpis unreadable'],
    ]);
    expect(e.failures).toHaveLength(2);
    expect(e.fakes.state('t1', 'C-OK')?.status).toBe('compliant');
  });

  it('writes nothing for a control with no data that was never evaluated, and nothing on a rerun', async () => {
    const e = engine([control('C-1')], { requests: 0 });
    await e.run('daily');
    expect(e.fakes.state('t1', 'C-1')).toBeUndefined();
    expect(e.fakes.transactions).toHaveLength(0);

    const f = engine([control('C-1')], { requests: 2 });
    await f.run('daily');
    const second = await f.run('daily');
    expect(second.transitions).toEqual([]);
    expect(f.fakes.transactions).toHaveLength(1);
    expect(f.fakes.published.map((p) => p.detailType)).toEqual(['control.breached']);
  });

  it('publishes at the start of a run the transition events an earlier run could not', async () => {
    const e = engine([control('C-1')], { requests: 2 });
    e.fakes.refusePublishing(true);
    await e.run('daily');
    expect(e.fakes.published).toEqual([]);

    e.fakes.refusePublishing(false);
    const next = await e.run('hourly');
    expect(next.republished).toBe(1);
    expect(e.fakes.published.map((p) => p.detail.transitionKey)).toEqual(['C-1#breached#2026-11-20T04:00:00.000Z']);
  });
});
