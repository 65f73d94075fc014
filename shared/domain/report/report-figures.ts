/**
 * The figures of one tenant's monthly surveillance report (issue 13, DESIGN.md §6, ISO18295.md §3.3): what the
 * report says, and nothing the API would not give for the same month and tenant. Each section names the route whose
 * answer it holds; the assembler (shared/app/monthly-report-figures.ts) fills it from the same use cases those
 * routes call, and the renderers (HTML, PDF, CSV, charts) only present it.
 */
import type { ComplaintFigures } from '../complaint/complaint-figures.js';
import type { KpiReport } from '../kpi/kpi-report-schema.js';

export type ReportLanguage = 'fr' | 'en';
export type ControlStatusName = 'compliant' | 'at-risk' | 'breached' | 'no-data';

/** `GET /v1/tenants/{t}/controls`: one control as the route lists it. */
export interface ReportControl {
  controlId: string;
  clause: string;
  requirement: string;
  severity: 'major' | 'minor';
  enabled: boolean;
  status: ControlStatusName;
  since: string | null;
}

/** `GET /v1/tenants/{t}/control-history?from=&to=`: a transition inside the month. */
export interface ReportControlChange {
  controlId: string;
  from: ControlStatusName;
  to: ControlStatusName;
  at: string;
  nonconformityId?: string;
}

/** `GET /v1/tenants/{t}/nonconformities?status=open`: an open nonconformity with its actions. */
export interface ReportNonconformity {
  nonconformityId: string;
  clause: string;
  grade: 'major' | 'minor' | 'observation';
  description: string;
  openedAt: string;
  dueOn?: string;
  status: 'open' | 'in-progress' | 'awaiting-verification' | 'closed';
  overdue: boolean;
  actions: { actionId: string; description: string; ownerId: string; dueOn: string; status: 'planned' | 'done' }[];
}

/** Counts over `GET /v1/tenants/{t}/agents?competence=all|expiring|expired|missing-induction`, as of generation. */
export interface ReportCompetence {
  /** Agents with status `active`. */
  active: number;
  /** Active agents not inducted (`missing-induction`). */
  missingInduction: number;
  /** Active agents with a mandatory course lapsing within the warning window (`expiring`). */
  expiring: number;
  /** Active agents with a lapsed mandatory course (`expired`). */
  expired: number;
  /** Active agents whose QA coverage for the report's month is met (`qa.met`). */
  qaMet: number;
  /** Contacts handled while lacking a requirement and not cleared (sum of `openViolations`). */
  openViolations: number;
}

/** `GET /v1/tenants/{t}/erasure-requests`, the requests received in the month. */
export interface ReportErasureRequest {
  requestId: string;
  receivedAt: string;
  status: string;
  /** Whether it was completed within its deadline (null while it is still open and not late). */
  onTime: boolean | null;
}

/** `GET /v1/tenants/{t}/ledger/verify` at generation. */
export interface ReportLedger {
  valid: boolean;
  entries: number;
  firstBrokenAt?: number;
  /** The latest anchor the chain was checked against, when there is one. */
  anchoredAt?: string;
}

export interface MonthlyReportFigures {
  tenantId: string;
  /** `yyyy-mm`, tenant-local. */
  month: string;
  /** First and last tenant-local day of the month (inclusive). */
  from: string;
  to: string;
  timeZone: string;
  language: ReportLanguage;
  generatedAt: string;
  kpis: {
    /** `GET .../kpis?from=&to=&granularity=month`: one entry per channel. */
    monthly: KpiReport;
    /** `GET .../kpis?from=&to=&granularity=day`: the daily trend per channel. */
    daily: KpiReport;
  };
  /** `GET .../complaint-figures?from=&to=`. */
  complaints: ComplaintFigures;
  competence: ReportCompetence;
  dataProtection: {
    /** The DP-* controls as `GET .../controls` gives them (recording retention, access, access log, encryption, DSR). */
    controls: ReportControl[];
    erasureRequests: ReportErasureRequest[];
  };
  controls: {
    /** Every enabled control of `GET .../controls`. */
    states: ReportControl[];
    /** The month's transitions, oldest first. */
    changes: ReportControlChange[];
  };
  nonconformities: {
    /** `GET .../nonconformities?status=open`, with their actions. */
    open: ReportNonconformity[];
  };
  ledger: ReportLedger;
}
