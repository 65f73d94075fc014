import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import { cursorSecret } from '../../shared/adapters/cursor-secret.js';
import type { CompetenceViolation } from '../../shared/app/agent-competence.js';
import type { AgreementVersion } from '../../shared/domain/agreement/agreement-schema.js';
import { versionInForceAt } from '../../shared/domain/agreement/agreement-versions.js';
import { localDate } from '../../shared/domain/calendar/zoned-time.js';
import type { AgentProfile } from '../../shared/domain/competence/agent-profile.js';
import { type CompetenceMatrix, competenceMatrix } from '../../shared/domain/competence/assess-competence.js';
import { competenceRequirements } from '../../shared/domain/competence/competence-requirements.js';
import { apiHandler } from '../../shared/http/api-handler.js';
import { apiRoutes } from '../../shared/http/api-routes.js';
import { decodeCursor, encodeCursor } from '../../shared/http/cursor.js';
import { NotFoundError } from '../../shared/http/problem.js';
import { loadConfig, once } from '../../shared/runtime/config.js';
import { AgentRepository } from '../../shared/store/agent-repository.js';
import { AgreementRepository } from '../../shared/store/agreement-repository.js';
import { type COMPETENCE_FILTERS, getAgentRoute, listAgentsRoute } from './route.js';

// Read at cold start: a missing or malformed variable fails the init, not a request.
const config = loadConfig();

const deps = once(() => {
  const db = createDocumentClient(config, { tenantScoped: true });
  return {
    agents: new AgentRepository(db, config.tableName),
    agreements: new AgreementRepository(db, config.tableName),
  };
});

const LIST = 'agents';
/** Profiles read per query while filtering: a filter that matches few agents still reads the tenant in few calls. */
const FILTER_PAGE = 100;
/** Violations the matrix shows, newest first. */
const MAX_VIOLATIONS = 100;

type Filter = (typeof COMPETENCE_FILTERS)[number];

/** What the requirements of the agreement in force now are, and the tenant-local month. */
function competenceContext(tenantId: string, versions: AgreementVersion[], now: Date) {
  const agreement = versionInForceAt(tenantId, versions, now);
  return {
    agreement,
    requirements: competenceRequirements(agreement.training),
    month: localDate(now, agreement.timeZone.value).slice(0, 7),
  };
}

type Context = ReturnType<typeof competenceContext>;

function statusOf(profile: AgentProfile, matrix: CompetenceMatrix, now: Date) {
  if (matrix.active) return 'active' as const;
  if (profile.leftAt !== undefined && Date.parse(profile.leftAt) <= now.getTime()) return 'left' as const;
  return 'not-onboarded' as const;
}

function lapses(matrix: CompetenceMatrix, status: 'expiring' | 'expired') {
  return matrix.requirements
    .filter((r) => r.status === status)
    .map((r) => ({ requirementId: r.requirementId, validUntil: r.validUntil as string }));
}

function summary(profile: AgentProfile, context: Context, openViolations: number, now: Date) {
  const matrix = competenceMatrix(profile, context.requirements, now, context.month);
  const { qa } = matrix;
  return {
    matrix,
    view: {
      agentId: profile.agentId,
      ...(profile.centerId === undefined ? {} : { centerId: profile.centerId }),
      status: statusOf(profile, matrix, now),
      ...(profile.startedAt === undefined ? {} : { startedAt: profile.startedAt }),
      ...(profile.leftAt === undefined ? {} : { leftAt: profile.leftAt }),
      languages: profile.languages,
      inducted: matrix.inducted,
      expiring: lapses(matrix, 'expiring'),
      expired: lapses(matrix, 'expired'),
      missing: matrix.missing,
      qa: { month: qa.month, count: qa.count, required: qa.required, met: qa.met },
      openViolations,
    },
  };
}

type Summary = ReturnType<typeof summary>['view'];

function matches(filter: Filter, agent: Summary): boolean {
  if (filter === 'all') return true;
  if (agent.status === 'left') return false;
  if (filter === 'expiring') return agent.expiring.length > 0;
  if (filter === 'expired') return agent.expired.length > 0;
  return !agent.inducted || agent.openViolations > 0;
}

function openByAgent(violations: CompetenceViolation[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of violations) counts.set(v.agentId, (counts.get(v.agentId) ?? 0) + 1);
  return counts;
}

