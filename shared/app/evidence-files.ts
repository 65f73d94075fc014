/**
 * The files of an evidence pack, each with the query behind it (in words an auditor re-runs through the API) and
 * its content as lines produced while the archive writes it, so that no file is ever whole in memory. The lists
 * several files share are the exception, read once and sorted into one stable order: the complaints received in
 * the window (the register, its timeline, its sample), the agents (the matrix, the records, their sample), the day
 * aggregates and the nonconformities; they are read from the start, while the archive writes the files before.
 */

import type { AgreementVersion } from '../domain/agreement/agreement-schema.js';
import { datesBetween } from '../domain/calendar/calendar-date.js';
import { isActiveAt } from '../domain/competence/agent-profile.js';
import { competenceMatrix } from '../domain/competence/assess-competence.js';
import type { TimelineEntry } from '../domain/complaint/complaint-state.js';
import { type CsvTable, csvLines } from '../domain/evidence/csv.js';
import { reservoirSample } from '../domain/evidence/reservoir-sample.js';
import { buildKpiSeries } from '../domain/kpi/kpi-series.js';
import { requirementsAt } from './agent-competence.js';
import { assessedAt } from './complaint-register.js';
import { CONTROL_CATALOGUE } from './controls/catalogue/index.js';
import {
  type AuditWindow,
  dateInWindow,
  type EvidenceSources,
  inWindow,
  type SampledContact,
} from './evidence-sources.js';
import * as tables from './evidence-tables.js';

/** One file of the pack. */
export interface PackFile {
  path: string;
  /** What was read, as the route (or the stored records) an auditor can ask for again. */
  query: string;
  /** `csv` files count their rows without the header. */
  format: 'csv' | 'jsonl' | 'json' | 'text';
  lines(): AsyncIterable<string>;
  /** Facts known once the content was produced (a sample's population), added to the file's manifest entry. */
  facts?(): Record<string, unknown>;
}

/** What the files are built from. */
export interface PackInput {
  window: AuditWindow;
  versions: AgreementVersion[];
  /** The ledger head the pack cites: ledger-derived files stop there. */
  headSequence: number;
  seed: number;
  sampleSize: number;
}

function csvFile<T>(
  path: string,
  query: string,
  table: CsvTable<T>,
  records: () => AsyncIterable<T> | Iterable<T>,
): PackFile {
  return { path, query, format: 'csv', lines: () => csvLines(table, records()) };
}

/** Awaits a list lazily, when the archive reaches the file that needs it. */
async function* each<T>(list: () => Promise<readonly T[]>): AsyncGenerator<T> {
  yield* await list();
}

/**
 * Loads once, and starts loading at once: the reads of the files further down the archive overlap with the
 * compression and upload of the ones before. A failure reaches the file that awaits it (not an unhandled rejection).
 */
function prefetched<T>(load: () => Promise<T>): () => Promise<T> {
  const loaded = load();
  loaded.catch(() => undefined);
  return () => loaded;
}

/** Contacts days read this far ahead of the one being sampled, in order. */
const DAYS_AHEAD = 4;

/** `read(key)` for each key in order, up to `ahead` keys read in advance (each one whole). */
async function* readAhead<T>(keys: readonly string[], read: (key: string) => AsyncIterable<T>, ahead: number) {
  const whole = async (key: string) => {
    const records: T[] = [];
    for await (const record of read(key)) records.push(record);
    return records;
  };
  const pending: Promise<T[]>[] = [];
  let next = 0;
  const fill = () => {
    while (next < keys.length && pending.length < ahead) {
      const batch = whole(keys[next++] as string);
      batch.catch(() => undefined);
      pending.push(batch);
    }
  };
  fill();
  while (pending.length > 0) {
    const batch = await (pending.shift() as Promise<T[]>);
    fill();
    yield* batch;
  }
}

