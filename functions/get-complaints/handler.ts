import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import { cursorSecret } from '../../shared/adapters/cursor-secret.js';
import { complaintFiguresOf } from '../../shared/app/complaint-figures-query.js';
import type { ComplaintRecord, StoredComplaint } from '../../shared/app/complaint-register.js';
import { assessedAt } from '../../shared/app/complaint-register.js';
import type { AgreementVersion } from '../../shared/domain/agreement/agreement-schema.js';
import type { AssessedComplaint } from '../../shared/domain/complaint/complaint-state.js';
import { apiHandler } from '../../shared/http/api-handler.js';
import { apiRoutes } from '../../shared/http/api-routes.js';
import { decodeCursor, encodeCursor } from '../../shared/http/cursor.js';
import { NotFoundError } from '../../shared/http/problem.js';
import { loadConfig, once } from '../../shared/runtime/config.js';
import { AgreementRepository } from '../../shared/store/agreement-repository.js';
import { type ComplaintLifecycle, ComplaintRepository } from '../../shared/store/complaint-repository.js';
import { KpiRepository } from '../../shared/store/kpi-repository.js';
import { type COMPLAINT_FILTERS, getComplaintFiguresRoute, getComplaintRoute, listComplaintsRoute } from './route.js';

// Read at cold start: a missing or malformed variable fails the init, not a request.
const config = loadConfig();

const deps = once(() => {
  const db = createDocumentClient(config, { tenantScoped: true });
  return {
    complaints: new ComplaintRepository(db, config.tableName),
    agreements: new AgreementRepository(db, config.tableName),
    kpis: new KpiRepository(db, config.tableName),
  };
});

type Filter = (typeof COMPLAINT_FILTERS)[number];

/** The partitions a filter lists, in order, and how each is read. */
const PARTS: Record<Filter, ReadonlyArray<{ lifecycle: ComplaintLifecycle; overdue?: true; newestFirst?: true }>> = {
  all: [{ lifecycle: 'open' }, { lifecycle: 'pending-receipt' }, { lifecycle: 'closed', newestFirst: true }],
  open: [{ lifecycle: 'open' }],
  overdue: [{ lifecycle: 'open', overdue: true }],
  closed: [{ lifecycle: 'closed', newestFirst: true }],
};

/** The complaint as of `now`, under the deadlines of the agreement in force when it was received. */
function current(record: ComplaintRecord, versions: AgreementVersion[], now: Date) {
  return assessedAt(record.tenantId, record.timeline, record.complaintId, versions, now);
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

function summaryOf(c: AssessedComplaint) {
  return {
    complaintId: c.complaintId,
    status: c.status,
    ...optional('channel', c.channel),
    ...optional('category', c.category),
    ...optional('severity', c.severity),
    ...optional('receivedAt', c.receivedAt),
    ...optional('acknowledgedAt', c.acknowledgedAt),
    ...optional('resolvedAt', c.lifecycle === 'closed' ? c.resolvedAt : undefined),
    deadlines: c.deadlines,
  };
}

const listComplaints = apiHandler(listComplaintsRoute, async ({ path, query, now }) => {
  const { tenantId } = path;
  const secret = await cursorSecret();
  const scope = { tenantId, list: `complaints:${query.status}` };
  const start = decodeCursor(secret, scope, query.cursor);
  const parts = PARTS[query.status];
  let part = typeof start?.part === 'number' ? start.part : 0;
  let after = typeof start?.after === 'string' ? start.after : undefined;
  const versions = await deps().agreements.versions(tenantId);
  const found: StoredComplaint[] = [];
  let next: { part: number; after: string } | undefined;
  while (part < parts.length && found.length < query.limit) {
    const { lifecycle, overdue, newestFirst } = parts[part] as (typeof parts)[number];
    const page = await deps().complaints.page(tenantId, lifecycle, query.limit - found.length, {
      ...optional('after', after),
      // `<dueAt>#<id>` sorts before `<now>#~` exactly when the due instant is not after now.
      ...optional('before', overdue ? `${now.toISOString()}#~` : undefined),
      ...optional('newestFirst', newestFirst),
    });
    found.push(...page.complaints);
    if (page.next !== undefined) {
      next = { part, after: page.next };
      break;
    }
    part++;
    after = undefined;
    // The limit reached at the end of a partition: the next page starts with the next partition.
    if (found.length === query.limit && part < parts.length) next = { part, after: '' };
  }
  return {
    body: {
      tenantId,
      status: query.status,
      complaints: found.map(({ record }) => summaryOf(current(record, versions, now).complaint)),
      ...optional(
        'nextCursor',
        next === undefined
          ? undefined
          : encodeCursor(secret, scope, { part: next.part, ...optional('after', next.after || undefined) }),
      ),
    },
  };
});

const getComplaint = apiHandler(getComplaintRoute, async ({ path, now }) => {
  const { tenantId, complaintId } = path;
  const [stored, versions] = await Promise.all([
    deps().complaints.complaint(tenantId, complaintId),
    deps().agreements.versions(tenantId),
  ]);
  if (stored === undefined) throw new NotFoundError('No such complaint for this tenant');
  const { record } = stored;
  const { complaint: c, agreementVersion } = current(record, versions, now);
  const timeline = [...record.timeline]
    .sort((a, b) => a.at.localeCompare(b.at) || a.key.localeCompare(b.key))
    .map(({ type, at, fields }) => ({ type, at, fields }));
  return {
    body: {
      tenantId,
      ...summaryOf(c),
      ...optional('centerId', c.centerId),
      ...optional('customerRef', c.customerRef),
      ...optional('contactId', c.contactId),
      ...optional('remedySought', c.remedySought),
      ...optional('firstResolvedAt', c.firstResolvedAt),
      ...optional('outcome', c.outcome),
      ...optional('remedy', c.remedy),
      escalations: c.escalations,
      reopenings: c.reopenings,
      ...optional('nextChangeAt', c.nextChangeAt),
      agreementVersion,
      timeline,
    },
  };
});

const getComplaintFigures = apiHandler(getComplaintFiguresRoute, async ({ path, query, now }) => {
  const { tenantId } = path;
  const versions = await deps().agreements.versions(tenantId);
  return { body: { tenantId, ...(await complaintFiguresOf(deps(), tenantId, query, versions, now)) } };
});

/** Serves the complaint register: the lists by status, one complaint, and the figures of a period. */
export const handler = apiRoutes([listComplaints, getComplaint, getComplaintFigures]);