/**
 * Reads the tenant's agents by agent id from `after` until `limit` of them match the filter or the agents end;
 * `last` is the last agent read (the next page starts after it), absent when none are left.
 */
async function matchingAgents(
  tenantId: string,
  filter: Filter,
  limit: number,
  after: string | undefined,
  toSummary: (profile: AgentProfile) => Summary,
): Promise<{ agents: Summary[]; last?: string }> {
  const agents: Summary[] = [];
  let cursor = after;
  for (;;) {
    const page = await deps().agents.page(tenantId, filter === 'all' ? limit : FILTER_PAGE, cursor);
    for (const [i, profile] of page.profiles.entries()) {
      cursor = profile.agentId;
      const agent = toSummary(profile);
      if (matches(filter, agent)) agents.push(agent);
      const more = i < page.profiles.length - 1 || page.next !== undefined;
      if (agents.length === limit) return more ? { agents, last: cursor } : { agents };
    }
    if (page.next === undefined) return { agents };
  }
}

const listAgents = apiHandler(listAgentsRoute, async ({ path, query, now }) => {
  const { tenantId } = path;
  const secret = await cursorSecret();
  const scope = { tenantId, list: `${LIST}:${query.competence}` };
  const after = decodeCursor(secret, scope, query.cursor)?.after;
  const [versions, open] = await Promise.all([
    deps().agreements.versions(tenantId),
    deps().agents.tenantViolations(tenantId, 'open'),
  ]);
  const context = competenceContext(tenantId, versions, now);
  const counts = openByAgent(open);
  const { agents, last } = await matchingAgents(
    tenantId,
    query.competence,
    query.limit,
    typeof after === 'string' ? after : undefined,
    (profile) => summary(profile, context, counts.get(profile.agentId) ?? 0, now).view,
  );
  return {
    body: {
      tenantId,
      competence: query.competence,
      agents,
      ...(last === undefined ? {} : { nextCursor: encodeCursor(secret, scope, { after: last }) }),
    },
  };
});

function requirementsOrigin(agreement: AgreementVersion) {
  const t = agreement.training;
  return {
    agreementVersion: agreement.version,
    inductionBeforeLive: t.inductionBeforeLive.origin,
    inductionCourses: t.inductionCourses.origin,
    mandatoryCourses: t.mandatoryCourses.origin,
    refresherIntervalDays: t.refresherIntervalDays.origin,
    languagesByChannel: t.languagesByChannel.origin,
    minQaEvaluationsPerMonth: t.minQaEvaluationsPerMonth.origin,
    expiryWarningDays: t.expiryWarningDays.origin,
  };
}

function qaHistory(profile: AgentProfile) {
  return Object.entries(profile.qa)
    .sort(([a], [b]) => b.localeCompare(a))
    .map(([month, m]) => ({
      month,
      count: m.count,
      averageScore: m.count === 0 ? null : Math.round((m.scoreSum / m.count) * 10) / 10,
    }));
}

function violationView(v: CompetenceViolation) {
  return {
    contactId: v.contactId,
    channel: v.channel,
    queue: v.queue,
    answeredAt: v.answeredAt,
    gaps: v.gaps,
    status: v.status,
    recordedAt: v.recordedAt,
    ...(v.clearedAt === undefined ? {} : { clearedAt: v.clearedAt }),
  };
}

const getAgent = apiHandler(getAgentRoute, async ({ path, now }) => {
  const { tenantId, agentId } = path;
  const [stored, versions, violations] = await Promise.all([
    deps().agents.profile(tenantId, agentId),
    deps().agreements.versions(tenantId),
    deps().agents.violations(tenantId, agentId),
  ]);
  if (stored === undefined) throw new NotFoundError('No such agent for this tenant');
  const { profile } = stored;
  const context = competenceContext(tenantId, versions, now);
  const openViolations = violations.filter((v) => v.status === 'open').length;
  const { matrix, view } = summary(profile, context, openViolations, now);
  return {
    body: {
      tenantId,
      ...view,
      qa: matrix.qa,
      requirements: matrix.requirements,
      requirementsOrigin: requirementsOrigin(context.agreement),
      languagesRequired: context.requirements.languagesByChannel,
      qaHistory: qaHistory(profile),
      trainings: profile.trainings,
      violations: violations.slice().reverse().slice(0, MAX_VIOLATIONS).map(violationView),
    },
  };
});

/** Serves the tenant's agent list and each agent's competence matrix from one function. */
export const handler = apiRoutes([listAgents, getAgent]);
