import { describe, expect, it } from 'vitest';
import {
  type ComplaintEvent,
  ComplaintReceived,
  complaintEvents as complaintEventTypes,
} from '../../../../../events/complaints.js';
import {
  complaintEvents,
  complaintsGenerator,
  contactTrafficGenerator,
  DEFAULT_DEMO_AGREEMENTS,
  DEFAULT_DEMO_GENERATORS,
  DEFAULT_DEMO_TENANTS,
  type DemoComplaints,
  demoComplaints,
  previousMonth,
  simulateMonth,
} from '../../../../../infra/local/demo/index.js';
import { AgreementInput } from '../../../../../shared/domain/agreement/agreement-schema.js';
import { buildVersion, businessCalendarOf } from '../../../../../shared/domain/agreement/agreement-versions.js';
import { assessComplaint, deadlineClockOf } from '../../../../../shared/domain/complaint/complaint-deadlines.js';
import { foldComplaint, timelineEntryOf } from '../../../../../shared/domain/complaint/complaint-fold.js';
import type { AssessedComplaint } from '../../../../../shared/domain/complaint/complaint-state.js';

const SEED = 'ccc-demo';

/** The complaints as the product folds and assesses them at `now`, under the demo agreement the loader PUTs. */
function assessed(c: DemoComplaints, month: string, now: Date): Map<string, AssessedComplaint> {
  const agreement = DEFAULT_DEMO_AGREEMENTS.find((a) => a.tenantId === c.tenantId)!;
  const version = buildVersion(AgreementInput.parse(agreement.body(month)), {
    tenantId: c.tenantId,
    version: 1,
    recordedAt: `${month}-01T00:00:00Z`,
    recordedBy: 'demo-loader',
  });
  const clock = deadlineClockOf(version.complaintDeadlines, businessCalendarOf(version), version.timeZone.value);
  const types = new Map(complaintEventTypes.map((t) => [t.detailType, t]));
  const timelines = new Map<string, ReturnType<typeof timelineEntryOf>[]>();
  for (const event of c.events) {
    const type = types.get(event.detailType)!;
    const detail = type.schemaAt!(() => now).parse(event.detail);
    const entry = timelineEntryOf(
      { type: event.detailType, detail } as ComplaintEvent,
      type.idempotencyKey(detail as never),
    );
    timelines.set(event.detail.complaintId, [...(timelines.get(event.detail.complaintId) ?? []), entry]);
  }
  return new Map(
    [...timelines].map(([id, timeline]) => [id, assessComplaint(foldComplaint(id, timeline), clock, now)]),
  );
}

