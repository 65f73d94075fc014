/**
 * The client agreement (ISO 18295-2 "arrangement", ISO18295.md §3) in the parts this product uses, as zod schemas:
 * the PUT body, the stored version and the API answer all come from here. ISO 18295 fixes no numeric target, so
 * every threshold and target carries the origin of its value (`contract | law | internal | scheme`).
 */
import { z } from 'zod';
import { Channel } from '../../../events/telephony.js';
import { CourseId, LanguageTag, TrainingCategory } from '../../../events/workforce.js';
import { isCalendarDate } from '../calendar/calendar-date.js';
import { holidayRegions, isHolidayCountry } from '../calendar/public-holidays.js';
import { KPI_NAMES, KPI_UNITS } from '../kpi/kpi-names.js';

export const Origin = z
  .enum(['contract', 'law', 'internal', 'scheme'])
  .meta({ description: 'Where a value comes from; never "required by ISO 18295", which fixes no number' });

/**
 * A value with its origin. In a PUT body the origin may be left out: it then reads `contract`, since the body is the
 * client agreement.
 */
export function sourced<T extends z.ZodType>(value: T) {
  return z.strictObject({ value, origin: Origin.default('contract') });
}

export const CalendarDate = z
  .string()
  .refine(isCalendarDate, 'must be a calendar date YYYY-MM-DD')
  .meta({ example: '2026-01-01' });

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const TimeZone = z.string().max(64).refine(isTimeZone, 'must be an IANA time zone such as Europe/Paris');

/** Languages reports are written in (DESIGN.md §6). */
export const ReportLanguage = z.enum(['fr', 'en']);

const Days = z.number().int().positive().max(36_500);

const scheme = <T>(value: T) => ({ value, origin: 'scheme' as const });
const internal = <T>(value: T) => ({ value, origin: 'internal' as const });

/**
 * The cycle most certification bodies run (ISO18295.md §5.1, the ISO/IEC 17021-1 pattern): stage 1 and 2, a 3-year
 * certificate, surveillance every 12 months, nonconformities closed within 90 days. Stored versions that predate the
 * section read these.
 */
export const DEFAULT_CERTIFICATION_TERMS = {
  scheme: internal('ISO 18295-1 certification, ISO/IEC 17021-1 style cycle'),
  cycleYears: scheme(3),
  stages: scheme(['certification-stage-1', 'certification-stage-2'] as Array<
    'certification-stage-1' | 'certification-stage-2'
  >),
  surveillanceIntervalMonths: scheme(12),
  firstSurveillanceMaxMonths: scheme(12),
  closureDays: { major: scheme(90), minor: scheme(90), observation: internal<number | null>(null) },
  internalAuditIntervalMonths: internal(12),
  managementReviewIntervalMonths: internal(12),
  requiredDocuments: internal(['scope-statement', 'cx-strategy', 'quality-policy', 'org-chart', 'complaint-procedure']),
};

export const ChannelThresholds = z.strictObject({
  serviceLevelSeconds: sourced(
    z
      .number()
      .nonnegative()
      .max(7 * 86_400),
  ).meta({
    description: 'A contact counts as answered within target when its wait is at most this (first response on e-mail)',
  }),
  shortAbandonSeconds: sourced(z.number().nonnegative().max(3_600)).meta({
    description: 'Abandoned contacts that waited less than this are short abandons, left out of SL and abandonment',
  }),
});
export type ChannelThresholds = z.infer<typeof ChannelThresholds>;

export const KpiTarget = z
  .strictObject({
    kpi: z.enum(KPI_NAMES),
    channel: Channel,
    queue: z.string().min(1).max(128).optional().meta({ description: 'Applies when KPIs are filtered by this queue' }),
    direction: z.enum(['min', 'max']).meta({ description: '`min`: at least the target; `max`: at most' }),
    target: sourced(z.number().nonnegative()),
    warningMargin: sourced(z.number().nonnegative())
      .optional()
      .meta({ description: "Distance from the target, in the KPI's unit, within which a met KPI is at risk" }),
  })
  .superRefine((t, ctx) => {
    if (KPI_UNITS[t.kpi] !== 'ratio') return;
    if (t.target.value > 1)
      ctx.addIssue({ code: 'custom', path: ['target', 'value'], message: 'a ratio is at most 1' });
    if ((t.warningMargin?.value ?? 0) > 1)
      ctx.addIssue({ code: 'custom', path: ['warningMargin', 'value'], message: 'a ratio margin is at most 1' });
  });