function kpiFiles(sources: EvidenceSources, input: PackInput): PackFile[] {
  const { tenantId, from, to } = input.window;
  const days = prefetched(() => sources.kpiDays(tenantId, from, to));
  return (['day', 'month'] as const).map((granularity) =>
    csvFile(
      granularity === 'day' ? 'kpis/daily.csv' : 'kpis/monthly.csv',
      `GET /v1/tenants/${tenantId}/kpis?from=${from}&to=${to}&granularity=${granularity}, once per channel`,
      tables.kpiTable,
      () => each(async () => buildKpiSeries({ tenantId, from, to, granularity }, await days(), input.versions)),
    ),
  );
}

type WindowComplaint = tables.RegisterRow & { timeline: TimelineEntry[] };

/** The complaints received in the window, assessed as of its end, by receipt then id. */
async function complaintsOfWindow(sources: EvidenceSources, input: PackInput) {
  const { window, versions } = input;
  const asOf = new Date(window.asOf);
  const rows: WindowComplaint[] = [];
  const reads = [
    sources.complaints(window.tenantId, 'open'),
    sources.complaints(window.tenantId, 'pending-receipt'),
    sources.complaints(window.tenantId, 'closed', window.startsAt),
  ];
  for (const read of reads)
    for await (const { record } of read) {
      const assessed = assessedAt(record.tenantId, record.timeline, record.complaintId, versions, asOf);
      if (!inWindow(window, assessed.complaint.receivedAt)) continue;
      const timeline = [...record.timeline].sort((a, b) => a.at.localeCompare(b.at) || a.key.localeCompare(b.key));
      rows.push({ complaint: assessed.complaint, agreementVersion: assessed.agreementVersion, timeline });
    }
  const received = (row: WindowComplaint) => new Date(row.complaint.receivedAt as string).toISOString();
  return rows.sort(
    (a, b) => received(a).localeCompare(received(b)) || a.complaint.complaintId.localeCompare(b.complaint.complaintId),
  );
}

function complaintFiles(sources: EvidenceSources, input: PackInput): { files: PackFile[]; sample: PackFile } {
  const { tenantId, from, to } = input.window;
  const complaints = prefetched(() => complaintsOfWindow(sources, input));
  const received = `received ${from}…${to}`;
  const files = [
    csvFile(
      'complaints/register.csv',
      `GET /v1/tenants/${tenantId}/complaints?status=all, the complaints ${received}; deadlines as of ${input.window.asOf}`,
      tables.complaintRegisterTable,
      () => each(complaints),
    ),
    csvFile(
      'complaints/timeline.csv',
      `GET /v1/tenants/${tenantId}/complaints/{complaintId} for each complaint ${received}: its timeline`,
      tables.complaintTimelineTable,
      () =>
        each(async () =>
          (await complaints()).flatMap((row) =>
            row.timeline.map((entry) => ({ complaintId: row.complaint.complaintId, entry })),
          ),
        ),
    ),
  ];
  return {
    files,
    sample: sampleFile(
      'samples/complaints.csv',
      `complaints/register.csv (the complaints ${received}, by receipt then id)`,
      tables.complaintSampleTable,
      () => each(complaints),
      input,
    ),
  };
}

