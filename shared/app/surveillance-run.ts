/**
 * One tenant's daily surveillance (issue 13 items 1 and 3, DESIGN.md §6), run by the surveillance queue's consumer:
 * claims the tenant-day, evaluates every control, produces the monthly report when one is due, and completes the day.
 *
 * Never twice for the same tenant and day: the run item is claimed conditionally (absent, released, or running
 * under an expired lease), so of two deliveries racing only one runs, and a completed day is acknowledged without
 * work. The other one fails with {@link DayInProgressError} and its redelivery finds the day completed. The run item
 * `completed`, the pointer to the last completed day and the `surveillance.run-completed` ledger entry are one
 * transaction. A failed attempt gives its claim back, so that the queue's redelivery claims it again at once; an
 * attempt that died without doing so holds it until its lease (the consumer's timeout) runs out, which is sooner
 * than SQS makes the message visible again (six times that timeout).
 *
 * Catch-up: the days the message names as missed are not evaluated one by one. Controls judge current state (a
 * complaint open now, a course lapsed by now); evaluating them as of a past instant would write transitions dated
 * before ones already written and rewrite history backwards. So the run evaluates once, as of now, and records the
 * missed days as caught up by it (their run items completed, so no late message runs them again); `produceDue` then
 * produces any month whose report is owed.
 */
import { randomUUID } from 'node:crypto';
import { versionInForceAt } from '../domain/agreement/agreement-versions.js';
import type { AgreementVersions } from './agent-competence.js';
import type { ControlTransition } from './control-keeper.js';
import type { ControlCadence } from './controls/control-definition.js';
import type { ControlFailure } from './evaluate-controls.js';
import type { EvidenceLedger } from './evidence-ledger.js';
import {
  DayInProgressError,
  type DueReports,
  type SurveillanceMessage,
  type SurveillanceStore,
} from './surveillance.js';
import { surveillanceInstant } from './surveillance-days.js';

export const SURVEILLANCE_ACTOR = { actor: 'system:surveillance', actorRole: 'system' } as const;

/** What the engine's `evaluateTenant` adds to (shared/app/evaluate-controls.ts). */
interface TenantCounts {
  evaluated: number;
  disabled: number;
  failures: ControlFailure[];
  transitions: ControlTransition[];
  republished: number;
}

/** Port: the controls engine, one tenant at a time (EvaluateControls). */
export interface TenantEvaluator {
  evaluateTenant(tenantId: string, now: Date, cadence: ControlCadence, counts: TenantCounts): Promise<void>;
}

export interface SurveilTenantDeps {
  store: SurveillanceStore;
  engine: TenantEvaluator;
  reports: DueReports;
  agreements: AgreementVersions;
  ledger: EvidenceLedger;
  newToken?: () => string;
  /** Called without the error's data beyond the control's id. */
  onControlFailure?: (failure: ControlFailure) => void;
}

/** What the run-completed ledger entry says, and the worker returns. */
export interface SurveillanceSummary {
  day: string;
  asOf: string;
  evaluated: number;
  transitions: number;
  breached: number;
  restored: number;
  failures: number;
  /** The missed days this run recorded as caught up, oldest first. */
  caughtUp: string[];
  reportMonth?: string;
}

export type SurveillanceOutcome =
  | { outcome: 'completed'; summary: SurveillanceSummary; ledgerSequence?: number }
  | { outcome: 'skipped'; reason: 'already completed' };

export class SurveilTenant {
  constructor(private readonly deps: SurveilTenantDeps) {}

  /**
   * `leaseMs`: how long the claim holds, the time the attempt may still run (less than the queue's visibility
   * timeout). @throws DayInProgressError while another attempt holds the day; any store or report failure as it is.
   */
  async run(message: SurveillanceMessage, now: Date, leaseMs: number): Promise<SurveillanceOutcome> {
    const { store } = this.deps;
    const { tenantId, day } = message;
    const token = (this.deps.newToken ?? randomUUID)();
    const claim = await store.claim(tenantId, day, token, now, new Date(now.getTime() + leaseMs));
    if (claim === 'completed') return { outcome: 'skipped', reason: 'already completed' };
    if (claim === 'busy') throw new DayInProgressError(`the surveillance of ${day} is being run by another attempt`);
    try {
      return await this.surveil(message, token, now);
    } catch (error) {
      // Best effort: a store that is down for the run is likely down for this too, and then the lease runs out.
      await store.release(tenantId, day, token).catch(() => undefined);
      throw error;
    }
  }

  private async surveil(message: SurveillanceMessage, token: string, now: Date): Promise<SurveillanceOutcome> {
    const { tenantId, day } = message;
    const versions = await this.deps.agreements.versions(tenantId);
    const timeZone = versionInForceAt(tenantId, versions, message.scheduledTime).timeZone.value;
    const asOf = surveillanceInstant(day, timeZone, now);
    const counts: TenantCounts = { evaluated: 0, disabled: 0, failures: [], transitions: [], republished: 0 };
    // One control's failure is counted, not thrown: the engine goes on with the others.
    await this.deps.engine.evaluateTenant(tenantId, asOf, 'daily', counts);
    for (const failure of counts.failures) this.deps.onControlFailure?.(failure);
    const report = await this.deps.reports.produceDue(tenantId, now);
    const base = {
      day,
      asOf: asOf.toISOString(),
      evaluated: counts.evaluated,
      transitions: counts.transitions.length,
      breached: counts.transitions.filter((t) => t.to === 'breached').length,
      restored: counts.transitions.filter((t) => t.from === 'breached' && t.to !== 'breached').length,
      failures: counts.failures.length,
      ...(report === undefined ? {} : { reportMonth: report.month }),
    };
    return this.complete(message, token, now, base);
  }

  /** The run item, the caught-up days, the pointer and the ledger entry, in one transaction. */
  private async complete(
    message: SurveillanceMessage,
    token: string,
    now: Date,
    base: Omit<SurveillanceSummary, 'caughtUp'>,
  ): Promise<SurveillanceOutcome> {
    const { store, ledger } = this.deps;
    const { tenantId, day } = message;
    const at = now.toISOString();
    const { result, entry } = await ledger.commit<SurveillanceOutcome>(tenantId, async () => {
      const { runs, last } = await store.progress(tenantId, [day, ...message.missedDays]);
      const mine = runs.get(day);
      if (mine?.status === 'completed')
        return { unchanged: true, result: { outcome: 'skipped', reason: 'already completed' } };
      if (mine?.token !== token) throw new DayInProgressError(`the claim on ${day} was taken over meanwhile`);
      const caughtUp = message.missedDays.filter((d) => runs.get(d)?.status !== 'completed');
      const summary: SurveillanceSummary = { ...base, caughtUp };
      const next = last === undefined || last < day ? day : last;
      return {
        items: store.completionWrites({ tenantId, day, token, at, caughtUp, last: next, previousLast: last }),
        evidence: {
          tenantId,
          occurredAt: at,
          ...SURVEILLANCE_ACTOR,
          kind: 'surveillance.run-completed',
          resource: `surveillance/${day}`,
          payload: { ...summary },
        },
        result: { outcome: 'completed', summary },
      };
    });
    return entry === undefined || result.outcome !== 'completed'
      ? result
      : { ...result, ledgerSequence: entry.sequence };
  }
}