export type KpiTarget = z.infer<typeof KpiTarget>;

const KpiTargets = z
  .array(KpiTarget)
  .max(500)
  .superRefine((targets, ctx) => {
    const seen = new Set<string>();
    targets.forEach((t, i) => {
      const key = `${t.kpi}|${t.channel}|${t.queue ?? ''}`;
      if (seen.has(key))
        ctx.addIssue({ code: 'custom', path: [i], message: `a second target for ${t.kpi} on ${t.channel}` });
      seen.add(key);
    });
  });

const ClockTime = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be HH:MM');
const OpeningSpan = z
  .strictObject({ opens: ClockTime, closes: ClockTime })
  .refine((s) => s.opens < s.closes, 'opens must be before closes');

/** Weekday names, Sunday first (the index order of `Date#getDay`). */
export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
const daySpans = z.array(OpeningSpan).max(4).default([]);

const HolidayCountry = z
  .string()
  .refine(isHolidayCountry, 'must be an ISO 3166-1 alpha-2 country whose public holidays are known, such as FR or GB')
  .meta({ example: 'FR' });

export const BusinessCalendarTerms = z
  .strictObject({
    openingHours: sourced(
      z.strictObject(
        Object.fromEntries(WEEKDAYS.map((d) => [d, daySpans])) as Record<(typeof WEEKDAYS)[number], typeof daySpans>,
      ),
    ).meta({ description: 'Opening hours per weekday, tenant-local; a day left out is closed' }),
    publicHolidays: sourced(HolidayCountry.nullable()).meta({
      description:
        'Country whose public holidays (type `public` only: not observances, bank-only or school holidays) close ' +
        'the centre; null for none. GB without a region means England and Wales',
    }),
    region: sourced(z.string().min(1).max(8))
      .optional()
      .meta({
        description:
          'Region of that country whose own public holidays close the centre too, as the date-holidays library ' +
          'names it: FR 57, 67, 68 (Alsace-Moselle: Good Friday, 26 December), GB ENG, SCT, WLS, NIR',
        example: { value: '67', origin: 'contract' },
      }),
    closures: z
      .array(z.strictObject({ date: CalendarDate, reason: z.string().max(200).optional() }))
      .max(366)
      .default([]),
  })
  .superRefine((calendar, ctx) => {
    if (calendar.region === undefined) return;
    const country = calendar.publicHolidays.value;
    const path = ['region', 'value'];
    if (country === null) {
      ctx.addIssue({ code: 'custom', path, message: 'a region needs the country of publicHolidays' });
      return;
    }
    const regions = Object.keys(holidayRegions(country));
    if (!regions.includes(calendar.region.value)) {
      const known = regions.length === 0 ? `${country} has none` : `known for ${country}: ${regions.join(', ')}`;
      ctx.addIssue({
        code: 'custom',
        path,
        message: `no public holidays known for region ${calendar.region.value}; ${known}`,
      });
    }
  });

export const ReportRecipient = z.strictObject({
  email: z.email(),
  language: ReportLanguage.optional().meta({ description: "Defaults to the agreement's language" }),
});

export const RetentionTerms = z.strictObject({
  contactRecordDays: sourced(Days).meta({ description: 'How long contact records are kept, from the contact end' }),
  recordings: z.strictObject({
    training_qa: sourced(Days),
    contract_proof: sourced(Days),
    regulatory: sourced(Days),
    complaint_evidence: sourced(Days),
  }),
});

/**
 * A span of time a complaint step must take at most. Business hours count only the opening hours of the business
 * calendar; business days end at the close of the last business day counted (the day it starts on does not count);
 * calendar days end at the same wall-clock time that many days later.
 */
export const Deadline = z
  .strictObject({
    amount: z.number().int().positive().max(8_760),
    unit: z.enum(['business-hours', 'business-days', 'calendar-days']),
  })
  .superRefine((d, ctx) => {
    if (d.unit !== 'business-hours' && d.amount > 365)
      ctx.addIssue({ code: 'custom', path: ['amount'], message: 'at most 365 days' });
  });
export type Deadline = z.infer<typeof Deadline>;

