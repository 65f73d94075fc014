/**
 * The data files of an evidence pack, in archive order, each with the query behind it (in words an auditor re-runs
 * through the API) and its content as lines produced while the archive writes it, so that no file is ever whole in
 * memory. The lists several files share are the exception, read once and sorted into one stable order: the
 * complaints received in the window (the register, its timeline, its sample), the agents (the matrix, the records,
 * their sample) and the day aggregates; they are read from the start, while the archive writes the files before.
 * The records of the management system are in evidence-record-files.ts, the ledger's in evidence-ledger-files.ts.
 */

import { datesBetween } from '../domain/calendar/calendar-date.js';
import { isActiveAt } from '../domain/competence/agent-profile.js';
import { competenceMatrix } from '../domain/competence/assess-competence.js';
import type { TimelineEntry } from '../domain/complaint/complaint-state.js';
import { buildKpiSeries } from '../domain/kpi/kpi-series.js';
import { requirementsAt } from './agent-competence.js';
import { assessedAt } from './complaint-register.js';
import {
  csvFile,
  DAYS_AHEAD,
  each,
  type MissingFile,
  type PackFile,
  type PackInput,
  prefetched,
  readAhead,
  sampleFile,
} from './evidence-file-kit.js';
import { controlStateFile, recordFiles } from './evidence-record-files.js';
import { type EvidenceSources, inWindow, type SampledContact } from './evidence-sources.js';
import * as tables from './evidence-tables.js';

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
  const quality = recordFiles(sources, input);
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
