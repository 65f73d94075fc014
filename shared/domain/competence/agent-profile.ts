/**
 * An agent's competence record for one tenant, folded from the workforce events (events/workforce.ts) in any
 * order: the same events give the same profile whatever order they arrive in. Pure; shared/store keeps one profile
 * item per agent and tenant.
 */
import type { Channel } from '../../../events/telephony.js';
import type { TrainingCategory } from '../../../events/workforce.js';

/** One completed course, as the profile keeps it. */
export interface TrainingRecord {
  trainingRecordId: string;
  courseId: string;
  category: TrainingCategory;
  hours: number;
  completedAt: string;
  validUntil?: string;
  passed: boolean;
  score?: number;
}

/** QA evaluations of one tenant-local month. */
export interface QaMonth {
  count: number;
  scoreSum: number;
  criticalFails: number;
}

export interface AgentProfile {
  tenantId: string;
  agentId: string;
  centerId?: string;
  /** Latest onboarding: when the agent started working for the tenant. */
  startedAt?: string;
  /** Set when the agent left after the latest onboarding. */
  leftAt?: string;
  languages: string[];
  services?: string[];
  /** Every course record, oldest completion first. */
  trainings: TrainingRecord[];
  /** QA evaluations per tenant-local month (`yyyy-mm`), the last {@link QA_MONTHS_KEPT} months with any. */
  qa: Record<string, QaMonth>;
  /** Channels the agent has handled contacts on, as contacts have shown. */
  channels?: Channel[];
}

/** QA months kept in a profile: a year and the month before it, enough for any monthly report. */
export const QA_MONTHS_KEPT = 13;

export function emptyProfile(tenantId: string, agentId: string): AgentProfile {
  return { tenantId, agentId, languages: [], trainings: [], qa: {} };
}

/** An agent starts (or starts again) working for the tenant; an earlier onboarding is superseded by a later one. */
export function withOnboarding(
  profile: AgentProfile,
  event: { centerId: string; startedAt: string; languages: string[]; services?: string[] },
): AgentProfile {
  if (profile.startedAt !== undefined && Date.parse(profile.startedAt) > Date.parse(event.startedAt)) return profile;
  const { leftAt, ...rest } = profile;
  // A departure after this start still stands (it arrived first); one before it belongs to an earlier employment.
  const stillLeft = leftAt !== undefined && Date.parse(leftAt) > Date.parse(event.startedAt);
  return {
    ...rest,
    centerId: event.centerId,
    startedAt: event.startedAt,
    languages: [...new Set(event.languages)],
    ...(event.services === undefined ? {} : { services: [...new Set(event.services)] }),
    ...(stillLeft ? { leftAt } : {}),
  };
}

/** The agent stops working for the tenant; a departure before the latest start belongs to an earlier employment. */
export function withDeparture(profile: AgentProfile, leftAt: string): AgentProfile {
  if (profile.startedAt !== undefined && Date.parse(leftAt) < Date.parse(profile.startedAt)) return profile;
  if (profile.leftAt !== undefined && Date.parse(profile.leftAt) >= Date.parse(leftAt)) return profile;
  return { ...profile, leftAt };
}

/** Adds a course record (once: a record already held is left as it is). */
export function withTraining(profile: AgentProfile, record: TrainingRecord): AgentProfile {
  if (profile.trainings.some((t) => t.trainingRecordId === record.trainingRecordId)) return profile;
  const trainings = [...profile.trainings, record].sort(
    (a, b) =>
      Date.parse(a.completedAt) - Date.parse(b.completedAt) || a.trainingRecordId.localeCompare(b.trainingRecordId),
  );
  return { ...profile, trainings };
}

/** Counts a QA evaluation in its tenant-local month; the caller makes it once (by `evaluationId`). */
export function withQaEvaluation(
  profile: AgentProfile,
  month: string,
  evaluation: { score: number; criticalFail: boolean },
): AgentProfile {
  const previous = profile.qa[month] ?? { count: 0, scoreSum: 0, criticalFails: 0 };
  const qa = {
    ...profile.qa,
    [month]: {
      count: previous.count + 1,
      scoreSum: previous.scoreSum + evaluation.score,
      criticalFails: previous.criticalFails + (evaluation.criticalFail ? 1 : 0),
    },
  };
  const kept = Object.keys(qa).sort().slice(-QA_MONTHS_KEPT);
  return { ...profile, qa: Object.fromEntries(kept.map((m) => [m, qa[m] as QaMonth])) };
}

/** Whether the agent works for the tenant at `at`: onboarded before it and not left by then. */
export function isActiveAt(profile: AgentProfile, at: number): boolean {
  if (profile.startedAt === undefined || Date.parse(profile.startedAt) > at) return false;
  return profile.leftAt === undefined || Date.parse(profile.leftAt) > at;
}
