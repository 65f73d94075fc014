/**
 * A control of the catalogue (ISO18295.md §2, issue 12): what it asks, the clause it serves, how often it is
 * evaluated, how grave a breach is, and its evaluator, a pure function of the tenant's facts and agreement. One file
 * per control under shared/app/controls/catalogue/; the catalogue (catalogue/index.ts) lists them, and the engine
 * (shared/app/evaluate-controls.ts) reads only the facts a due control names.
 */
import type { AgreementVersion } from '../../domain/agreement/agreement-schema.js';
import type { AgentProfile } from '../../domain/competence/agent-profile.js';
import type { AssessedComplaint } from '../../domain/complaint/complaint-state.js';
import type { GovernanceDocument, ManagementReview } from '../../domain/governance/governance-records.js';
import type { KpiSeriesEntry } from '../../domain/kpi/kpi-report-schema.js';
import type { AuditRecord, Nonconformity } from '../../domain/quality/quality-records.js';
import type { CompetenceViolation } from '../agent-competence.js';
import type { ControlState } from '../control-state.js';
import type { StoredErasureRequest } from '../erasure-requests.js';

/** A control's computed status and the figures and evidence references behind it. */
export interface Evaluation {
  status: ControlState['status'];
  detail: Record<string, unknown>;
}

/**
 * How often the engine evaluates a control: `hourly` (a complaint deadline passes within the hour) or `daily`. A
 * control kept in real time by an event path (P1-HR-INDUCTION, DP-REC-ACCESS) is still evaluated on its cadence, so
 * that a state the event path could not settle is put right.
 */
export type ControlCadence = 'hourly' | 'daily';

/** How grave a breach is: the grade of the nonconformity it opens (ISO18295.md §5.1). */
export type ControlSeverity = 'major' | 'minor';

/** Where a control comes from (ISO18295.md §2 conventions). */
export type ControlSource = 'ISO 18295-1' | 'ISO 18295-2' | 'GDPR' | 'certification practice';

/**
 * What the evaluators read, by name; the engine gathers a slice only when a control due names it. Every list is the
 * tenant's, as of the run's instant.
 */
export interface ControlFacts {
  /**
   * KPI series from the aggregates: `monthToDate` one entry per channel for the tenant-local month to date
   * (granularity `month`), `days` one entry per channel and day of it (granularity `day`), and `previous` one entry
   * per channel for the last complete month (a monthly target is judged on it), all with their targets and statuses.
   */
  kpis: {
    month: string;
    monthToDate: KpiSeriesEntry[];
    days: KpiSeriesEntry[];
    previousMonth: string;
    previous: KpiSeriesEntry[];
  };
  /** Open complaints, and every complaint received in the last 30 days, assessed at the run's instant. */
  complaints: {
    open: AssessedComplaint[];
    received: AssessedComplaint[];
    /** P1-CMP-REGISTER's check of the contacts with a complaint reason (shared/app/complaint-register-check.ts). */
    register: Evaluation;
  };
  /** Every agent profile and the open induction violations. */
  competence: { profiles: AgentProfile[]; openViolations: CompetenceViolation[] };
  /**
   * Recordings: those past `deleteAfter` plus the grace and not deleted nor held (`overdue`, at most 100 listed and
   * counted in `overdueCount`), those stored without the data key (`unencrypted`, likewise), and how many are stored.
   */
  recordings: {
    stored: number;
    overdue: Array<{ contactId: string; deleteAfter: string }>;
    overdueCount: number;
    unencrypted: Array<{ contactId: string }>;
    unencryptedCount: number;
    /** Accesses of the last 30 days, and of those, the unusual ones (bulk or out of hours) not yet reviewed. */
    accesses: number;
    unusualAccesses: number;
  };
  /** Erasure requests received in the last 13 months. */
  erasures: { requests: StoredErasureRequest[] };
  /** Audits held in the last 36 months, and every nonconformity not closed or closed in the last 12 months. */
  quality: { audits: AuditRecord[]; nonconformities: Nonconformity[] };
  /** The document register (latest version of each document) and the management reviews of the last 36 months. */
  governance: { documents: GovernanceDocument[]; reviews: ManagementReview[] };
  /** The evidence ledger's chain, verified, and its latest anchor outside the table. */
  ledger: { valid: boolean; entries: number; firstBrokenAt?: number; lastAnchoredAt?: string };
}

export type FactName = keyof ControlFacts;

/** What an evaluator is given besides its facts. */
export interface ControlContext {
  tenantId: string;
  now: Date;
  /** The agreement version in force at `now`, and every version (for a period judged by the terms then). */
  agreement: AgreementVersion;
  versions: readonly AgreementVersion[];
  /** The stored state, if any: an evaluator may keep what it said before (the last violation, say). */
  previous: ControlState | undefined;
}

export interface ControlDefinition<F extends FactName = FactName> {
  /** The id of ISO18295.md §2. */
  controlId: string;
  /** The clause it supports, as ISO18295.md §2 gives it (`4.4`, `6`, `4.5 / GDPR Art. 32`, `(certification practice)`). */
  clause: string;
  source: ControlSource;
  /** What it asks, in plain words. */
  requirement: string;
  cadence: ControlCadence;
  severity: ControlSeverity;
  /** Whether the agreement may switch it off (`controls.disabled`); a legal requirement may not be. */
  switchable: boolean;
  /** The facts its evaluator reads. */
  facts: readonly F[];
  /** Pure: the same facts, context and instant give the same evaluation. `no-data` when nothing can be judged yet. */
  evaluate(facts: Pick<ControlFacts, F>, context: ControlContext): Evaluation;
}

/** Declares a control with its facts typed (the catalogue's files each export one). */
export function defineControl<F extends FactName>(definition: ControlDefinition<F>): ControlDefinition<F> {
  return definition;
}
