/**
 * The agreement that governs a tenant until a version is set: CONTRACT.md §4 for what the contract names (time
 * zone, language, voice/chat/e-mail/social service levels and abandonment), internal choices for the rest. Every
 * value is origin `internal` and every one can be replaced by a version of the tenant's own.
 */
import { CHANNELS, type Channel } from '../../../events/telephony.js';
import {
  type AgreementTerms,
  type AgreementVersion,
  type ChannelThresholds,
  DEFAULT_CERTIFICATION_TERMS,
  type KpiTarget,
} from './agreement-schema.js';
import { DEFAULT_CONTACT_RETENTION_DAYS, DEFAULT_LANGUAGE, DEFAULT_TIME_ZONE, type Sourced } from './defaults.js';

const internal = <T>(value: T): Sourced<T> => ({ value, origin: 'internal' });

/** Asynchronous channels answer within a day; live channels within seconds (CONTRACT.md §4). */
const ASYNC_CHANNELS: readonly Channel[] = ['email', 'social', 'messaging'];

function thresholds(channel: Channel): ChannelThresholds {
  return ASYNC_CHANNELS.includes(channel)
    ? { serviceLevelSeconds: internal(86_400), shortAbandonSeconds: internal(0) }
    : { serviceLevelSeconds: internal(20), shortAbandonSeconds: internal(5) };
}

const target = (kpi: KpiTarget['kpi'], channel: Channel, direction: 'min' | 'max', value: number): KpiTarget => ({
  kpi,
  channel,
  direction,
  target: internal(value),
});

const weekday = [{ opens: '09:00', closes: '18:00' }];

/**
 * The default terms. Messaging has thresholds (answered within a day, like e-mail) but no target: CONTRACT.md §4
 * names none for it.
 */
export const DEFAULT_AGREEMENT_TERMS: AgreementTerms = {
  timeZone: DEFAULT_TIME_ZONE,
  language: { value: DEFAULT_LANGUAGE.value as 'fr', origin: DEFAULT_LANGUAGE.origin },
  warningMargins: { ratio: internal(0.02), seconds: internal(5) },
  // Seven days is the usual repeat-contact window (ISO18295.md P1-CX-FCR), not a requirement.
  repeatContactWindowDays: internal(7),
  thresholds: Object.fromEntries(CHANNELS.map((c) => [c, thresholds(c)])) as AgreementTerms['thresholds'],
  kpiTargets: [
    target('serviceLevel', 'voice', 'min', 0.8),
    target('abandonmentRate', 'voice', 'max', 0.05),
    target('serviceLevel', 'chat', 'min', 0.8),
    target('abandonmentRate', 'chat', 'max', 0.05),
    target('serviceLevel', 'email', 'min', 0.9),
    target('serviceLevel', 'social', 'min', 0.9),
  ],
  businessCalendar: {
    openingHours: internal({
      sunday: [],
      monday: weekday,
      tuesday: weekday,
      wednesday: weekday,
      thursday: weekday,
      friday: weekday,
      saturday: [],
    }),
    publicHolidays: internal('FR'),
    closures: [],
  },
  reportRecipients: [],
  retention: {
    contactRecordDays: DEFAULT_CONTACT_RETENTION_DAYS,
    // Training recordings six months (the CNIL NS-57 benchmark), proof and regulatory five years (the MiFID II
    // minimum, where it applies), complaint evidence three years: internal defaults until the agreement says.
    recordings: {
      training_qa: internal(183),
      contract_proof: internal(1_826),
      regulatory: internal(1_826),
      complaint_evidence: internal(1_096),
    },
  },
  complaintDeadlines: {
    acknowledge: internal({ amount: 2, unit: 'business-days' as const }),
    resolve: internal({ amount: 10, unit: 'business-days' as const }),
    atRiskShare: internal(0.75),
    complaintReasons: internal(['complaint']),
    registerWithin: internal({ amount: 1, unit: 'business-days' as const }),
  },
  // Induction before live contacts and a yearly data-protection refresher (ISO18295.md §2.3: "refresher usually every
  // 12 months"); 4 QA evaluations an agent a month, the low end of common practice (4-10). Internal until agreed.
  training: {
    inductionBeforeLive: internal(true),
    refresherIntervalDays: internal(365),
    inductionCourses: internal([] as string[]),
    mandatoryCourses: internal([{ category: 'data-protection' as const }]),
    languagesByChannel: internal({}),
    minQaEvaluationsPerMonth: internal(4),
    expiryWarningDays: internal(30),
  },
  certification: DEFAULT_CERTIFICATION_TERMS,
  controls: { disabled: [] },
};

/** The default agreement as a version of `tenantId`: version 0, in force until the tenant's first version. */
export function defaultAgreementVersion(tenantId: string): AgreementVersion {
  return {
    tenantId,
    version: 0,
    effectiveFrom: null,
    origin: 'internal',
    recordedAt: null,
    recordedBy: null,
    ...DEFAULT_AGREEMENT_TERMS,
  };
}
