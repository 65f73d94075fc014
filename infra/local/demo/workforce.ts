/**
 * Demo workforce data (issue 10, ISO18295.md §2.3): every agent the simulated contacts name is onboarded and holds
 * the courses of the tenant's demo agreement (agreements.ts), with three stories a compliance officer should find
 * straight after `npm start`:
 * - one agent per tenant starts on the 1st of the demo month and takes contacts before their induction is
 *   completed on the 5th: those contacts are competence violations (P1-HR-INDUCTION);
 * - one agent per tenant lets a mandatory course lapse on the 22nd and does not renew it (`competence=expired`);
 * - two agents per tenant hold a course that lapses within the agreement's warning window after `now`
 *   (`competence=expiring`).
 * Onboarding and training records go on the bus before the month's contacts, so the cross-check of each contact
 * (shared/app/agent-competence.ts) already sees them; QA evaluations of the month's contacts go after them.
 */
import type { ContactCompletedDetail } from '../../../events/telephony.js';
import {
  AgentOnboarded,
  type AgentOnboardedDetail,
  QaEvaluationCompleted,
  type QaEvaluationCompletedDetail,
  TrainingCompleted,
  type TrainingCompletedDetail,
} from '../../../events/workforce.js';
import { AgreementInput } from '../../../shared/domain/agreement/agreement-schema.js';
import { addDays, lastDayOfMonth } from '../../../shared/domain/calendar/calendar-date.js';
import { startOfLocalDay } from '../../../shared/domain/calendar/zoned-time.js';
import {
  type CompetenceRequirements,
  type CourseRequirement,
  competenceRequirements,
} from '../../../shared/domain/competence/competence-requirements.js';
import { DEFAULT_DEMO_AGREEMENTS, type DemoAgreement } from './agreements.js';
import { zonedFormatter } from './contacts.js';
import { createRandom, type Random } from './random.js';
import { type DemoAgent, demoAgents } from './roster.js';
import type { BusEvent } from './send.js';
import { simulateMonth } from './simulator.js';
import type { DemoTenant } from './tenant-model.js';
import { DEFAULT_DEMO_TENANTS } from './tenants.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** The late agent's (last) induction is completed on this day of the demo month, at {@link LATE_INDUCTION_TIME}. */
export const LATE_INDUCTION_DAY = 5;
const LATE_INDUCTION_TIME = 7 * 60 + 30;
/** The lapsing agent's mandatory course lapses on this day of the demo month, in the afternoon. */
export const LAPSE_DAY = 22;
/** Days after `now` the expiring agents' courses lapse: both inside a 30-day warning window. */
const EXPIRING_IN_DAYS = [9, 23] as const;

/** One tenant's workforce for the demo month, and the agents its stories are about. */
export interface DemoWorkforce {
  tenantId: string;
  requirements: CompetenceRequirements;
  onboardings: AgentOnboardedDetail[];
  trainings: TrainingCompletedDetail[];
  evaluations: QaEvaluationCompletedDetail[];
  /** Onboarded on the 1st, (last) induction completed on the {@link LATE_INDUCTION_DAY}th. */
  lateInduction: { agentId: string; inductedAt: string };
  /** A mandatory course that lapses during the demo month, never renewed. */
  lapsing: { agentId: string; requirementId: string; lapsesAt: string };
  /** Courses lapsing within the warning window after `now`. */
  expiring: { agentId: string; requirementId: string; lapsesAt: string }[];
}

export interface DemoWorkforceOptions {
  month: string;
  seed: string;
  now: Date;
  tenants?: readonly DemoTenant[];
  agreements?: readonly DemoAgreement[];
}

/** A tenant's local clock: instants of local dates and times, formatted with the zone's offset. */
interface LocalClock {
  at(date: string, minuteOfDay: number): number;
  format(instantMs: number): string;
}

const localClock = (timeZone: string): LocalClock => ({
  at: (date, minuteOfDay) => startOfLocalDay(date, timeZone) + minuteOfDay * MINUTE_MS,
  format: zonedFormatter(timeZone),
});

let simulated: { key: string; contacts: ContactCompletedDetail[] } | undefined;

/** The month's handled contacts, simulated once per month and seed (the simulator is pure, and takes a while). */
function handledContacts(month: string, seed: string): ContactCompletedDetail[] {
  const key = `${month}|${seed}`;
  if (simulated?.key !== key) {
    const contacts = simulateMonth({ month, seed }).filter(
      (c) => c.outcome === 'handled' && c.agentId !== undefined && c.answeredAt !== undefined,
    );
    simulated = { key, contacts };
  }
  return simulated.contacts;
}

