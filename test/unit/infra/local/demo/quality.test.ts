import { afterEach, describe, expect, it } from 'vitest';
import { type DocumentApprovedDetail, governanceEvents } from '../../../../../events/governance.js';
import { type AuditCompletedDetail, qualityEvents as qualityEventTypes } from '../../../../../events/quality.js';
import {
  DEFAULT_DEMO_GENERATORS,
  DEFAULT_DEMO_TENANTS,
  type DemoGenerator,
  loadDemo,
  previousMonth,
} from '../../../../../infra/local/demo/index.js';
import { demoQuality, qualityEvents } from '../../../../../infra/local/demo/quality.js';
import { auditOf, recordedStepOf } from '../../../../../shared/app/quality-records.js';
import { CertificationTerms } from '../../../../../shared/domain/agreement/agreement-schema.js';
import { DEFAULT_AGREEMENT_TERMS } from '../../../../../shared/domain/agreement/default-agreement.js';
import { applyStep, openFromFinding } from '../../../../../shared/domain/quality/nonconformity-workflow.js';
import type { Nonconformity } from '../../../../../shared/domain/quality/quality-records.js';
import { type PutEventsServer, startPutEventsServer } from './put-events-server.js';

const terms = CertificationTerms.parse(DEFAULT_AGREEMENT_TERMS.certification);
const types = new Map([...qualityEventTypes, ...governanceEvents].map((t) => [t.detailType, t]));

/** The nonconformities the product holds once every event is applied in the order sent. */
function folded(events: ReturnType<typeof qualityEvents>, now: Date): Map<string, Nonconformity> {
  const held = new Map<string, Nonconformity>();
  for (const event of events) {
    if (event.detailType === 'audit.completed') {
      const audit = auditOf(event.detail as AuditCompletedDetail, now);
      for (const f of audit.findings) {
        const nc = openFromFinding(audit, f, terms);
        held.set(nc.nonconformityId, nc);
      }
    } else if (event.detailType === 'corrective-action.recorded') {
      const detail = types.get(event.detailType)!.schema.parse(event.detail) as Parameters<typeof recordedStepOf>[0];
      const nc = held.get(detail.nonconformityId);
      expect(nc, `step for ${detail.nonconformityId} before its audit`).toBeDefined();
      held.set(detail.nonconformityId, applyStep(nc!, recordedStepOf(detail, now)).nonconformity);
    }
  }
  return held;
}

describe('Demo: quality and governance records', () => {
  describe.each(['2026-12-01T06:00:00Z', '2026-03-31T20:00:00Z'])('loaded at %s', (nowIso) => {
    const now = new Date(nowIso);
    const month = previousMonth(now);
    const records = demoQuality({ month });
    const events = qualityEvents(records);

    it('is the same every time, every event passes its canonical schema, none is dated after now', () => {
      expect(demoQuality({ month })).toEqual(records);
      for (const event of events) {
        const parsed = types.get(event.detailType)!.schemaAt!(() => now).safeParse(event.detail);
        expect(parsed.error?.issues ?? []).toEqual([]);
        expect(Date.parse(event.detail.occurredAt)).toBeLessThan(now.getTime());
      }
      // 6 documents, 1 review, 1 internal audit, 7 corrective steps each; a stage 1 audit for the first tenant.
      expect(records.map((r) => r.events.length)).toEqual([16, 15]);
      expect(events.map((e) => e.detailType).filter((t) => t === 'audit.completed')).toHaveLength(3);
    });

    it.each(DEFAULT_DEMO_TENANTS.map((t, i) => [t.tenantId, i] as const))(
      '%s: the internal audit opens four nonconformities: one closed, one with an action past due, the others open',
      (tenantId) => {
        const r = records.find((x) => x.tenantId === tenantId)!;
        const held = folded(r.events, now);
        const internal = [...held.values()].filter((n) => n.nonconformityId.startsWith(`${r.internalAuditId}.`));
        expect(internal.map((n) => n.grade).sort()).toEqual(['major', 'minor', 'minor', 'observation']);
        expect(held.get(r.closed)).toMatchObject({ status: 'closed', grade: 'minor' });
        const late = held.get(r.overdueAction.nonconformityId)!;
        expect(late).toMatchObject({ status: 'in-progress', grade: 'major' });
        expect(late.actions).toEqual([
          expect.objectContaining({
            actionId: r.overdueAction.actionId,
            status: 'planned',
            dueOn: r.overdueAction.dueOn,
          }),
        ]);
        expect(r.overdueAction.dueOn < now.toISOString().slice(0, 10)).toBe(true);
        for (const id of r.open) expect(held.get(id)?.status).toBe('open');
      },
    );

    it('has every required document approved for both tenants; the second one’s CX strategy is past its review date', () => {
      const required = terms.requiredDocuments.value;
      for (const r of records) {
        const approved = r.events
          .filter((e) => e.detailType === 'document.approved')
          .map((e) => e.detail as DocumentApprovedDetail);
        expect(approved.map((d) => d.type)).toEqual(expect.arrayContaining([...required, 'project-plan']));
        const strategy = approved.find((d) => d.type === 'cx-strategy')!;
        const today = now.toISOString().slice(0, 10);
        expect(strategy.reviewDue < today).toBe(r === records[1]);
      }
      expect(records[1]!.strategyReviewOverdue?.reviewDue).toBe(`${month}-10`);
      expect(records[0]!.stage1AuditId).toBeDefined();
      expect(records[1]!.stage1AuditId).toBeUndefined();
    });
  });

  describe('loading', () => {
    let server: PutEventsServer | undefined;
    afterEach(async () => {
      await server?.close();
      server = undefined;
    });

    it('is the last default generator, and an ordered one sends each event after the bus delivered the ones before', async () => {
      expect(DEFAULT_DEMO_GENERATORS.at(-1)).toMatchObject({ name: 'quality', ordered: true });
      server = await startPutEventsServer();
      const ordered: DemoGenerator = {
        name: 'steps',
        ordered: true,
        events: () =>
          [1, 2, 3].map((n) => ({
            source: 'ccc.quality',
            detailType: 'corrective-action.recorded',
            detail: { occurredAt: `2026-03-0${n}T10:00:00Z` },
          })),
      };
      const acceptedWhenAsked: number[] = [];
      const result = await loadDemo({
        endpoint: server.endpoint,
        busName: 'ccc-compliance',
        now: new Date('2026-04-10T08:00:00Z'),
        generators: [ordered],
        delivered: async () => {
          acceptedWhenAsked.push(server!.accepted.length);
        },
      });
      expect(result.byGenerator.steps).toEqual({ sent: 3, failed: 0 });
      // Asked before each event: none, one, then two sent before it.
      expect(acceptedWhenAsked).toEqual([0, 1, 2]);
    });
  });
});
