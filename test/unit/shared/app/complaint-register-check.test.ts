import { describe, expect, it } from 'vitest';
import {
  ComplaintRegisterCheck,
  type ComplaintRegisterStore,
  complaintRegisterPolicy,
  REGISTER_DETAIL_CAP,
} from '../../../../shared/app/complaint-register-check.js';
import { defaultAgreementVersion } from '../../../../shared/domain/agreement/default-agreement.js';

const TENANT = 'acme';
const NOW = new Date('2026-11-20T09:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const hoursBefore = (hours: number) => iso(NOW.getTime() - hours * 3_600_000);

/**
 * The register's items in memory, with the two writes of shared/store/complaint-register-items.ts: the contact's
 * (sets the expectation and lists it) and the complaint's (links it and unlists it), in either order.
 */
function memory() {
  const items = new Map<string, { expectedBy?: string; complaintId?: string; listed: boolean }>();
  const unlisted: string[] = [];
  const store: ComplaintRegisterStore = {
    pendingDue: async (_tenantId, from, to) =>
      [...items.entries()]
        .filter(([, i]) => i.listed && i.expectedBy !== undefined && i.expectedBy >= from && i.expectedBy < to)
        .map(([contactId, i]) => ({
          contactId,
          expectedBy: i.expectedBy as string,
          ...(i.complaintId === undefined ? {} : { complaintId: i.complaintId }),
        }))
        .sort((a, b) => a.expectedBy.localeCompare(b.expectedBy)),
    unlist: async (_tenantId, contactId) => {
      unlisted.push(contactId);
      const item = items.get(contactId);
      if (item?.complaintId !== undefined) item.listed = false;
    },
    hasExpectations: async () => [...items.values()].some((i) => i.expectedBy !== undefined),
  };
  return {
    store,
    unlisted,
    contact: (contactId: string, expectedBy: string) =>
      items.set(contactId, { ...items.get(contactId), expectedBy, listed: true }),
    complaint: (contactId: string, complaintId: string) =>
      items.set(contactId, { ...items.get(contactId), complaintId, listed: false }),
    listed: (contactId: string) => items.get(contactId)?.listed,
  };
}

describe('Use case: register completeness (P1-CMP-REGISTER)', () => {
  it('has no data for a tenant without complaint-reason contacts, even with complaints naming contacts', async () => {
    // Prepare: a complaint names a contact of another reason, which wrote no expectation
    const register = memory();
    register.complaint('c-billing', 'cmp-1');

    // Act
    const result = await new ComplaintRegisterCheck(register.store).evaluate(TENANT, NOW);

    // Assess
    expect(result).toEqual({ status: 'no-data', detail: {} });
  });

  it('is compliant while the window is open, and breached from the first millisecond after it', async () => {
    // Prepare
    const register = memory();
    register.contact('c-1', iso(NOW.getTime()));
    const check = new ComplaintRegisterCheck(register.store);

    // Act
    const atTheDeadline = await check.evaluate(TENANT, NOW);
    const justAfter = await check.evaluate(TENANT, new Date(NOW.getTime() + 1));

    // Assess
    expect(atTheDeadline.status).toBe('compliant');
    expect(justAfter).toEqual({
      status: 'breached',
      detail: { unregisteredCount: 1, contactIds: ['c-1'], oldestExpectedBy: iso(NOW.getTime()), lookbackDays: 30 },
    });
  });

  it('names the oldest unregistered contacts first, at most 20, and counts them all', async () => {
    // Prepare: 25 overdue contacts, the oldest due 25 hours ago
    const register = memory();
    for (let i = 1; i <= 25; i++) register.contact(`c-${String(i).padStart(2, '0')}`, hoursBefore(i));

    // Act
    const result = await new ComplaintRegisterCheck(register.store).evaluate(TENANT, NOW);

    // Assess
    expect(result.status).toBe('breached');
    expect(result.detail.unregisteredCount).toBe(25);
    expect(result.detail.contactIds).toHaveLength(REGISTER_DETAIL_CAP);
    expect((result.detail.contactIds as string[]).slice(0, 3)).toEqual(['c-25', 'c-24', 'c-23']);
    expect(result.detail.oldestExpectedBy).toBe(hoursBefore(25));
  });

  it('is compliant once every overdue contact has its complaint, whichever came first', async () => {
    // Prepare: c-1's complaint came after the contact; c-2's before it, so the contact's write listed it again
    const register = memory();
    register.contact('c-1', hoursBefore(5));
    register.complaint('c-1', 'cmp-1');
    register.complaint('c-2', 'cmp-2');
    register.contact('c-2', hoursBefore(3));
    const check = new ComplaintRegisterCheck(register.store);

    // Act
    const first = await check.evaluate(TENANT, NOW);
    const second = await check.evaluate(TENANT, NOW);

    // Assess: c-2 is unlisted by the first run, so the second meets nothing
    expect(first).toEqual({ status: 'compliant', detail: { unregisteredCount: 0, lookbackDays: 30 } });
    expect(second).toEqual(first);
    expect(register.listed('c-2')).toBe(false);
    expect(register.unlisted).toEqual(['c-2']);
  });

  it('no longer flags a contact whose window ended more than 30 days ago', async () => {
    // Prepare
    const register = memory();
    register.contact('c-old', hoursBefore(30 * 24 + 1));

    // Act
    const result = await new ComplaintRegisterCheck(register.store).evaluate(TENANT, NOW);

    // Assess
    expect(result.status).toBe('compliant');
  });

  it("takes the reasons, window and business calendar from the agreement's complaint terms", () => {
    // Act
    const policy = complaintRegisterPolicy(defaultAgreementVersion(TENANT));

    // Assess
    expect(policy).toMatchObject({
      reasons: ['complaint'],
      within: { amount: 1, unit: 'business-days' },
      calendar: { publicHolidays: 'FR', closures: [] },
    });
    expect(policy.calendar.openingHours[0]).toEqual([]);
    expect(policy.calendar.openingHours[1]).toEqual([{ opens: '09:00', closes: '18:00' }]);
  });
});
