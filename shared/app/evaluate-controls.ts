/**
 * The controls engine (ISO18295.md §2, issue 12 items 1–2): for every tenant, as of the run's instant, each control
 * of the catalogue due for the run's cadence (an `hourly` run: the hourly controls; a `daily` run: all of them) is
 * evaluated from the facts it names and kept by the {@link ControlKeeper} (a status change with its history item,
 * ledger entry and, for a breach, its nonconformity, in one transaction; then its event). Scheduled by
 * functions/schedules.ts (`EvaluateControlsHourly`); the daily run is the surveillance's (shared/app/surveillance-run.ts).
 *
 * Only the fact slices the due controls name are gathered, each once per tenant and run, through one port per slice
 * ({@link ControlFactSources}). A control the agreement in force switches off (`controls.disabled`) is not evaluated
 * when its definition is `switchable`; the controls route reports it disabled. One control's failure (its facts, its
 * evaluator or its write) is reported and the others go on. A control never evaluated that still has nothing to judge
 * (`no-data`) is not written: it stays absent, which reads `no-data`.
 */

import type { AgreementVersion } from '../domain/agreement/agreement-schema.js';
import { versionInForceAt } from '../domain/agreement/agreement-versions.js';
import type { AgreementVersions, StoredControl } from './agent-competence.js';
import type { EventPublisher } from './assemble-vendor-contact.js';
import {
  type ConditionalWriter,
  ControlKeeper,
  type ControlStore,
  type ControlTransition,
  forEachTenant,
  type LedgerTenants,
  type TenantsRun,
} from './control-keeper.js';
import type { ControlState } from './control-state.js';
import type {
  ControlCadence,
  ControlContext,
  ControlDefinition,
  ControlFacts,
  Evaluation,
  FactName,
} from './controls/control-definition.js';
import type { EvidenceLedger } from './evidence-ledger.js';
import type { BreachNonconformities } from './quality-records.js';

export const ENGINE_ACTOR = { actor: 'system:evaluate-controls', actorRole: 'system' } as const;

/** What a fact source is asked: whose facts, as of when, under which agreement. */
export interface FactScope {
  tenantId: string;
  now: Date;
  agreement: AgreementVersion;
  versions: readonly AgreementVersion[];
}

/** Port: one source per fact slice (shared/store/control-fact-sources.ts). */
export type ControlFactSources = { [K in FactName]: (scope: FactScope) => Promise<ControlFacts[K]> };

/** Whether a run of `cadence` evaluates a control of `control` cadence: the daily run evaluates every control. */
export function isDue(control: ControlCadence, cadence: ControlCadence): boolean {
  return cadence === 'daily' || control === 'hourly';
}

/** The controls the agreement switches off, with why; a control that is not switchable is never off. */
export function disabledControls(
  catalogue: readonly ControlDefinition[],
  agreement: AgreementVersion,
): Map<string, string> {
  const switchable = new Set(catalogue.filter((c) => c.switchable).map((c) => c.controlId));
  return new Map(
    agreement.controls.disabled.filter((d) => switchable.has(d.controlId)).map((d) => [d.controlId, d.reason]),
  );
}

/** A control that could not be evaluated or written this run (the next run tries again). */
export interface ControlFailure {
  tenantId: string;
  controlId: string;
  error: unknown;
}

/** What a run did. */
export interface ControlsReport extends TenantsRun {
  cadence: ControlCadence;
  /** Controls evaluated (over every tenant). */
  evaluated: number;
  /** Controls not evaluated because the agreement switches them off. */
  disabled: number;
  failures: ControlFailure[];
  transitions: ControlTransition[];
  /** Events of earlier transitions published now (their first publish had failed, or a real-time path left them). */
  republished: number;
}

export interface EngineDeps {
  catalogue: readonly ControlDefinition[];
  facts: ControlFactSources;
  agreements: AgreementVersions;
  store: ControlStore;
  ledger: EvidenceLedger;
  writer: ConditionalWriter;
  nonconformities: BreachNonconformities;
  publisher: EventPublisher;
  tenants: LedgerTenants;
  /** A tenant whose run failed before its controls (its agreement, its stored states). */
  onTenantFailure?: (tenantId: string, error: unknown) => void;
  onControlFailure?: (failure: ControlFailure) => void;
  onPublishFailure?: (tenantId: string, controlId: string, error: unknown) => void;
}