/** The course an agent takes for a requirement: the one it names, else the tenant's course of that category. */
function courseIdOf(tenant: DemoTenant, requirement: CourseRequirement): string {
  return requirement.courseId ?? `${tenant.contactIdPrefix}-${requirement.category}`;
}

const HOURS: Record<string, number> = { induction: 21, 'data-protection': 2, pci: 1.5 };

/**
 * Every demo tenant's workforce for `month`: deterministic for a seed, dated relative to `now` only where a story
 * needs it (the expiring courses).
 *
 * @throws RangeError when a tenant has no demo agreement
 */
export function demoWorkforce(options: DemoWorkforceOptions): DemoWorkforce[] {
  const { month, seed, now, tenants = DEFAULT_DEMO_TENANTS, agreements = DEFAULT_DEMO_AGREEMENTS } = options;
  const contacts = handledContacts(month, seed);
  const root = createRandom(seed).fork('workforce');
  return tenants.map((tenant) => {
    const agreement = agreements.find((a) => a.tenantId === tenant.tenantId);
    if (agreement === undefined) throw new RangeError(`no demo agreement for ${tenant.tenantId}`);
    const training = AgreementInput.parse(agreement.body(month)).training;
    if (training === undefined) throw new RangeError(`the demo agreement of ${tenant.tenantId} states no training`);
    const mine = contacts.filter((c) => c.tenantId === tenant.tenantId);
    return tenantWorkforce(tenant, competenceRequirements(training), mine, month, now, root.fork(tenant.tenantId));
  });
}

