/**
 * An agent's competence against the agreement's requirements (ISO18295.md §2.3): what was missing when a contact
 * was answered (the real-time cross-check, P1-HR-INDUCTION), and the matrix of every requirement at a moment
 * (expiring and expired courses, P1-HR-COMPETENCE-CURRENCY; QA coverage, P1-HR-SKILLS-DEV). Pure.
 */
import type { Channel } from '../../../events/telephony.js';
import { type AgentProfile, isActiveAt, type TrainingRecord } from './agent-profile.js';
import {
  type CompetenceRequirements,
  type CourseRequirement,
  satisfies,
  validUntilMs,
} from './competence-requirements.js';

/** Something an agent lacked when answering a contact. */
export type CompetenceGap =
  | { kind: 'not-onboarded' }
  | { kind: 'induction' | 'mandatory'; requirementId: string; expiredAt?: string }
  | { kind: 'language'; language: string };

/** The record that best covers a requirement at `at`: valid then, or else the latest one completed before it. */
function coverAt(
  profile: AgentProfile,
  requirement: CourseRequirement,
  at: number,
): { record?: TrainingRecord; until?: number; valid: boolean } {
  let best: { record: TrainingRecord; until?: number } | undefined;
  for (const record of profile.trainings) {
    if (!satisfies(record, requirement) || Date.parse(record.completedAt) > at) continue;
    const until = validUntilMs(record, requirement);
    if (until === undefined || until > at) return { record, ...(until === undefined ? {} : { until }), valid: true };
    best = { record, until };
  }
  return best === undefined ? { valid: false } : { ...best, valid: false };
}

/**
 * What the agent lacked at `answeredAt` to handle a contact on `channel`: nothing when empty. An agent the tenant
 * never onboarded (or who had left) lacks onboarding itself; induction and mandatory courses count only when
 * completed (and passed) before the contact and still valid at it.
 */
export function gapsAt(
  profile: AgentProfile | undefined,
  requirements: CompetenceRequirements,
  answeredAt: string,
  channel: Channel,
): CompetenceGap[] {
  const at = Date.parse(answeredAt);
  const gaps: CompetenceGap[] = [];
  if (profile === undefined || !isActiveAt(profile, at)) gaps.push({ kind: 'not-onboarded' });
  for (const requirement of requirements.courses) {
    const cover = profile === undefined ? { valid: false } : coverAt(profile, requirement, at);
    if (cover.valid) continue;
    const expiredAt = 'until' in cover && cover.until !== undefined ? new Date(cover.until).toISOString() : undefined;
    gaps.push({
      kind: requirement.kind,
      requirementId: requirement.requirementId,
      ...(expiredAt === undefined ? {} : { expiredAt }),
    });
  }
  for (const language of requirements.languagesByChannel[channel] ?? []) {
    if (!(profile?.languages ?? []).some((l) => sameLanguage(l, language))) gaps.push({ kind: 'language', language });
  }
  return gaps;
}

/** `fr` is met by `fr-FR` and the other way round: the primary subtags match, case aside. */
function sameLanguage(held: string, required: string): boolean {
  const a = held.toLowerCase();
  const b = required.toLowerCase();
  return a === b || a.split('-')[0] === b.split('-')[0];
}

/** Where one requirement stands at a moment. */
export type RequirementStatus = 'valid' | 'expiring' | 'expired' | 'missing';

export interface RequirementState {
  requirementId: string;
  kind: 'induction' | 'mandatory';
  category: CourseRequirement['category'];
  courseId?: string;
  status: RequirementStatus;
  /** The record that counts (valid, or the last one that lapsed). */
  trainingRecordId?: string;
  completedAt?: string;
  validUntil?: string;
}

export interface QaCoverage {
  month: string;
  count: number;
  required: number;
  averageScore: number | null;
  criticalFails: number;
  met: boolean;
}

export interface CompetenceMatrix {
  active: boolean;
  requirements: RequirementState[];
  /** Induction held (passed and valid) now, or no induction required. */
  inducted: boolean;
  expiring: string[];
  expired: string[];
  missing: string[];
  qa: QaCoverage;
}

const DAY_MS = 86_400_000;

/** Every requirement's state at `now`, and QA coverage of `month` (tenant-local `yyyy-mm`). */
export function competenceMatrix(
  profile: AgentProfile,
  requirements: CompetenceRequirements,
  now: Date,
  month: string,
): CompetenceMatrix {
  const at = now.getTime();
  const warnUntil = at + requirements.expiryWarningDays * DAY_MS;
  const states = requirements.courses.map((requirement): RequirementState => {
    const cover = coverAt(profile, requirement, at);
    const base = {
      requirementId: requirement.requirementId,
      kind: requirement.kind,
      category: requirement.category,
      ...(requirement.courseId === undefined ? {} : { courseId: requirement.courseId }),
    };
    if (cover.record === undefined) return { ...base, status: 'missing' };
    const status: RequirementStatus = !cover.valid
      ? 'expired'
      : cover.until !== undefined && cover.until <= warnUntil
        ? 'expiring'
        : 'valid';
    return {
      ...base,
      status,
      trainingRecordId: cover.record.trainingRecordId,
      completedAt: cover.record.completedAt,
      ...(cover.until === undefined ? {} : { validUntil: new Date(cover.until).toISOString() }),
    };
  });
  const ids = (status: RequirementStatus) => states.filter((s) => s.status === status).map((s) => s.requirementId);
  const qaMonth = profile.qa[month] ?? { count: 0, scoreSum: 0, criticalFails: 0 };
  return {
    active: isActiveAt(profile, at),
    requirements: states,
    inducted: states.every((s) => s.kind !== 'induction' || s.status === 'valid' || s.status === 'expiring'),
    expiring: ids('expiring'),
    expired: ids('expired'),
    missing: ids('missing'),
    qa: {
      month,
      count: qaMonth.count,
      required: requirements.minQaEvaluationsPerMonth,
      averageScore: qaMonth.count === 0 ? null : Math.round((qaMonth.scoreSum / qaMonth.count) * 10) / 10,
      criticalFails: qaMonth.criticalFails,
      met: qaMonth.count >= requirements.minQaEvaluationsPerMonth,
    },
  };
}