type TenantCounts = Omit<ControlsReport, keyof TenantsRun | 'cadence'>;

/** The fact slices of one tenant and run, each gathered once, on first use. */
class FactCache {
  private readonly slices = new Map<FactName, Promise<unknown>>();

  constructor(
    private readonly sources: ControlFactSources,
    private readonly scope: FactScope,
  ) {}

  async pick<F extends FactName>(names: readonly F[]): Promise<Pick<ControlFacts, F>> {
    const entries = await Promise.all(names.map(async (name) => [name, await this.slice(name)] as const));
    return Object.fromEntries(entries) as Pick<ControlFacts, F>;
  }

  private slice(name: FactName): Promise<unknown> {
    let slice = this.slices.get(name);
    if (slice === undefined) {
      slice = (this.sources[name] as (scope: FactScope) => Promise<unknown>)(this.scope);
      // A failed slice fails the controls that read it, without an unhandled rejection for those that do not.
      slice.catch(() => undefined);
      this.slices.set(name, slice);
    }
    return slice;
  }
}

export class EvaluateControls {
  private readonly keeper: ControlKeeper;

  constructor(private readonly deps: EngineDeps) {
    this.keeper = new ControlKeeper({
      store: deps.store,
      ledger: deps.ledger,
      writer: deps.writer,
      nonconformities: deps.nonconformities,
      publisher: deps.publisher,
      actor: ENGINE_ACTOR,
      ...(deps.onPublishFailure === undefined ? {} : { onPublishFailure: deps.onPublishFailure }),
    });
  }

  /** One run of `cadence` as of `now`, tenant after tenant while `hasTime` says so. */
  async run(now: Date, cadence: ControlCadence, hasTime: () => boolean = () => true): Promise<ControlsReport> {
    const counts: TenantCounts = { evaluated: 0, disabled: 0, failures: [], transitions: [], republished: 0 };
    const run = await forEachTenant(
      this.deps.tenants,
      hasTime,
      (tenantId) => this.evaluateTenant(tenantId, now, cadence, counts),
      this.deps.onTenantFailure,
    );
    return { cadence, ...counts, ...run };
  }

  /** The tenant's pending events first, then its due controls. */
  async evaluateTenant(tenantId: string, now: Date, cadence: ControlCadence, counts: TenantCounts): Promise<void> {
    const versions = await this.deps.agreements.versions(tenantId);
    const agreement = versionInForceAt(tenantId, versions, now);
    counts.republished += await this.keeper.publishPending(tenantId, agreement);
    const off = disabledControls(this.deps.catalogue, agreement);
    const due = this.deps.catalogue.filter((c) => isDue(c.cadence, cadence));
    const evaluated = due.filter((c) => !off.has(c.controlId));
    counts.disabled += due.length - evaluated.length;
    // The states first, then the facts: a write in between moves a revision, so the keeper's write loses and is
    // prepared again from fresh facts, rather than overwriting it from facts read before it.
    const stored = await Promise.all(evaluated.map((c) => this.deps.store.controlState(tenantId, c.controlId)));
    const scope: FactScope = { tenantId, now, agreement, versions };
    const facts = new FactCache(this.deps.facts, scope);
    for (const [i, control] of evaluated.entries()) {
      try {
        const transition = await this.settle(control, stored[i], facts, scope);
        counts.evaluated++;
        if (transition !== undefined) counts.transitions.push(transition);
      } catch (error) {
        const failure = { tenantId, controlId: control.controlId, error };
        counts.failures.push(failure);
        this.deps.onControlFailure?.(failure);
      }
    }
  }

  private async settle(
    control: ControlDefinition,
    stored: StoredControl | undefined,
    facts: FactCache,
    scope: FactScope,
  ): Promise<ControlTransition | undefined> {
    const evaluate = async (previous: ControlState | undefined, source: FactCache): Promise<Evaluation> => {
      const context: ControlContext = { ...scope, previous };
      return control.evaluate(await source.pick(control.facts), context);
    };
    const first = await evaluate(stored?.state, facts);
    if (stored === undefined && first.status === 'no-data') return undefined;
    return this.keeper.settle({
      tenantId: scope.tenantId,
      control,
      stored,
      // After a lost race the keeper asks again: the facts are read afresh.
      evaluate: async (previous, fresh) => (fresh ? evaluate(previous, new FactCache(this.deps.facts, scope)) : first),
      now: scope.now,
      agreement: scope.agreement,
    });
  }
}