function tenantWorkforce(
  tenant: DemoTenant,
  requirements: CompetenceRequirements,
  contacts: readonly ContactCompletedDetail[],
  month: string,
  now: Date,
  random: Random,
): DemoWorkforce {
  const clock = localClock(tenant.timeZone);
  const monthStart = clock.at(`${month}-01`, 0);
  const inductions = requirements.courses.filter((c) => c.kind === 'induction');
  const mandatory = requirements.courses.filter((c) => c.kind === 'mandatory');
  const agents = demoAgents(tenant);
  const inductedAt = clock.at(`${month}-${String(LATE_INDUCTION_DAY).padStart(2, '0')}`, LATE_INDUCTION_TIME);
  const lapsesAt = clock.at(`${month}-${LAPSE_DAY}`, 14 * 60 + 30);
  const answered = new Map<string, number[]>();
  for (const c of contacts) answered.set(c.agentId!, [...(answered.get(c.agentId!) ?? []), Date.parse(c.answeredAt!)]);
  const answeredBy = (agentId: string, from: number, to: number) =>
    (answered.get(agentId) ?? []).filter((at) => at >= from && at < to).length;

  // The late starter is the voice agent with the most contacts before the induction, so the violations are many.
  const voice = agents.filter((a) => a.channel === 'voice');
  const late = [...voice].sort(
    (a, b) =>
      answeredBy(b.agentId, monthStart, inductedAt) - answeredBy(a.agentId, monthStart, inductedAt) ||
      a.agentId.localeCompare(b.agentId),
  )[0];
  if (late === undefined || answeredBy(late.agentId, monthStart, inductedAt) === 0) {
    throw new RangeError(`${tenant.tenantId}: no voice agent takes contacts before day ${LATE_INDUCTION_DAY}`);
  }
  const stories = random.fork('stories');
  const lapsing = stories.pick(
    voice.filter((a) => a !== late && answeredBy(a.agentId, lapsesAt, Number.POSITIVE_INFINITY) >= 3),
  );
  const lapsingCourse = mandatory[mandatory.length - 1]!;
  const others = agents.filter((a) => a !== late && a !== lapsing);
  const expiring = EXPIRING_IN_DAYS.map((days, i) => {
    const agent = others.splice(Math.floor(stories.next() * others.length), 1)[0]!;
    return { agent, requirement: mandatory[i % mandatory.length]!, until: now.getTime() + days * DAY_MS };
  });

  const onboardings: AgentOnboardedDetail[] = [];
  const trainings: TrainingCompletedDetail[] = [];
  const record = (agent: DemoAgent, requirement: CourseRequirement, completedAt: number, r: Random) => {
    const courseId = courseIdOf(tenant, requirement);
    const completed = clock.format(completedAt);
    // Data-protection certificates state their end; other courses last the agreement's refresh interval.
    const validUntil =
      requirement.category === 'data-protection' && requirement.refreshIntervalDays !== undefined
        ? clock.format(completedAt + requirement.refreshIntervalDays * DAY_MS)
        : undefined;
    trainings.push({
      schemaVersion: 1,
      tenantId: tenant.tenantId,
      centerId: agent.centerId,
      occurredAt: completed,
      trainingRecordId: `lms-${tenant.contactIdPrefix}-${agent.agentId}-${courseId}-${completed.slice(0, 10).replaceAll('-', '')}`,
      agentId: agent.agentId,
      courseId,
      category: requirement.category,
      hours: HOURS[requirement.category] ?? 3,
      completedAt: completed,
      ...(validUntil === undefined ? {} : { validUntil }),
      passed: true,
      score: r.int(72, 100),
    });
  };

  for (const agent of agents) {
    const r = random.fork(agent.agentId);
    const story = expiring.find((e) => e.agent === agent);
    const isLate = agent === late;
    // Agents whose course lapses about a year after they took it have been here longer than that.
    const tenureDays = agent === lapsing || story !== undefined ? r.int(420, 1_100) : r.int(75, 1_100);
    const startDate = isLate ? `${month}-01` : addDays(`${month}-01`, -tenureDays);
    const startedAt = clock.at(startDate, isLate ? 0 : 9 * 60);
    onboardings.push({
      schemaVersion: 1,
      tenantId: tenant.tenantId,
      centerId: agent.centerId,
      occurredAt: clock.format(startedAt),
      agentId: agent.agentId,
      startedAt: clock.format(startedAt),
      languages: languagesOf(tenant, r),
      services: [agent.queue],
    });
    // The late starter did the centre's e-learning the day before; their (last) induction only on the 5th.
    const dayBefore = clock.at(addDays(startDate, -1), 15 * 60);
    const inducted = isLate ? dayBefore : startedAt + r.int(2, 9) * DAY_MS + 7 * 3_600_000;
    inductions.forEach((requirement, i) => {
      record(agent, requirement, isLate && i === inductions.length - 1 ? inductedAt : inducted, r);
    });
    for (const requirement of mandatory) {
      const completedAt =
        agent === lapsing && requirement === lapsingCourse
          ? lapsesAt - (requirement.refreshIntervalDays ?? 365) * DAY_MS
          : story?.requirement === requirement
            ? story.until - (requirement.refreshIntervalDays ?? 365) * DAY_MS
            : isLate
              ? dayBefore
              : currentCompletion(monthStart, now, inducted, requirement, r);
      record(agent, requirement, completedAt, r);
    }
  }
  onboardings.sort(byInstant((d) => d.startedAt));
  trainings.sort(byInstant((d) => d.completedAt));
  const format = (ms: number) => clock.format(ms);
  return {
    tenantId: tenant.tenantId,
    requirements,
    onboardings,
    trainings,
    evaluations: evaluationsOf(tenant, agents, contacts, month, requirements, clock, random.fork('qa')),
    lateInduction: { agentId: late.agentId, inductedAt: format(inductedAt) },
    lapsing: { agentId: lapsing.agentId, requirementId: lapsingCourse.requirementId, lapsesAt: format(lapsesAt) },
    expiring: expiring.map((e) => ({
      agentId: e.agent.agentId,
      requirementId: e.requirement.requirementId,
      lapsesAt: format(e.until),
    })),
  };
}

/**
 * A mandatory course taken 2 to 10 months before the demo month (at induction for newer agents), yet never so long
 * ago that it would lapse within the warning window after `now`: only the story agents expire.
 */
function currentCompletion(
  monthStart: number,
  now: Date,
  inducted: number,
  requirement: CourseRequirement,
  r: Random,
): number {
  const validity = (requirement.refreshIntervalDays ?? 365) * DAY_MS;
  const earliest = now.getTime() + 60 * DAY_MS - validity;
  const drawn = monthStart - r.int(60, 300) * DAY_MS + r.int(9, 16) * 3_600_000;
  return Math.max(drawn, earliest, inducted);
}

/** The tenant's main language for everyone; a second one for some. */
function languagesOf(tenant: DemoTenant, r: Random): string[] {
  const [main, ...rest] = [...tenant.languages].sort((a, b) => b.weight - a.weight).map((l) => l.tag);
  const second = rest.find(() => r.chance(0.25));
  return second === undefined ? [main!] : [main!, second];
}

