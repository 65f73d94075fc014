import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import { cursorSecret } from '../../shared/adapters/cursor-secret.js';
import {
  type MonthlyReportRecord,
  type MonthlyReports,
  MonthNotEndedError,
  ReportConflictError,
} from '../../shared/app/monthly-reports.js';
import { monthlyReports } from '../../shared/compose/monthly-reports.js';
import { apiHandler } from '../../shared/http/api-handler.js';
import { apiRoutes } from '../../shared/http/api-routes.js';
import { decodeCursor, encodeCursor } from '../../shared/http/cursor.js';
import { ConflictError, NotFoundError, UnprocessableContentError } from '../../shared/http/problem.js';
import type { Role } from '../../shared/http/roles.js';
import { loadConfig, once } from '../../shared/runtime/config.js';
import { logger } from '../../shared/runtime/logger.js';
import { getReportRoute, listReportsRoute, produceReportRoute } from './route.js';

// Read at cold start: a missing or malformed variable fails the init, not a request.
const config = loadConfig();

const reports = once(
  (): MonthlyReports =>
    monthlyReports(createDocumentClient(config, { tenantScoped: true }), config, {
      onPublishFailure: (report, error) =>
        logger.error('report.published not published; the report is recorded and sent', {
          tenantId: report.tenantId,
          month: report.month,
          error: error as Error,
        }),
    }),
);
// The bucket and sender are read when the use case is composed: compose now, so a missing one fails the init.
reports();

const LIST = 'reports';

function summaryOf(r: MonthlyReportRecord) {
  const delivered = r.deliveries.filter((d) => d.status === 'delivered').length;
  return {
    month: r.month,
    version: r.version,
    state: r.state,
    forced: r.forced,
    language: r.language,
    timeZone: r.timeZone,
    generatedAt: r.generatedAt,
    reportKey: r.reportKey,
    sha256: r.sha256,
    manifestSha256: r.manifestSha256,
    recipients: r.deliveries.length,
    delivered,
    failed: r.deliveries.length - delivered,
  };
}

/** Addresses and SES's reasons (which may quote them) to compliance officers only; the hash to everyone. */
async function detailOf(r: MonthlyReportRecord, role: Role) {
  const officer = role === 'compliance-officer';
  return {
    tenantId: r.tenantId,
    ...summaryOf(r),
    deliveries: r.deliveries.map(({ email, reason, messageId: _id, ...d }) => ({
      ...d,
      ...(officer ? { email } : {}),
      ...(officer && reason !== undefined ? { reason } : {}),
    })),
    files: r.files.map(({ path, contentType, bytes, sha256 }) => ({ path, contentType, bytes, sha256 })),
    links: r.state === 'archived' ? await reports().links(r) : [],
  };
}

const listReports = apiHandler(listReportsRoute, async ({ path, query }) => {
  const { tenantId } = path;
  const secret = await cursorSecret();
  const scope = { tenantId, list: LIST };
  const after = decodeCursor(secret, scope, query.cursor)?.after;
  const page = await reports().list(tenantId, query.limit, typeof after === 'string' ? after : undefined);
  return {
    body: {
      tenantId,
      reports: page.reports.map(summaryOf),
      ...(page.next === undefined ? {} : { nextCursor: encodeCursor(secret, scope, { after: page.next }) }),
    },
  };
});

const getReport = apiHandler(getReportRoute, async ({ path, role }) => {
  const report = await reports().report(path.tenantId, path.month);
  if (report === undefined) throw new NotFoundError('No report of this month for this tenant');
  return { body: await detailOf(report, role), headers: { 'cache-control': 'no-store' } };
});

const produceReport = apiHandler(produceReportRoute, async ({ path, body, principal, role, requestId, now }) => {
  try {
    const { outcome, report } = await reports().produce(path.tenantId, path.month, {
      force: body.force,
      actor: principal.subject,
      actorRole: role,
      requestId,
      now,
    });
    const detail = await detailOf(report, role);
    const evidence = report.ledgerSequence === undefined ? null : { sequence: report.ledgerSequence };
    if (outcome === 'produced') return { status: 201, body: detail, evidence };
    if (outcome === 'redelivered') return { status: 200, body: detail, evidence };
    return { status: 200, body: detail, evidence: null, headers: { 'idempotent-replayed': 'true' } };
  } catch (error) {
    if (error instanceof MonthNotEndedError) throw new UnprocessableContentError(error.message);
    if (error instanceof ReportConflictError) throw new ConflictError(error.message);
    throw error;
  }
});

/** Serves the monthly reports: the list, one with its download links, and producing one now. */
export const handler = apiRoutes([listReports, getReport, produceReport]);
