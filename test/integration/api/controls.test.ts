/**
 * The controls routes (functions/get-controls) on DynamoDB Local: control states and transitions written by the
 * controls engine's keeper (shared/app/control-keeper.ts) through the store (shared/store/control-state-repository.ts),
 * an agreement that switches a control off; then the list of every catalogue control, one control with its history
 * a page at a time, the history of a window, roles and errors as a caller sees them (every answer checked against the
 * OpenAPI document).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { AddAgreementVersion } from '../../../shared/app/add-agreement-version.js';
import { ControlKeeper, type KeptControl } from '../../../shared/app/control-keeper.js';
import { CONTROL_CATALOGUE } from '../../../shared/app/controls/catalogue/index.js';
import type { Evaluation } from '../../../shared/app/controls/control-definition.js';
import { AgreementInput } from '../../../shared/domain/agreement/agreement-schema.js';
import { defaultAgreementVersion } from '../../../shared/domain/agreement/default-agreement.js';
import { AgreementRepository } from '../../../shared/store/agreement-repository.js';
import { conditionalWriter } from '../../../shared/store/conditional-writer.js';
import { ControlStateRepository } from '../../../shared/store/control-state-repository.js';
import { DynamoLedgerRepository } from '../../../shared/store/ledger-repository.js';
import { QualityRepository } from '../../../shared/store/quality-repository.js';
import { testDocumentClient, useStandInEnvironment } from '../../support/stand-ins.js';
import { answer, apiEvent, callApi, lambdaContext } from '../kpis/support/api-event.js';

const config = useStandInEnvironment();
const { handler } = await import('../../../functions/get-controls/handler.js');
const db = testDocumentClient();
const store = new ControlStateRepository(db, config.tableName);
const ledger = new DynamoLedgerRepository(db, config.tableName);
const agreements = new AgreementRepository(db, config.tableName);

const run = crypto.randomUUID().slice(0, 8);
const tenantId = `ctl-api-${run}`;
const other = `ctl-api-other-${run}`;
const ACK: KeptControl = { controlId: 'P1-CMP-ACK', clause: '4.4', severity: 'major' };
const agreement = defaultAgreementVersion(tenantId);

const keeper = new ControlKeeper({
  store,
  ledger,
  writer: conditionalWriter(db),
  nonconformities: new QualityRepository(db, config.tableName),
  publisher: { publish: async () => undefined },
  actor: { actor: 'system:test', actorRole: 'system' },
});

async function settle(evaluation: Evaluation, at: string) {
  await keeper.settle({
    tenantId,
    control: ACK,
    stored: await store.controlState(tenantId, ACK.controlId),
    evaluate: async () => evaluation,
    now: new Date(at),
    agreement,
  });
}

/** `GET .../controls/{controlId}`, the control id in the path as the gateway passes it. */
async function getOne(controlId: string, extra: { groups?: string; query?: Record<string, string> } = {}) {
  const event = apiEvent({ method: 'GET', route: '/v1/tenants/{tenantId}/controls/{controlId}', tenantId, ...extra });
  const withId = {
    ...event,
    rawPath: event.rawPath.replace('{controlId}', controlId),
    pathParameters: { ...event.pathParameters, controlId },
  };
  return answer(await handler(withId, lambdaContext), withId);
}

const get = (route: string, extra: { groups?: string; tenants?: string; query?: Record<string, string> } = {}) =>
  callApi(handler, { method: 'GET', route, tenantId, ...extra });

/** A switchable control the agreement switches off, and a legal one it tries to. */
const SWITCHABLE = CONTROL_CATALOGUE.find((c) => c.switchable);
const LEGAL = CONTROL_CATALOGUE.find((c) => !c.switchable);

beforeAll(async () => {
  await settle({ status: 'compliant', detail: { overdueCount: 0 } }, '2026-11-02T09:15:00.000Z');
  await settle({ status: 'breached', detail: { overdueCount: 1, overdue: ['cmp-1'] } }, '2026-11-03T09:15:00.000Z');
  await settle({ status: 'compliant', detail: { overdueCount: 0 } }, '2026-11-04T09:15:00.000Z');
  if (SWITCHABLE === undefined || LEGAL === undefined) throw new Error('the catalogue changed');
  await new AddAgreementVersion(agreements, ledger).add(
    tenantId,
    AgreementInput.parse({
      effectiveFrom: '2026-01-01',
      controls: {
        disabled: [
          { controlId: SWITCHABLE.controlId, reason: 'Outside the certified scope' },
          { controlId: LEGAL.controlId, reason: 'Not wanted' },
        ],
      },
    }),
    { recordedBy: 'officer-1', role: 'compliance-officer', recordedAt: new Date('2025-12-01T00:00:00Z') },
  );
});

