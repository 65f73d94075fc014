/**
 * The ports the evidence pack reads its evidence through, and the audit window it places evidence in. Each source is
 * a repository method that also serves an API route, so the manifest can name the route an auditor re-runs.
 */
import type { Channel } from '../../events/telephony.js';
import type { AgreementVersion } from '../domain/agreement/agreement-schema.js';
import { versionInForceOn } from '../domain/agreement/agreement-versions.js';
import { addDays } from '../domain/calendar/calendar-date.js';
import { startOfLocalDay } from '../domain/calendar/zoned-time.js';
import type { AgentProfile } from '../domain/competence/agent-profile.js';
import type { GovernanceDocument, ManagementReview } from '../domain/governance/governance-records.js';
import type { DayAggregate } from '../domain/kpi/kpi-series.js';
import type { AuditRecord, Nonconformity } from '../domain/quality/quality-records.js';
import type { StoredComplaint } from './complaint-register.js';
import type { ControlHistoryEntry, ControlState } from './control-state.js';
import type { StoredErasureRequest } from './erasure-requests.js';
import type { LedgerReader } from './verify-ledger.js';

/** A contact as the sample shows it: what identifies it and places it, nothing about the customer. */
export interface SampledContact {
  contactId: string;
  initiatedAt: string;
  endedAt?: string;
  channel: Channel;
  centerId: string;
  queue?: string;
  agentId?: string;
  day: string;
}

/** Port: the quality records (audits, nonconformities and their corrective actions). */
export interface QualityReader {
  audits(tenantId: string, window: { from?: string; to?: string }): Promise<AuditRecord[]>;
  nonconformities(tenantId: string, filter: { status?: 'open' | 'closed' | 'all' }): Promise<Nonconformity[]>;
}

/** Port: the governance records (the document register and the management reviews). */
export interface GovernanceReader {
  documents(tenantId: string): Promise<GovernanceDocument[]>;
  reviews(tenantId: string, window: { from?: string; to?: string }): Promise<ManagementReview[]>;
}

/** Port: the transitions of the tenant's controls, oldest first (`at` from inclusive, to exclusive). */
export interface ControlHistoryReader {
  history(tenantId: string, window: { from: string; to: string; controlId?: string }): Promise<ControlHistoryEntry[]>;
}

/** Port: every source of the pack. The optional ones are left out of a pack (and said so) where not yet kept. */
export interface EvidenceSources {
  agreementVersions(tenantId: string): Promise<AgreementVersion[]>;
  /** Day aggregates of tenant-local days `from`…`to` (every channel, centre and queue). */
  kpiDays(tenantId: string, from: string, to: string): Promise<DayAggregate[]>;
  /** A lifecycle's complaints; `from` bounds closed ones by resolution (they were received before). */
  complaints(
    tenantId: string,
    lifecycle: 'open' | 'closed' | 'pending-receipt',
    from?: string,
  ): AsyncIterable<StoredComplaint>;
  agents(tenantId: string): Promise<AgentProfile[]>;
  /** The contacts of one tenant-local day, in arrival order. */
  contacts(tenantId: string, day: string): AsyncIterable<SampledContact>;
  /** Every erasure request, newest first. */
  erasureRequests(tenantId: string): AsyncIterable<StoredErasureRequest>;
  controlStates(tenantId: string, controlIds: readonly string[]): Promise<Map<string, ControlState>>;
  ledger: LedgerReader;
  controlHistory?: ControlHistoryReader;
  quality?: QualityReader;
  governance?: GovernanceReader;
}

/** The audit window: tenant-local days `from`…`to` in the zone of the agreement in force on `to`. */
export interface AuditWindow {
  tenantId: string;
  from: string;
  to: string;
  timeZone: string;
  /** The window's first instant, and the instant after its last (ISO 8601, UTC). */
  startsAt: string;
  endsBefore: string;
  /** "As of the window's end" for the records kept as current state: its end, or now while it is not over. */
  asOf: string;
}

export function auditWindow(
  tenantId: string,
  from: string,
  to: string,
  versions: readonly AgreementVersion[],
  now: Date,
): AuditWindow {
  const timeZone = versionInForceOn(tenantId, versions, to).timeZone.value;
  const startsAt = new Date(startOfLocalDay(from, timeZone)).toISOString();
  const end = startOfLocalDay(addDays(to, 1), timeZone);
  const endsBefore = new Date(end).toISOString();
  const asOf = new Date(Math.min(end - 1, now.getTime())).toISOString();
  return { tenantId, from, to, timeZone, startsAt, endsBefore, asOf };
}

/** Whether an instant falls in the window (ISO 8601 instants in UTC compare as strings). */
export function inWindow(window: AuditWindow, instant: string | undefined): boolean {
  if (instant === undefined) return false;
  const at = new Date(instant).toISOString();
  return at >= window.startsAt && at < window.endsBefore;
}

/** Whether a tenant-local date falls in the window. */
export function dateInWindow(window: AuditWindow, date: string | undefined): boolean {
  return date !== undefined && date >= window.from && date <= window.to;
}