export const ComplaintTerms = z.strictObject({
  acknowledge: sourced(Deadline).meta({ description: 'From receipt to acknowledgement (P1-CMP-ACK)' }),
  resolve: sourced(Deadline).meta({
    description: 'From receipt to resolution, and from a reopening to the next resolution (P1-CMP-RESOLVE)',
  }),
  atRiskShare: sourced(z.number().gt(0).lt(1))
    .default({ value: 0.75, origin: 'internal' })
    .meta({
      description:
        'Share of a deadline (in its own unit) after which a pending step is at risk and an alert is sent ' +
        '(ISO18295.md P1-CMP-RESOLVE: escalate at 75 %)',
    }),
  complaintReasons: sourced(z.array(z.string().min(1).max(128)).max(50))
    .default({ value: ['complaint'], origin: 'internal' })
    .meta({ description: 'Contact reasons (dispositions) that mean the customer complained (P1-CMP-REGISTER)' }),
  registerWithin: sourced(Deadline)
    .default({ value: { amount: 1, unit: 'business-days' }, origin: 'internal' })
    .meta({
      description:
        'A contact with a complaint reason must have a complaint registered for it within this (P1-CMP-REGISTER)',
    }),
});
export type ComplaintTerms = z.infer<typeof ComplaintTerms>;

/**
 * A course the agreement makes mandatory: a given course, or any course of its category. A passed record of it is
 * valid until its `validUntil`, or for `refreshIntervalDays` (the agreement's `refresherIntervalDays` when left out).
 */
export const MandatoryCourse = z.strictObject({
  category: TrainingCategory,
  courseId: CourseId.optional().meta({ description: 'This course only; any course of the category when left out' }),
  refreshIntervalDays: Days.optional().meta({ description: "Defaults to the agreement's refresherIntervalDays" }),
});
export type MandatoryCourse = z.infer<typeof MandatoryCourse>;

export const TrainingTerms = z.strictObject({
  inductionBeforeLive: sourced(z.boolean()).meta({
    description: 'No agent handles live contacts for the tenant before completing its induction (P1-HR-INDUCTION)',
  }),
  refresherIntervalDays: sourced(Days).meta({
    description: 'How long a mandatory course stays valid when neither the record nor the course says',
  }),
  inductionCourses: sourced(z.array(CourseId).max(20))
    .default({ value: [], origin: 'internal' })
    .meta({
      description:
        'The induction courses (general and client-specific) an agent must have passed before live contacts; ' +
        'any passed course of category `induction` when empty',
    }),
  mandatoryCourses: sourced(z.array(MandatoryCourse).max(50))
    .default({ value: [{ category: 'data-protection' }], origin: 'internal' })
    .meta({ description: 'Courses every agent must hold, valid, while handling contacts (P1-HR-COMPETENCE-CURRENCY)' }),
  languagesByChannel: sourced(z.partialRecord(Channel, z.array(LanguageTag).min(1).max(10)))
    .default({ value: {}, origin: 'internal' })
    .meta({ description: 'Languages an agent must speak to handle contacts of that channel' }),
  minQaEvaluationsPerMonth: sourced(z.number().int().min(0).max(100))
    .default({ value: 4, origin: 'internal' })
    .meta({ description: 'Quality evaluations each active agent gets per month at least (P1-HR-SKILLS-DEV)' }),
  expiryWarningDays: sourced(z.number().int().min(1).max(365))
    .default({ value: 30, origin: 'internal' })
    .meta({ description: 'A mandatory course lapsing within this many days is reported as expiring' }),
});
export type TrainingTerms = z.infer<typeof TrainingTerms>;

/**
 * The certification scheme's cycle (ISO18295.md §5.1: schemes differ, so every figure is configuration with its origin):
 * the audits it expects, how soon nonconformities close, and how often the centre audits and reviews itself.
 */
export const CertificationTerms = z.strictObject({
  scheme: sourced(z.string().min(1).max(200)).meta({ description: 'The scheme and certification body, in words' }),
  cycleYears: sourced(z.number().int().min(1).max(10)).meta({ description: 'How long a certificate is valid' }),
  stages: sourced(
    z
      .array(z.enum(['certification-stage-1', 'certification-stage-2']))
      .min(1)
      .max(2),
  ).meta({
    description: 'The audits of an initial certification: stage 1 then stage 2, or a single evaluation (stage 2)',
  }),
  surveillanceIntervalMonths: sourced(z.number().int().min(1).max(36)).meta({
    description: 'Surveillance audits at least this often while the certificate is valid',
  }),
  firstSurveillanceMaxMonths: sourced(z.number().int().min(1).max(36)).meta({
    description: 'The first surveillance audit within this many months of certification',
  }),
  closureDays: z
    .strictObject({
      major: sourced(Days),
      minor: sourced(Days),
      observation: sourced(Days.nullable()),
    })
    .meta({
      description:
        'Days from an audit (or a breach) within which a nonconformity of each grade must be closed; null: no deadline',
    }),
  internalAuditIntervalMonths: sourced(z.number().int().min(1).max(36)).meta({
    description: 'Every clause of ISO 18295-1 is covered by an internal audit within this (X-IMP-INTAUDIT)',
  }),
  managementReviewIntervalMonths: sourced(z.number().int().min(1).max(36)).meta({
    description: 'A management review is held at least this often',
  }),
  requiredDocuments: sourced(z.array(z.string().min(1).max(64)).max(30)).meta({
    description:
      'Document types (the register of `document.approved`) a centre holds, approved and in review, before a certification audit',
  }),
});
export type CertificationTerms = z.infer<typeof CertificationTerms>;

