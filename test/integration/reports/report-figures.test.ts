/**
 * The report says nothing the API would not (issue 13): for a tenant with a month of contacts and complaints, the
 * figures the report is rendered from equal the answers of `GET .../kpis` (monthly and daily), `.../complaint-figures`,
 * `.../controls` and `.../ledger/verify` for the same month, as the routes give them.
 */
import { describe, expect, it } from 'vitest';
import { ComplaintRegister } from '../../../shared/app/complaint-register.js';
import { monthlyReportFigures } from '../../../shared/app/monthly-report-figures.js';
import { monthlyReportSources } from '../../../shared/compose/monthly-reports.js';
import { AgreementRepository } from '../../../shared/store/agreement-repository.js';
import { ComplaintRepository } from '../../../shared/store/complaint-repository.js';
import { conditionalWriter } from '../../../shared/store/conditional-writer.js';
import { DynamoContactRecorder } from '../../../shared/store/dynamo-contact-recorder.js';
import { DynamoLedgerRepository } from '../../../shared/store/ledger-repository.js';
import { testDocumentClient, useStandInEnvironment } from '../../support/stand-ins.js';
import { callApi } from '../kpis/support/api-event.js';
import { generateContacts } from '../kpis/support/contact-generator.js';
import { reportingTenant } from './support.js';

const config = useStandInEnvironment();
const { handler: kpis } = await import('../../../functions/get-kpis/handler.js');
const { handler: complaints } = await import('../../../functions/get-complaints/handler.js');
const { handler: controls } = await import('../../../functions/get-controls/handler.js');
const { handler: verify } = await import('../../../functions/verify-ledger/handler.js');
const db = testDocumentClient();

describe('monthly report figures', () => {
  it("are the API's answers for the month", async () => {
    const tenantId = await reportingTenant(config, 'figures', [{ email: 'officer@example.com' }]);
    const recorder = new DynamoContactRecorder(db, config.tableName);
    const contacts = generateContacts({
      tenantId,
      count: 30,
      from: Date.parse('2026-10-02T07:00:00Z'),
      to: Date.parse('2026-10-30T17:00:00Z'),
    });
    for (const contact of contacts) await recorder.record(contact);
    const register = new ComplaintRegister(
      new ComplaintRepository(db, config.tableName),
      new AgreementRepository(db, config.tableName),
      new DynamoLedgerRepository(db, config.tableName),
      { publish: async () => undefined },
      conditionalWriter(db),
    );
    for (const [complaintId, at] of [
      ['cmp-1', '2026-10-06T09:00:00.000Z'],
      ['cmp-2', '2026-10-21T10:00:00.000Z'],
    ] as const)
      await register.apply(
        {
          type: 'complaint.received',
          detail: {
            schemaVersion: 1,
            tenantId,
            centerId: 'lyon-1',
            occurredAt: at,
            complaintId,
            channel: 'email',
            category: 'billing',
            severity: 'high',
            receivedAt: at,
            remedySought: 'A refund',
          },
        },
        `complaint.received#${complaintId}`,
      );

    const figures = await monthlyReportFigures(monthlyReportSources(db, config), tenantId, '2026-10', new Date());
    const month = { from: '2026-10-01', to: '2026-10-31' };
    const get = (handler: typeof kpis, route: string, query?: Record<string, string>) =>
      callApi(handler, { method: 'GET', route, tenantId, ...(query ? { query } : {}), groups: '[auditor]' });

    expect(figures).toMatchObject({ ...month, timeZone: 'Europe/Paris', language: 'fr' });
    const monthly = await get(kpis, '/v1/tenants/{tenantId}/kpis', { ...month, granularity: 'month' });
    expect(figures.kpis.monthly).toEqual(monthly.body);
    expect(figures.kpis.monthly.series.length).toBeGreaterThan(0);
    const daily = await get(kpis, '/v1/tenants/{tenantId}/kpis', { ...month, granularity: 'day' });
    expect(figures.kpis.daily).toEqual(daily.body);
    const complaintFigures = await get(complaints, '/v1/tenants/{tenantId}/complaint-figures', month);
    expect(figures.complaints).toEqual(complaintFigures.body.figures);
    expect(JSON.stringify(figures.complaints)).toContain('"received":2');
    const states = await get(controls, '/v1/tenants/{tenantId}/controls');
    const enabled = (states.body.controls as { controlId: string; status: string; enabled: boolean }[]).filter(
      (c) => c.enabled,
    );
    expect(figures.controls.states.map((c) => [c.controlId, c.status])).toEqual(
      enabled.map((c) => [c.controlId, c.status]),
    );
    const ledger = await get(verify, '/v1/tenants/{tenantId}/ledger/verify');
    expect(figures.ledger).toMatchObject({ valid: ledger.body.valid, entries: ledger.body.entries });
  });
});