function peopleFiles(sources: EvidenceSources, input: PackInput): { files: PackFile[]; sample: PackFile } {
  const { window, versions } = input;
  const { tenantId, from, to } = window;
  const agents = prefetched(async () =>
    (await sources.agents(tenantId)).sort((a, b) => a.agentId.localeCompare(b.agentId)),
  );
  const trainings = async () =>
    (await agents())
      .flatMap((agent) =>
        agent.trainings
          .filter((record) => inWindow(window, record.completedAt))
          .map((record) => ({ agentId: agent.agentId, ...(agent.centerId && { centerId: agent.centerId }), record })),
      )
      .sort(
        (a, b) =>
          a.record.completedAt.localeCompare(b.record.completedAt) ||
          a.agentId.localeCompare(b.agentId) ||
          a.record.trainingRecordId.localeCompare(b.record.trainingRecordId),
      );
  const matrix = async function* () {
    const asOf = new Date(window.asOf);
    const requirements = requirementsAt(tenantId, versions, window.asOf);
    const month = window.to.slice(0, 7);
    for (const agent of await agents()) {
      const active = isActiveAt(agent, asOf.getTime());
      for (const requirement of competenceMatrix(agent, requirements, asOf, month).requirements)
        yield { agentId: agent.agentId, ...(agent.centerId && { centerId: agent.centerId }), active, requirement };
    }
  };
  const completed = `completed ${from}…${to}`;
  return {
    files: [
      csvFile(
        'people/training-matrix.csv',
        `GET /v1/tenants/${tenantId}/agents/{agentId} for every agent: each requirement of the agreement as of ${window.asOf}`,
        tables.trainingMatrixTable,
        matrix,
      ),
      csvFile(
        'people/training-records.csv',
        `GET /v1/tenants/${tenantId}/agents/{agentId} for every agent: the training records ${completed}`,
        tables.trainingRecordTable,
        () => each(trainings),
      ),
    ],
    sample: sampleFile(
      'samples/training.csv',
      `people/training-records.csv (the training records ${completed}, by completion, agent and record id)`,
      tables.trainingSampleTable,
      () => each(trainings),
      input,
    ),
  };
}

function erasureRequestFile(sources: EvidenceSources, input: PackInput): PackFile {
  const { window } = input;
  const { tenantId, from, to } = window;
  const erasures = async function* () {
    const inside = [];
    for await (const request of sources.erasureRequests(tenantId))
      if (inWindow(window, request.receivedAt)) inside.push(request);
    yield* inside.reverse();
  };
  return csvFile(
    'data-protection/erasure-requests.csv',
    `GET /v1/tenants/${tenantId}/erasure-requests, the requests received ${from}…${to}, oldest first`,
    tables.erasureRequestTable,
    erasures,
  );
}

/** A source the product does not keep yet: the file is left out and the manifest says why. */
export interface MissingFile {
  path: string;
  reason: string;
}

function optionalFiles(sources: EvidenceSources, input: PackInput): { files: PackFile[]; missing: MissingFile[] } {
  const { window } = input;
  const { tenantId, from, to } = window;
  const files: PackFile[] = [];
  const missing: MissingFile[] = [];
  const { quality, governance, controlHistory } = sources;
  const absent = (paths: string[], what: string) =>
    missing.push(...paths.map((path) => ({ path, reason: `${what} are not kept by this deployment yet` })));
  if (quality) {
    const touching = prefetched(async () =>
      (await quality.nonconformities(tenantId, { status: 'all' }))
        .filter((n) => n.openedAt < window.endsBefore && (n.closedAt === undefined || n.closedAt >= window.startsAt))
        .sort((a, b) => a.openedAt.localeCompare(b.openedAt) || a.nonconformityId.localeCompare(b.nonconformityId)),
    );
    const open = `open at any time ${from}…${to}`;
    files.push(
      csvFile(
        'quality/audits.csv',
        `GET /v1/tenants/${tenantId}/audits?from=${from}&to=${to} (completed ${from}…${to})`,
        tables.auditTable,
        () => each(() => quality.audits(tenantId, { from, to })),
      ),
      csvFile(
        'quality/nonconformities.csv',
        `GET /v1/tenants/${tenantId}/nonconformities?status=all, those ${open}`,
        tables.nonconformityTable,
        () => each(touching),
      ),
      csvFile(
        'quality/corrective-actions.csv',
        `GET /v1/tenants/${tenantId}/nonconformities?status=all: every recorded step of the nonconformities ${open}`,
        tables.correctiveStepTable,
        () =>
          each(async () =>
            (await touching()).flatMap((n) => n.steps.map((step) => ({ nonconformityId: n.nonconformityId, step }))),
          ),
      ),
    );
  } else
    absent(
      ['quality/audits.csv', 'quality/nonconformities.csv', 'quality/corrective-actions.csv'],
      'audits and nonconformities',
    );
  if (governance) {
    files.push(
      csvFile(
        'governance/documents.csv',
        `GET /v1/tenants/${tenantId}/documents: the latest approved version of each document`,
        tables.documentTable,
        () => each(() => governance.documents(tenantId)),
      ),
      csvFile(
        'governance/management-reviews.csv',
        `GET /v1/tenants/${tenantId}/management-reviews?from=${from}&to=${to} (held ${from}…${to})`,
        tables.reviewTable,
        () =>
          each(async () =>
            (await governance.reviews(tenantId, { from, to })).filter((r) => dateInWindow(window, r.heldOn)),
          ),
      ),
    );
  } else absent(['governance/documents.csv', 'governance/management-reviews.csv'], 'governance records');
  if (controlHistory) {
    files.push(
      csvFile(
        'controls/history.csv',
        `the control transitions with at ${window.startsAt} (included) to ${window.endsBefore} (excluded), oldest first`,
        tables.controlHistoryTable,
        () => each(() => controlHistory.history(tenantId, { from: window.startsAt, to: window.endsBefore })),
      ),
    );
  } else absent(['controls/history.csv'], 'control transition histories');
  return { files, missing };
}