/** Controls of the catalogue the agreement switches off, each with why; a control that is not switchable stays on. */
export const ControlTerms = z.strictObject({
  disabled: z
    .array(
      z.strictObject({
        controlId: z.string().min(1).max(64),
        reason: z.string().min(1).max(500),
        origin: Origin.default('contract'),
      }),
    )
    .max(100)
    .meta({ description: 'Controls not evaluated for this tenant (reported as `disabled`), with the reason' }),
});
export type ControlTerms = z.infer<typeof ControlTerms>;

/** Everything an agreement version governs. Every section is present in a stored version. */
export const AgreementTerms = z.strictObject({
  timeZone: sourced(TimeZone).meta({ description: 'Days and intervals are counted in this zone' }),
  language: sourced(ReportLanguage),
  warningMargins: z
    .strictObject({ ratio: sourced(z.number().min(0).max(1)), seconds: sourced(z.number().nonnegative()) })
    .meta({ description: 'Margin of targets that state none: ratio KPIs in share points, durations in seconds' }),
  repeatContactWindowDays: sourced(z.number().int().min(1).max(90)).meta({
    description: 'A contact is repeated when the same customer comes back for the same reason within this many days',
  }),
  thresholds: z.record(Channel, ChannelThresholds),
  kpiTargets: KpiTargets,
  businessCalendar: BusinessCalendarTerms,
  reportRecipients: z.array(ReportRecipient).max(50),
  retention: RetentionTerms,
  complaintDeadlines: ComplaintTerms.meta({
    description: 'Complaint deadlines and how complaints are recognised in contacts (ISO18295.md §2.1)',
  }),
  training: TrainingTerms,
  certification: CertificationTerms.default(() => DEFAULT_CERTIFICATION_TERMS).meta({
    description: 'The certification cycle, nonconformity closure and self-assessment intervals (ISO18295.md §5.1)',
  }),
  controls: ControlTerms.default(() => ({ disabled: [] })).meta({
    description: 'Controls switched off for the tenant (ISO18295.md §2)',
  }),
});
export type AgreementTerms = z.infer<typeof AgreementTerms>;

/**
 * Body of `PUT /v1/tenants/{tenantId}/agreement`: a new version effective from a tenant-local date. A section left
 * out takes the default agreement's (origin `internal`), so what a version governs is always complete; a channel
 * left out of `thresholds` keeps its default thresholds.
 */
export const AgreementInput = z
  .strictObject({
    effectiveFrom: CalendarDate.meta({ description: 'First tenant-local day this version governs' }),
    origin: Origin.default('contract').meta({ description: 'Where the agreement as a whole comes from' }),
    reference: z.string().min(1).max(200).optional().meta({ description: 'Contract or amendment reference' }),
    ...AgreementTerms.partial().shape,
    thresholds: z.partialRecord(Channel, ChannelThresholds).optional(),
  })
  .meta({ id: 'AgreementInput' });
export type AgreementInput = z.infer<typeof AgreementInput>;

/** One version of a tenant's agreement as stored and returned. Version 0 is the default agreement. */
export const AgreementVersion = AgreementTerms.extend({
  tenantId: z.string(),
  version: z.number().int().nonnegative(),
  effectiveFrom: CalendarDate.nullable().meta({ description: 'null for the default agreement (version 0)' }),
  origin: Origin,
  reference: z.string().optional(),
  recordedAt: z.string().nullable(),
  recordedBy: z.string().nullable(),
}).meta({ id: 'AgreementVersion' });
export type AgreementVersion = z.infer<typeof AgreementVersion>;
