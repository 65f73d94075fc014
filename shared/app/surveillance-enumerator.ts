/**
 * The daily surveillance's fan-out (issue 13 item 1, DESIGN.md §6): for every tenant with a ledger, its day is its
 * local date at the schedule's instant (the time zone of the agreement in force then); a tenant whose last completed
 * day is that day or later has nothing to do, any other gets one message on the surveillance queue, naming the
 * days it missed since its last completed one. One read per tenant (its pointer) besides its agreement, so that
 * hundreds of tenants are enumerated in seconds and each is surveilled by its own consumer invocation.
 */
import pLimit from 'p-limit';
import { versionInForceAt } from '../domain/agreement/agreement-versions.js';
import type { AgreementVersions } from './agent-competence.js';
import type { LedgerTenants } from './control-keeper.js';
import type { SurveillanceMessage, SurveillanceQueue, SurveillanceStore } from './surveillance.js';
import { missedDays, surveillanceDay } from './surveillance-days.js';

/** Tenants read at once: enough to hide the round trips, few enough to stay under the table's burst. */
const TENANT_READS = 8;

export interface EnumerateSurveillanceDeps {
  tenants: LedgerTenants;
  agreements: AgreementVersions;
  store: SurveillanceStore;
  queue: SurveillanceQueue;
  /** A tenant whose day could not be worked out (no agreement, the store down): the next day catches it up. */
  onTenantFailure?: (tenantId: string, error: unknown) => void;
}

export interface EnumerationReport {
  tenants: number;
  /** Messages SQS took. */
  enqueued: number;
  /** Tenants whose day was completed already. */
  done: number;
  /** Tenants whose day could not be worked out. */
  failed: number;
  /** Messages SQS did not take after the retries (their tenants are caught up the next day). */
  notSent: SurveillanceMessage[];
}

export class EnumerateSurveillance {
  constructor(private readonly deps: EnumerateSurveillanceDeps) {}

  /** The message of one tenant, or `undefined` when its day is done. */
  async messageFor(tenantId: string, scheduledTime: Date): Promise<SurveillanceMessage | undefined> {
    const versions = await this.deps.agreements.versions(tenantId);
    const timeZone = versionInForceAt(tenantId, versions, scheduledTime).timeZone.value;
    const day = surveillanceDay(scheduledTime, timeZone);
    const last = await this.deps.store.lastCompletedDay(tenantId);
    if (last !== undefined && last >= day) return undefined;
    return { tenantId, day, scheduledTime: scheduledTime.toISOString(), missedDays: missedDays(last, day) };
  }

  async run(scheduledTime: Date): Promise<EnumerationReport> {
    const limit = pLimit(TENANT_READS);
    const pending: Promise<SurveillanceMessage | undefined | 'failed'>[] = [];
    for await (const { tenantId } of this.deps.tenants.heads()) {
      pending.push(
        limit(() =>
          this.messageFor(tenantId, scheduledTime).catch((error: unknown) => {
            this.deps.onTenantFailure?.(tenantId, error);
            return 'failed' as const;
          }),
        ),
      );
    }
    const outcomes = await Promise.all(pending);
    const messages = outcomes.filter((m): m is SurveillanceMessage => m !== undefined && m !== 'failed');
    const failed = outcomes.filter((m) => m === 'failed').length;
    const { failed: notSent } = messages.length === 0 ? { failed: [] } : await this.deps.queue.send(messages);
    return {
      tenants: outcomes.length,
      enqueued: messages.length - notSent.length,
      done: outcomes.length - messages.length - failed,
      failed,
      notSent,
    };
  }
}
