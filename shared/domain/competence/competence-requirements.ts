/**
 * What a tenant's agreement requires of the agents who handle its contacts (ISO18295.md §2.3): induction courses
 * before live contacts, mandatory courses kept current, languages per channel. Pure.
 */
import type { Channel } from '../../../events/telephony.js';
import type { TrainingCategory } from '../../../events/workforce.js';
import type { TrainingTerms } from '../agreement/agreement-schema.js';
import type { TrainingRecord } from './agent-profile.js';

/** One course requirement: `induction` must be passed before live contacts, `mandatory` kept valid. */
export interface CourseRequirement {
  /** Stable within an agreement: `induction:<courseId>`, `induction:*`, `mandatory:<category>[:<courseId>]`. */
  requirementId: string;
  kind: 'induction' | 'mandatory';
  category: TrainingCategory;
  /** This course only; any course of `category` when absent. */
  courseId?: string;
  /** For mandatory courses: days a passed record without `validUntil` stays valid. */
  refreshIntervalDays?: number;
}

export interface CompetenceRequirements {
  courses: CourseRequirement[];
  languagesByChannel: Partial<Record<Channel, string[]>>;
  minQaEvaluationsPerMonth: number;
  expiryWarningDays: number;
}

export function competenceRequirements(training: TrainingTerms): CompetenceRequirements {
  const induction: CourseRequirement[] = !training.inductionBeforeLive.value
    ? []
    : training.inductionCourses.value.length === 0
      ? [{ requirementId: 'induction:*', kind: 'induction', category: 'induction' }]
      : training.inductionCourses.value.map((courseId) => ({
          requirementId: `induction:${courseId}`,
          kind: 'induction' as const,
          category: 'induction' as const,
          courseId,
        }));
  const mandatory = training.mandatoryCourses.value.map(
    (course): CourseRequirement => ({
      requirementId: `mandatory:${course.category}${course.courseId === undefined ? '' : `:${course.courseId}`}`,
      kind: 'mandatory',
      category: course.category,
      ...(course.courseId === undefined ? {} : { courseId: course.courseId }),
      refreshIntervalDays: course.refreshIntervalDays ?? training.refresherIntervalDays.value,
    }),
  );
  return {
    courses: [...induction, ...mandatory],
    languagesByChannel: training.languagesByChannel.value,
    minQaEvaluationsPerMonth: training.minQaEvaluationsPerMonth.value,
    expiryWarningDays: training.expiryWarningDays.value,
  };
}

/** Whether a record is of the course a requirement names (any of its category, or induction courses by id). */
export function satisfies(record: TrainingRecord, requirement: CourseRequirement): boolean {
  if (!record.passed) return false;
  if (requirement.courseId !== undefined) return record.courseId === requirement.courseId;
  return record.category === requirement.category;
}

const DAY_MS = 86_400_000;

/** When a passed record stops counting for a requirement (ms), or `undefined` when it never does. */
export function validUntilMs(record: TrainingRecord, requirement: CourseRequirement): number | undefined {
  if (record.validUntil !== undefined) return Date.parse(record.validUntil);
  if (requirement.kind === 'induction' || requirement.refreshIntervalDays === undefined) return undefined;
  return Date.parse(record.completedAt) + requirement.refreshIntervalDays * DAY_MS;
}
