/**
 * The CSV tables of the evidence pack: for each record kind, its header and cells. Free-text fields a person typed
 * (remedies, notes, escalation bodies) are left out, and so are customer references: the pack leaves the product,
 * and an auditor checks timeliness and completeness, not what a customer said.
 */

import type { TrainingRecord } from '../domain/competence/agent-profile.js';
import type { RequirementState } from '../domain/competence/assess-competence.js';
import type { AssessedComplaint, TimelineEntry } from '../domain/complaint/complaint-state.js';
import type { CsvTable, CsvValue } from '../domain/evidence/csv.js';
import { KPI_NAMES } from '../domain/kpi/kpi-names.js';
import type { KpiSeriesEntry } from '../domain/kpi/kpi-report-schema.js';
import type { LedgerEntry } from '../domain/ledger/hash-chain.js';
import type { StoredErasureRequest } from './erasure-requests.js';
import type { SampledContact } from './evidence-sources.js';

const COUNTS = ['offered', 'handled', 'abandoned', 'shortAbandoned', 'callbackRequested', 'outbound'] as const;

/** Per period and channel: the counts, each KPI with its target and status, and the agreement version applied. */
export const kpiTable: CsvTable<KpiSeriesEntry> = {
  header: [
    'period',
    'firstDay',
    'lastDay',
    'channel',
    ...COUNTS,
    ...KPI_NAMES.flatMap((kpi) => [kpi, `${kpi}Target`, `${kpi}Direction`, `${kpi}Status`]),
    'agreementVersion',
  ],
  cells: (e) => [
    e.period,
    e.firstDay,
    e.lastDay,
    e.channel,
    ...COUNTS.map((count) => e[count]),
    ...KPI_NAMES.flatMap((kpi) => [e[kpi], e.targets[kpi]?.target, e.targets[kpi]?.direction, e.status[kpi]]),
    e.agreementVersion,
  ],
};

/** A complaint assessed as of the window's end, with the agreement version whose deadlines apply. */
export interface RegisterRow {
  complaint: AssessedComplaint;
  agreementVersion: number;
}

export const complaintRegisterTable: CsvTable<RegisterRow> = {
  header: [
    'complaintId',
    'receivedAt',
    'status',
    'centerId',
    'channel',
    'category',
    'severity',
    'ownerId',
    'contactId',
    'acknowledgedAt',
    'firstResolvedAt',
    'resolvedAt',
    'outcome',
    'reopenings',
    'escalations',
    'acknowledgeDueAt',
    'acknowledgeState',
    'resolveDueAt',
    'resolveState',
    'agreementVersion',
  ],
  cells: ({ complaint: c, agreementVersion }) => [
    c.complaintId,
    c.receivedAt,
    c.status,
    c.centerId,
    c.channel,
    c.category,
    c.severity,
    c.ownerId,
    c.contactId,
    c.acknowledgedAt,
    c.firstResolvedAt,
    c.lifecycle === 'closed' ? c.resolvedAt : undefined,
    c.outcome,
    c.reopenings,
    c.escalations.length,
    c.deadlines.acknowledge?.dueAt,
    c.deadlines.acknowledge?.state,
    c.deadlines.resolve?.dueAt,
    c.deadlines.resolve?.state,
    agreementVersion,
  ],
};

/** Event fields that are a person's own words, or name the customer. */
const FREE_TEXT = new Set(['remedySought', 'remedy', 'body', 'note', 'description', 'customerRef']);

export const complaintTimelineTable: CsvTable<{ complaintId: string; entry: TimelineEntry }> = {
  header: ['complaintId', 'type', 'occurredAt', 'eventKey', 'fields'],
  cells: ({ complaintId, entry }) => [
    complaintId,
    entry.type,
    entry.at,
    entry.key,
    Object.fromEntries(Object.entries(entry.fields).filter(([field]) => !FREE_TEXT.has(field))),
  ],
};

export interface MatrixRow {
  agentId: string;
  centerId?: string;
  active: boolean;
  requirement: RequirementState;
}

export const trainingMatrixTable: CsvTable<MatrixRow> = {
  header: [
    'agentId',
    'centerId',
    'active',
    'requirementId',
    'kind',
    'category',
    'courseId',
    'status',
    'trainingRecordId',
    'completedAt',
    'validUntil',
  ],
  cells: ({ agentId, centerId, active, requirement: r }) => [
    agentId,
    centerId,
    active,
    r.requirementId,
    r.kind,
    r.category,
    r.courseId,
    r.status,
    r.trainingRecordId,
    r.completedAt,
    r.validUntil,
  ],
};

