import { randomUUID } from 'node:crypto';
import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import { cursorSecret } from '../../shared/adapters/cursor-secret.js';
import {
  correctiveStepOf,
  NonconformityNotFoundError,
  RecordCorrectiveStep,
} from '../../shared/app/quality-records.js';
import { versionInForceAt } from '../../shared/domain/agreement/agreement-versions.js';
import { localDate } from '../../shared/domain/calendar/zoned-time.js';
import { isOverdue, NonconformityStepError } from '../../shared/domain/quality/nonconformity-workflow.js';
import type { Nonconformity } from '../../shared/domain/quality/quality-records.js';
import { apiHandler } from '../../shared/http/api-handler.js';
import { apiRoutes } from '../../shared/http/api-routes.js';
import { decodeCursor, encodeCursor } from '../../shared/http/cursor.js';
import { ConflictError, NotFoundError } from '../../shared/http/problem.js';
import { loadConfig, once } from '../../shared/runtime/config.js';
import { AgreementRepository } from '../../shared/store/agreement-repository.js';
import { DynamoLedgerRepository } from '../../shared/store/ledger-repository.js';
import { type NonconformityLifecycle, QualityRepository } from '../../shared/store/quality-repository.js';
import {
  getNonconformityRoute,
  listAuditsRoute,
  listNonconformitiesRoute,
  type NONCONFORMITY_FILTERS,
  recordCorrectiveStepRoute,
} from './route.js';

// Read at cold start: a missing or malformed variable fails the init, not a request.
const config = loadConfig();

const deps = once(() => {
  const db = createDocumentClient(config, { tenantScoped: true });
  const quality = new QualityRepository(db, config.tableName);
  return {
    quality,
    agreements: new AgreementRepository(db, config.tableName),
    // The step and its ledger entry are written in one transaction.
    steps: new RecordCorrectiveStep(quality, new DynamoLedgerRepository(db, config.tableName)),
  };
});

/** The tenant's local date at `now`, in the time zone of the agreement in force: what "overdue" is counted in. */
async function todayOf(tenantId: string, now: Date): Promise<string> {
  const versions = await deps().agreements.versions(tenantId);
  return localDate(now, versionInForceAt(tenantId, versions, now).timeZone.value);
}

function summaryOf(nc: Nonconformity, today: string) {
  const { tenantId: _tenant, steps: _steps, ...fields } = nc;
  return { ...fields, overdue: isOverdue(nc, today) };
}

function detailOf(nc: Nonconformity, today: string) {
  return { tenantId: nc.tenantId, ...summaryOf(nc, today), steps: nc.steps };
}

type Filter = (typeof NONCONFORMITY_FILTERS)[number];

/** The lifecycle partitions a filter lists, in order; `overdue` reads the open ones and keeps those overdue. */
const PARTS: Record<Filter, readonly NonconformityLifecycle[]> = {
  all: ['open', 'closed'],
  open: ['open'],
  overdue: ['open'],
  closed: ['closed'],
};

/** Where an open nonconformity sorts in its partition (shared/store/quality-repository.ts): soonest due first. */
const openSortKey = (nc: Nonconformity) => `${nc.dueOn ?? '9999'}#${nc.nonconformityId}`;

/**
 * The overdue ones after `after`, in the open partition's order. Open nonconformities are few (tens, not thousands),
 * so the whole partition is read and filtered, as an action's due date is not in the index.
 */
async function overduePage(tenantId: string, today: string, limit: number, after: string | undefined) {
  const open = await deps().quality.nonconformities(tenantId, { status: 'open' });
  const overdue = open.filter((nc) => isOverdue(nc, today) && (after === undefined || openSortKey(nc) > after));
  const page = overdue.slice(0, limit);
  const last = page.at(-1);
  return { nonconformities: page, next: overdue.length > limit && last !== undefined ? openSortKey(last) : undefined };
}

const listNonconformities = apiHandler(listNonconformitiesRoute, async ({ path, query, now }) => {
  const { tenantId } = path;
  const secret = await cursorSecret();
  const scope = { tenantId, list: `nonconformities:${query.status}` };
  const start = decodeCursor(secret, scope, query.cursor);
  const today = await todayOf(tenantId, now);
  const parts = PARTS[query.status];
  let part = typeof start?.part === 'number' ? start.part : 0;
  let after = typeof start?.after === 'string' ? start.after : undefined;
  const found: Nonconformity[] = [];
  let next: { part: number; after?: string } | undefined;
  while (part < parts.length && found.length < query.limit) {
    const lifecycle = parts[part] as NonconformityLifecycle;
    const page =
      query.status === 'overdue'
        ? await overduePage(tenantId, today, query.limit - found.length, after)
        : await deps().quality.page(tenantId, lifecycle, query.limit - found.length, after);
    found.push(...page.nonconformities);
    if (page.next !== undefined) {
      next = { part, after: page.next };
      break;
    }
    part++;
    after = undefined;
    // The limit reached at the end of a partition: the next page starts with the next partition.
    if (found.length === query.limit && part < parts.length) next = { part };
  }
  const nextCursor = next === undefined ? undefined : encodeCursor(secret, scope, next);
  return {
    body: {
      tenantId,
      status: query.status,
      nonconformities: found.map((nc) => summaryOf(nc, today)),
      ...(nextCursor === undefined ? {} : { nextCursor }),
    },
  };
});

const getNonconformity = apiHandler(getNonconformityRoute, async ({ path, now }) => {
  const { tenantId, nonconformityId } = path;
  const [nc, today] = await Promise.all([
    deps().quality.nonconformity(tenantId, nonconformityId),
    todayOf(tenantId, now),
  ]);
  if (nc === undefined) throw new NotFoundError('No such nonconformity for this tenant');
  return { body: detailOf(nc, today) };
});

const recordCorrectiveStep = apiHandler(
  recordCorrectiveStepRoute,
  async ({ path, body, principal, role, requestId, now }) => {
    const { tenantId, nonconformityId } = path;
    const { stepId, occurredAt, ...fields } = body;
    const step = {
      ...correctiveStepOf(fields),
      stepId: stepId ?? randomUUID(),
      recordedBy: principal.subject,
      recordedAt: now.toISOString(),
      occurredAt: occurredAt ?? now.toISOString(),
    };
    try {
      const { outcome, record, entry } = await deps().steps.record(tenantId, nonconformityId, step, {
        actor: principal.subject,
        actorRole: role,
        requestId,
      });
      const detail = detailOf(record, await todayOf(tenantId, now));
      return outcome === 'applied'
        ? { status: 201, body: detail, evidence: entry ?? null }
        : { status: 200, body: detail, evidence: null, headers: { 'idempotent-replayed': 'true' } };
    } catch (error) {
      if (error instanceof NonconformityNotFoundError) throw new NotFoundError('No such nonconformity for this tenant');
      if (error instanceof NonconformityStepError) throw new ConflictError(error.message);
      throw error;
    }
  },
);

const listAudits = apiHandler(listAuditsRoute, async ({ path, query }) => {
  const { tenantId } = path;
  const audits = await deps().quality.audits(tenantId, query);
  return { body: { tenantId, audits: audits.map(({ tenantId: _tenant, ...audit }) => audit) } };
});

/** Serves the quality records: nonconformities (lists, one, a corrective step recorded) and the audits. */
export const handler = apiRoutes([listNonconformities, getNonconformity, recordCorrectiveStep, listAudits]);
