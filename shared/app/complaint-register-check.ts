/**
 * Register completeness, P1-CMP-REGISTER (ISO18295.md §2.1, issue 11 item 4): a contact whose reason the agreement
 * counts as a complaint must have a complaint registered for it (a `complaint.received` naming its `contactId`)
 * within the agreement's `registerWithin`, counted in business time from the contact's end. Otherwise the complaint
 * is "hidden" in the contact and the control is breached.
 *
 * Neither path reads to keep this: the contact's transaction writes an expectation (due instant, listed as pending)
 * and the complaint's transaction writes its link to the same item, unlisting it; whichever comes first, the item
 * ends up the same. The check below then only lists the pending expectations that fell due.
 */
import type { AgreementVersion, Deadline } from '../domain/agreement/agreement-schema.js';
import { businessCalendarOf } from '../domain/agreement/agreement-versions.js';
import type { BusinessCalendar } from '../domain/calendar/business-calendar.js';
import type { ControlState } from './control-state.js';

export const REGISTER_CONTROL = { controlId: 'P1-CMP-REGISTER', clause: '4.4' } as const;

/** How far back an unregistered contact still breaches the control: a month, like the other daily controls' views. */
export const REGISTER_LOOKBACK_DAYS = 30;

/** Contact ids a breach names at most; `unregisteredCount` says how many there are. */
export const REGISTER_DETAIL_CAP = 20;

/** What an agreement says about which contacts must have a complaint registered, and by when. */
export interface ComplaintRegisterPolicy {
  /** Contact reasons (dispositions) that mean the customer complained. */
  reasons: readonly string[];
  /** From the contact's end, in the unit it names. */
  within: Deadline;
  /** The business calendar business hours and days are counted in (with the policy's time zone). */
  calendar: BusinessCalendar;
}

export function complaintRegisterPolicy(version: AgreementVersion): ComplaintRegisterPolicy {
  return {
    reasons: version.complaintDeadlines.complaintReasons.value,
    within: version.complaintDeadlines.registerWithin.value,
    calendar: businessCalendarOf(version),
  };
}

/** A pending expectation: a complaint-reason contact, when its complaint was due, and the link if one came. */
export interface PendingExpectation {
  contactId: string;
  /** ISO 8601 UTC. */
  expectedBy: string;
  /** Present when the complaint was registered before the contact arrived: the contact's write listed it again. */
  complaintId?: string;
}

/** Port: the expectations of the register (shared/store/complaint-register-items.ts). */
export interface ComplaintRegisterStore {
  /** Pending expectations due in `[from, to)` (ISO 8601 UTC), oldest first. */
  pendingDue(tenantId: string, from: string, to: string): Promise<PendingExpectation[]>;
  /** Unlists an expectation that has its complaint (a no-op if it was unlisted meanwhile). */
  unlist(tenantId: string, contactId: string): Promise<void>;
  /** Whether the tenant has had any complaint-reason contact still kept. */
  hasExpectations(tenantId: string): Promise<boolean>;
}

export class ComplaintRegisterCheck {
  constructor(private readonly store: ComplaintRegisterStore) {}

  /**
   * P1-CMP-REGISTER as of `now`: `breached` when a complaint-reason contact whose window ended in the last
   * {@link REGISTER_LOOKBACK_DAYS} days has no complaint; `compliant` when none has and the tenant has had such
   * contacts; `no-data` when it never had one. Expectations found listed although they have their complaint (the
   * complaint came first) are unlisted on the way, so the next run does not meet them again.
   */
  async evaluate(tenantId: string, now: Date): Promise<Pick<ControlState, 'status' | 'detail'>> {
    const from = new Date(now.getTime() - REGISTER_LOOKBACK_DAYS * 86_400_000).toISOString();
    const due = await this.store.pendingDue(tenantId, from, now.toISOString());
    const unregistered: PendingExpectation[] = [];
    for (const expectation of due) {
      if (expectation.complaintId === undefined) unregistered.push(expectation);
      else await this.store.unlist(tenantId, expectation.contactId);
    }
    const first = unregistered[0];
    if (first !== undefined)
      return {
        status: 'breached',
        detail: {
          unregisteredCount: unregistered.length,
          contactIds: unregistered.slice(0, REGISTER_DETAIL_CAP).map((e) => e.contactId),
          oldestExpectedBy: first.expectedBy,
          lookbackDays: REGISTER_LOOKBACK_DAYS,
        },
      };
    if (!(await this.store.hasExpectations(tenantId))) return { status: 'no-data', detail: {} };
    return { status: 'compliant', detail: { unregisteredCount: 0, lookbackDays: REGISTER_LOOKBACK_DAYS } };
  }
}