export interface TrainingRow {
  agentId: string;
  centerId?: string;
  record: TrainingRecord;
}

export const trainingRecordTable: CsvTable<TrainingRow> = {
  header: [
    'agentId',
    'centerId',
    'trainingRecordId',
    'courseId',
    'category',
    'hours',
    'completedAt',
    'validUntil',
    'passed',
    'score',
  ],
  cells: ({ agentId, centerId, record: r }) => [
    agentId,
    centerId,
    r.trainingRecordId,
    r.courseId,
    r.category,
    r.hours,
    r.completedAt,
    r.validUntil,
    r.passed,
    r.score,
  ],
};

const text = (value: unknown): CsvValue =>
  value === undefined || value === null ? undefined : typeof value === 'object' ? JSON.stringify(value) : String(value);

export const accessLogTable: CsvTable<LedgerEntry> = {
  header: [
    'occurredAt',
    'recordedAt',
    'ledgerSequence',
    'actor',
    'actorRole',
    'contactId',
    'accessId',
    'purpose',
    'action',
    'expiresAt',
    'unusual',
    'requestId',
  ],
  cells: (e) => [
    e.occurredAt,
    e.recordedAt,
    e.sequence,
    e.actor,
    e.actorRole,
    text(e.payload.contactId),
    text(e.payload.accessId),
    text(e.payload.purpose),
    text(e.payload.action),
    text(e.payload.expiresAt),
    Array.isArray(e.payload.unusual) ? e.payload.unusual.join(';') : undefined,
    e.requestId,
  ],
};

/** One deleted recording of a `recording.deleted` entry (an entry may cover several). */
export interface DeletionRow {
  entry: LedgerEntry;
  recording: Record<string, unknown>;
}

export const deletionTable: CsvTable<DeletionRow> = {
  header: [
    'occurredAt',
    'recordedAt',
    'ledgerSequence',
    'actor',
    'reason',
    'erasureRequestId',
    'contactId',
    'objectKey',
    'versionId',
    'sha256',
    'retentionClass',
    'deleteAfter',
  ],
  cells: ({ entry, recording: r }) => [
    entry.occurredAt,
    entry.recordedAt,
    entry.sequence,
    entry.actor,
    text(entry.payload.reason),
    text(entry.payload.erasureRequestId),
    text(r.contactId),
    text(r.objectKey),
    text(r.versionId),
    text(r.sha256),
    text(r.retentionClass),
    text(r.deleteAfter),
  ],
};

export const erasureRequestTable: CsvTable<StoredErasureRequest> = {
  header: [
    'requestId',
    'receivedAt',
    'recordedAt',
    'dueBy',
    'via',
    'status',
    'completedAt',
    'onTime',
    'recordingsDeleted',
    'recordingsHeld',
    'contactsAnonymised',
  ],
  cells: (r) => [
    r.requestId,
    r.receivedAt,
    r.updatedAt,
    r.dueBy,
    r.via,
    r.status,
    r.completedAt,
    r.completedAt === undefined ? undefined : r.completedAt <= r.dueBy,
    r.recordingsDeleted.length,
    r.recordingsHeld.length,
    r.contactsAnonymised,
  ],
};

/** A sampled record with its place in the population. */
export interface Picked<T> {
  position: number;
  record: T;
}

export const contactSampleTable: CsvTable<Picked<SampledContact>> = {
  header: ['position', 'contactId', 'day', 'initiatedAt', 'endedAt', 'channel', 'centerId', 'queue', 'agentId'],
  cells: ({ position, record: c }) => [
    position,
    c.contactId,
    c.day,
    c.initiatedAt,
    c.endedAt,
    c.channel,
    c.centerId,
    c.queue,
    c.agentId,
  ],
};

export const complaintSampleTable: CsvTable<Picked<RegisterRow>> = {
  header: ['position', ...complaintRegisterTable.header],
  cells: ({ position, record }) => [position, ...complaintRegisterTable.cells(record)],
};

export const trainingSampleTable: CsvTable<Picked<TrainingRow>> = {
  header: ['position', ...trainingRecordTable.header],
  cells: ({ position, record }) => [position, ...trainingRecordTable.cells(record)],
};