/**
 * 3 to 6 QA evaluations per agent in the month, of contacts they handled (evaluated within a day, before the month
 * ends): about one agent in five gets fewer than the agreement's minimum, and about one evaluation in twenty fails
 * a critical criterion.
 */
function evaluationsOf(
  tenant: DemoTenant,
  agents: readonly DemoAgent[],
  contacts: readonly ContactCompletedDetail[],
  month: string,
  requirements: CompetenceRequirements,
  clock: LocalClock,
  random: Random,
): QaEvaluationCompletedDetail[] {
  const monthEnd = clock.at(addDays(lastDayOfMonth(month), 1), 0);
  const minimum = Math.min(6, Math.max(4, requirements.minQaEvaluationsPerMonth));
  const evaluations: Omit<QaEvaluationCompletedDetail, 'evaluationId'>[] = [];
  for (const agent of agents) {
    const r = random.fork(agent.agentId);
    const count = r.chance(0.2) ? r.int(3, minimum - 1) : r.int(minimum, 6);
    const pool = contacts.filter((c) => c.agentId === agent.agentId && Date.parse(c.endedAt) < monthEnd - DAY_MS);
    for (let i = 0; i < count; i += 1) {
      const contact = pool.length === 0 ? undefined : pool.splice(Math.floor(r.next() * pool.length), 1)[0];
      const at =
        contact === undefined
          ? clock.at(`${month}-${String(r.int(2, 27)).padStart(2, '0')}`, r.int(10 * 60, 17 * 60))
          : Date.parse(contact.endedAt) + r.int(60, 23 * 60) * MINUTE_MS;
      const criticalFail = r.chance(0.05);
      const score = criticalFail ? r.int(30, 65) : Math.round(Math.min(100, Math.max(50, 83 + 7 * r.normal())));
      evaluations.push({
        schemaVersion: 1,
        tenantId: tenant.tenantId,
        centerId: agent.centerId,
        occurredAt: clock.format(Math.min(at, monthEnd - MINUTE_MS)),
        agentId: agent.agentId,
        ...(contact === undefined ? {} : { contactId: contact.contactId }),
        score,
        criticalFail,
        evaluatorId: `qa-${agent.centerId}-${r.int(1, 3)}`,
      });
    }
  }
  evaluations.sort(byInstant((d) => d.occurredAt));
  const prefix = `${tenant.contactIdPrefix}-qa-${month.replace('-', '')}`;
  return evaluations.map(({ agentId, ...rest }, i) => ({
    ...rest,
    evaluationId: `${prefix}-${String(i + 1).padStart(4, '0')}`,
    agentId,
  }));
}

function byInstant<T>(instantOf: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => Date.parse(instantOf(a)) - Date.parse(instantOf(b));
}

/** Interleaves the tenants' events in time order (a stable sort keeps each tenant's order on ties). */
function inTimeOrder<T extends { occurredAt: string }>(lists: readonly T[][]): T[] {
  return lists.flat().sort(byInstant((d) => d.occurredAt));
}

/** Onboarding first, then every training record in the order completed: all before the month's contacts. */
export function workforceEvents(workforce: readonly DemoWorkforce[]): BusEvent[] {
  return [
    ...inTimeOrder(workforce.map((w) => w.onboardings)).map((detail) => busEvent(AgentOnboarded, detail)),
    ...inTimeOrder(workforce.map((w) => w.trainings)).map((detail) => busEvent(TrainingCompleted, detail)),
  ];
}

/** The month's QA evaluations, in the order they were made. */
export function qaEvaluationEvents(workforce: readonly DemoWorkforce[]): BusEvent[] {
  return inTimeOrder(workforce.map((w) => w.evaluations)).map((detail) => busEvent(QaEvaluationCompleted, detail));
}

function busEvent(type: { source: string; detailType: string }, detail: { occurredAt: string }): BusEvent {
  return { source: type.source, detailType: type.detailType, detail };
}

/** What `npm start` could print about the demo's workforce: the agents each story is about. */
export function describeDemoWorkforce(workforce: readonly DemoWorkforce[]): string[] {
  return workforce.map(
    (w) =>
      `  ${w.tenantId}: ${w.onboardings.length} agents; ${w.lateInduction.agentId} took contacts before induction ` +
      `(${w.lateInduction.inductedAt}); ${w.lapsing.agentId} ${w.lapsing.requirementId} lapsed ${w.lapsing.lapsesAt}; ` +
      `expiring: ${w.expiring.map((e) => e.agentId).join(', ')}`,
  );
}