function controlStateFile(sources: EvidenceSources, input: PackInput, generatedAt: string): PackFile {
  const { tenantId } = input.window;
  return csvFile(
    'controls/states.csv',
    `GET /v1/tenants/${tenantId}/controls, as of ${generatedAt}`,
    tables.controlStateTable,
    () =>
      each(async () => {
        const states = await sources.controlStates(
          tenantId,
          CONTROL_CATALOGUE.map((c) => c.controlId),
        );
        return CONTROL_CATALOGUE.map((control) => ({ control, state: states.get(control.controlId) }));
      }),
  );
}

/** A sample file: the population is read when the archive reaches the file; its size goes to the manifest. */
function sampleFile<T>(
  path: string,
  population: string,
  table: CsvTable<tables.Picked<T>>,
  records: () => AsyncIterable<T>,
  input: PackInput,
): PackFile {
  let size: number | undefined;
  return {
    path,
    query: `${input.sampleSize} records (or all, when fewer) drawn by reservoir sampling with seed ${input.seed} from ${population}`,
    format: 'csv',
    lines: async function* () {
      const sample = await reservoirSample(records(), input.sampleSize, input.seed);
      size = sample.population;
      yield* csvLines(table, sample.picked);
    },
    facts: () => ({ seed: input.seed, sampleSize: input.sampleSize, population: size }),
  };
}

function contactSample(sources: EvidenceSources, input: PackInput): PackFile {
  const { tenantId, from, to } = input.window;
  const contacts = async function* (): AsyncGenerator<SampledContact> {
    yield* readAhead(datesBetween(from, to), (day) => sources.contacts(tenantId, day), DAYS_AHEAD);
  };
  return sampleFile(
    'samples/contacts.csv',
    `the contacts of tenant-local days ${from}…${to}, day by day in arrival order (each one: GET /v1/tenants/${tenantId}/recordings/{contactId} for its recording)`,
    tables.contactSampleTable,
    contacts,
    input,
  );
}

/** Every data file of the pack, in the order they are archived, and the ones left out. */
export function evidenceFiles(
  sources: EvidenceSources,
  input: PackInput,
  generatedAt: string,
): { files: PackFile[]; missing: MissingFile[] } {
  const complaints = complaintFiles(sources, input);
  const people = peopleFiles(sources, input);
  const quality = optionalFiles(sources, input);
  return {
    files: [
      ...kpiFiles(sources, input),
      ...complaints.files,
      ...people.files,
      erasureRequestFile(sources, input),
      ...quality.files,
      controlStateFile(sources, input, generatedAt),
      contactSample(sources, input),
      complaints.sample,
      people.sample,
    ],
    missing: quality.missing,
  };
}