describe('Demo: complaints', () => {
  // Early and late in the month after the demo month, and in March (clocks change; February is short).
  describe.each(['2026-12-01T06:00:00Z', '2026-12-31T20:00:00Z', '2026-03-02T12:00:00Z'])('loaded at %s', (nowIso) => {
    const now = new Date(nowIso);
    const month = previousMonth(now);
    const complaints = demoComplaints({ month, seed: SEED, now });
    const contacts = simulateMonth({ month, seed: SEED });

    it('is the same for the same seed, every event passes its canonical schema and none is dated after now', () => {
      expect(demoComplaints({ month, seed: SEED, now })).toEqual(complaints);
      const schemaOf = new Map(complaintEventTypes.map((t) => [t.detailType, t.schemaAt!(() => now)]));
      for (const event of complaintEvents(complaints)) {
        expect(event.source).toBe('ccc.complaints');
        const parsed = schemaOf.get(event.detailType)!.safeParse(event.detail);
        expect(parsed.error?.issues ?? []).toEqual([]);
        expect(Date.parse(event.detail.occurredAt)).toBeLessThanOrEqual(now.getTime());
      }
      const ids = complaints.flatMap((c) => c.complaintIds);
      expect(new Set(ids).size).toBe(ids.length);
    });

    it.each(DEFAULT_DEMO_TENANTS.map((t) => [t.tenantId] as const))(
      '%s: exactly one complaint is overdue; the open ones have nothing due; late ones are late',
      (tenantId) => {
        const c = complaints.find((x) => x.tenantId === tenantId)!;
        const byId = assessed(c, month, now);
        expect([...byId.values()].filter((a) => a.status === 'overdue').map((a) => a.complaintId)).toEqual([
          c.overdue.complaintId,
        ]);
        expect(byId.get(c.overdue.complaintId)!.deadlines[c.overdue.step]?.state).toBe('missed');
        const open = [...byId.values()].filter((a) => a.status === 'open').map((a) => a.complaintId);
        expect(open.sort()).toEqual([...c.open].sort());
        expect(open.length).toBeGreaterThanOrEqual(3);
        expect([...byId.values()].filter((a) => a.status === 'pending-receipt')).toEqual([]);
        for (const id of c.lateAcknowledged) expect(byId.get(id)!.deadlines.acknowledge?.state).toBe('late');
        for (const id of c.lateResolved) expect(byId.get(id)!.deadlines.resolve?.state).toBe('late');
        expect(c.lateAcknowledged.length).toBeGreaterThanOrEqual(3);
        expect(c.lateResolved.length).toBeGreaterThanOrEqual(1);
        // Most of those done are done on time.
        const all = [...byId.values()];
        const onTime = (step: 'acknowledge' | 'resolve') => {
          const done = all.filter((a) => a.deadlines[step]?.metAt !== undefined);
          return done.filter((a) => a.deadlines[step]?.state === 'met').length / done.length;
        };
        expect(onTime('acknowledge')).toBeGreaterThan(0.8);
        expect(onTime('resolve')).toBeGreaterThan(0.75);
      },
    );

    it.each(DEFAULT_DEMO_TENANTS.map((t) => [t.tenantId] as const))(
      '%s: escalations (one to the external body), one reopened and resolved again, resolutions sent before receipt',
      (tenantId) => {
        const c = complaints.find((x) => x.tenantId === tenantId)!;
        const byId = assessed(c, month, now);
        expect(c.escalated.length).toBeGreaterThanOrEqual(2);
        for (const id of c.escalated) expect(byId.get(id)!.escalations).toMatchObject([{ to: 'internal' }]);
        const external = byId.get(c.escalatedExternally.complaintId)!;
        expect(external.escalations.map((e) => e.to)).toEqual(['internal', 'external']);
        expect(external.escalations[1]!.body).toBe(c.escalatedExternally.body);
        expect(external.status).toBe('closed');
        expect(byId.get(c.reopened)).toMatchObject({ reopenings: 1, status: 'closed' });
        expect(c.resolvedBeforeReceipt).toHaveLength(3);
        const sent = complaintEvents(complaints);
        for (const id of c.resolvedBeforeReceipt) {
          const index = (type: string) => sent.findIndex((e) => e.detail.complaintId === id && e.detailType === type);
          expect(index('complaint.resolved')).toBeLessThan(index('complaint.received'));
          expect(byId.get(id)!.status).toBe('closed');
        }
      },
    );

    it.each(DEFAULT_DEMO_TENANTS.map((t) => [t.tenantId] as const))(
      '%s: every handled complaint-reason contact has its complaint but one, whose register window is over',
      (tenantId) => {
        const c = complaints.find((x) => x.tenantId === tenantId)!;
        const reasonContacts = contacts.filter(
          (x) =>
            x.tenantId === tenantId &&
            x.reason === 'complaint' &&
            x.outcome === 'handled' &&
            Date.parse(x.endedAt) <= now.getTime() - 31 * 60_000,
        );
        const receipts = c.events
          .filter((e) => e.detailType === 'complaint.received')
          .map((e) => ComplaintReceived.schemaAt!(() => now).parse(e.detail));
        const named = receipts.map((r) => r.contactId).filter((id) => id !== undefined);
        expect(new Set(named).size).toBe(named.length);
        const without = reasonContacts.filter((x) => !named.includes(x.contactId)).map((x) => x.contactId);
        expect(without).toEqual([c.unregisteredContactId]);
        const unregistered = reasonContacts.find((x) => x.contactId === c.unregisteredContactId)!;
        expect(now.getTime() - Date.parse(unregistered.endedAt)).toBeGreaterThanOrEqual(5 * 86_400_000);
        expect(c.linkedToContacts).toBe(named.length);
        // A few come in without a contact; the complaint is received after the contact it names ended.
        expect(c.complaintIds.length - named.length).toBeGreaterThanOrEqual(5);
        for (const { contactId, receivedAt } of receipts) {
          const contact = reasonContacts.find((x) => x.contactId === contactId);
          if (contactId !== undefined) expect(Date.parse(receivedAt)).toBeGreaterThan(Date.parse(contact!.endedAt));
        }
      },
    );
  });

  it('is loaded by default, after the contacts its complaints name', () => {
    expect(DEFAULT_DEMO_GENERATORS.indexOf(complaintsGenerator)).toBeGreaterThan(
      DEFAULT_DEMO_GENERATORS.indexOf(contactTrafficGenerator),
    );
  });
});
