/**
 * The files of an evidence pack from the records of the management system: control states (as of generation) and
 * the window's transitions, audits, nonconformities open at any time in the window with their corrective-action
 * steps, the document register and the management reviews. A source a deployment does not pass is left out, and
 * the manifest says so.
 */
import { CONTROL_CATALOGUE } from './controls/catalogue/index.js';
import { csvFile, each, type MissingFile, type PackFile, type PackInput, prefetched } from './evidence-file-kit.js';
import * as records from './evidence-record-tables.js';
import { dateInWindow, type EvidenceSources } from './evidence-sources.js';

export function recordFiles(sources: EvidenceSources, input: PackInput): { files: PackFile[]; missing: MissingFile[] } {
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
        records.auditTable,
        () => each(() => quality.audits(tenantId, { from, to })),
      ),
      csvFile(
        'quality/nonconformities.csv',
        `GET /v1/tenants/${tenantId}/nonconformities?status=all, those ${open}`,
        records.nonconformityTable,
        () => each(touching),
      ),
      csvFile(
        'quality/corrective-actions.csv',
        `GET /v1/tenants/${tenantId}/nonconformities?status=all: every recorded step of the nonconformities ${open}`,
        records.correctiveStepTable,
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
        records.documentTable,
        () => each(() => governance.documents(tenantId)),
      ),
      csvFile(
        'governance/management-reviews.csv',
        `GET /v1/tenants/${tenantId}/management-reviews?from=${from}&to=${to} (held ${from}…${to})`,
        records.reviewTable,
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
        records.controlHistoryTable,
        () => each(() => controlHistory.history(tenantId, { from: window.startsAt, to: window.endsBefore })),
      ),
    );
  } else absent(['controls/history.csv'], 'control transition histories');
  return { files, missing };
}

export function controlStateFile(sources: EvidenceSources, input: PackInput, generatedAt: string): PackFile {
  const { tenantId } = input.window;
  return csvFile(
    'controls/states.csv',
    `GET /v1/tenants/${tenantId}/controls, as of ${generatedAt}`,
    records.controlStateTable,
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