describe('Controls API', () => {
  it('lists every catalogue control, the evaluated one with its state, the others no-data', async () => {
    const { status, body } = await get('/v1/tenants/{tenantId}/controls', { groups: '[auditor]' });
    expect(status).toBe(200);
    const list = body as { controls: Array<Record<string, unknown>> };
    expect(list.controls.map((c) => c.controlId)).toEqual(CONTROL_CATALOGUE.map((c) => c.controlId));
    expect(list.controls.find((c) => c.controlId === 'P1-CMP-ACK')).toMatchObject({
      clause: '4.4',
      cadence: 'hourly',
      severity: 'major',
      enabled: true,
      status: 'compliant',
      since: '2026-11-04T09:15:00.000Z',
      detail: { overdueCount: 0 },
    });
    expect(list.controls.find((c) => c.controlId === 'DP-DSR-TIMELY')).toMatchObject({
      status: 'no-data',
      since: null,
      detail: {},
    });
  });

  it('shows a switchable control the agreement switches off as disabled, with the reason; a legal one stays on', async () => {
    const { body } = await get('/v1/tenants/{tenantId}/controls');
    const list = (body as { controls: Array<Record<string, unknown>> }).controls;
    expect(list.find((c) => c.controlId === SWITCHABLE?.controlId)).toMatchObject({
      enabled: false,
      disabledReason: 'Outside the certified scope',
    });
    const legal = list.find((c) => c.controlId === LEGAL?.controlId);
    expect(legal).toMatchObject({ enabled: true, switchable: false });
    expect(legal?.disabledReason).toBeUndefined();
  });

  it('gives one control with its transitions newest first, a page at a time', async () => {
    const first = await getOne('P1-CMP-ACK', { groups: '[client-manager]', query: { limit: '2' } });
    expect(first.status).toBe(200);
    const page = first.body as { status: string; history: Array<Record<string, unknown>>; nextCursor?: string };
    expect(page.status).toBe('compliant');
    expect(page.history.map((h) => [h.from, h.to])).toEqual([
      ['breached', 'compliant'],
      ['compliant', 'breached'],
    ]);
    expect(page.history[1]).toMatchObject({ nonconformityId: expect.any(String), ledgerSequence: expect.any(Number) });
    expect(page.nextCursor).toBeDefined();
    const second = await getOne('P1-CMP-ACK', { query: { limit: '2', cursor: page.nextCursor as string } });
    const rest = second.body as { history: Array<Record<string, unknown>>; nextCursor?: string };
    expect(rest.history.map((h) => [h.from, h.to])).toEqual([['no-data', 'compliant']]);
    expect(rest.nextCursor).toBeUndefined();
  });

  it('lists every transition of a window, oldest first, its end excluded', async () => {
    const { status, body } = await get('/v1/tenants/{tenantId}/control-history', {
      query: { from: '2026-11-02T09:15:00Z', to: '2026-11-04T09:15:00Z' },
    });
    expect(status).toBe(200);
    expect((body as { transitions: Array<Record<string, unknown>> }).transitions.map((t) => t.at)).toEqual([
      '2026-11-02T09:15:00.000Z',
      '2026-11-03T09:15:00.000Z',
    ]);
  });

  it('answers 404 for an unknown control or another tenant, 403 for a role without access, 400 for a bad window', async () => {
    expect((await getOne('NOT-A-CONTROL')).status).toBe(404);
    expect((await get('/v1/tenants/{tenantId}/controls', { tenants: other })).status).toBe(404);
    expect((await get('/v1/tenants/{tenantId}/controls', { groups: '[dpo]' })).status).toBe(403);
    const backwards = { from: '2026-11-04T00:00:00Z', to: '2026-11-01T00:00:00Z' };
    expect((await get('/v1/tenants/{tenantId}/control-history', { query: backwards })).status).toBe(400);
  });
});
