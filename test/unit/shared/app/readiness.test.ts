import { describe, expect, it } from 'vitest';
import type { ControlState } from '../../../../shared/app/control-state.js';
import { CONTROL_CATALOGUE } from '../../../../shared/app/controls/catalogue/index.js';
import { type ReadinessSources, readinessOf } from '../../../../shared/app/readiness.js';
import { AgreementInput } from '../../../../shared/domain/agreement/agreement-schema.js';
import { buildVersion } from '../../../../shared/domain/agreement/agreement-versions.js';

const TENANT = 'northwind-telecom';

/** Sources that hold one agreement version and one breached control, and nothing else. */
function sources(agreement: Record<string, unknown>): ReadinessSources & { asked: string[][] } {
  const asked: string[][] = [];
  const version = buildVersion(AgreementInput.parse({ effectiveFrom: '2026-01-01', ...agreement }), {
    tenantId: TENANT,
    version: 1,
    recordedAt: '2026-01-01T00:00:00Z',
    recordedBy: 'usr-admin',
  });
  const breached: ControlState = {
    tenantId: TENANT,
    controlId: 'P1-OPS-SL',
    clause: '7 / Annex A',
    status: 'breached',
    since: '2026-11-20T04:00:00.000Z',
    detail: { missedDays: 3 },
  };
  return {
    asked,
    agreements: { versions: async () => [version] },
    controls: {
      states: async (_tenantId, ids) => {
        asked.push([...ids]);
        return new Map([[breached.controlId, breached]]);
      },
    },
    quality: { audits: async () => [], nonconformities: async () => [] },
    governance: { documents: async () => [], reviews: async () => [] },
    ledger: { verify: async () => ({ valid: true, entries: 12 }) },
  };
}

describe('Use case: readinessOf', () => {
  it('judges the tenant-local date of the agreement in force, over every control of the catalogue', async () => {
    const s = sources({ timeZone: { value: 'Pacific/Auckland' } });
    // 11:30 UTC on 30 November is already 1 December in Auckland.
    const view = await readinessOf(s, CONTROL_CATALOGUE, TENANT, new Date('2026-11-30T11:30:00Z'));
    expect(view).toMatchObject({ tenantId: TENANT, asOf: '2026-11-30T11:30:00.000Z', today: '2026-12-01' });
    expect(s.asked).toEqual([CONTROL_CATALOGUE.map((c) => c.controlId)]);
    expect(view.missing).toContainEqual({
      kind: 'control',
      ref: 'P1-OPS-SL',
      description: 'P1-OPS-SL breached since 2026-11-20T04:00:00.000Z',
    });
  });

  it('leaves out the controls the agreement switches off, except those it may not', async () => {
    const s = sources({
      controls: {
        disabled: [
          { controlId: 'P1-OPS-SL', reason: 'No voice service in scope' },
          { controlId: 'P1-CMP-ACK', reason: 'Acknowledged by the client' },
        ],
      },
    });
    const view = await readinessOf(s, CONTROL_CATALOGUE, TENANT, new Date('2026-11-30T11:30:00Z'));
    const control = (id: string) => view.clauses.flatMap((c) => c.controls).find((c) => c.controlId === id);
    expect(control('P1-OPS-SL')).toMatchObject({ status: 'disabled', since: null });
    // P1-CMP-ACK is not switchable: still judged (no data yet), and a gap.
    expect(control('P1-CMP-ACK')).toMatchObject({ status: 'no-data' });
    const refs = view.missing.filter((m) => m.kind === 'control').map((m) => m.ref);
    expect(refs).toContain('P1-CMP-ACK');
    expect(refs).not.toContain('P1-OPS-SL');
  });
});
