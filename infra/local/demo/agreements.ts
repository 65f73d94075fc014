/**
 * The demo tenants' client agreements: what each client signed (targets, thresholds, time zone, calendar,
 * recipients), every value of origin `contract`, effective some months before the demo month so that the whole
 * month is judged against it. They are added through the HTTP API, as a compliance officer would, before any
 * contact is sent, so the contacts are counted on the days of the agreed time zone.
 */
import type { z } from 'zod';
import type { Channel } from '../../../events/telephony.js';
import type { AgreementInput } from '../../../shared/domain/agreement/agreement-schema.js';
import { ACME_ENERGY } from './acme-energy.js';
import { NORTHWIND_TELECOM } from './northwind-telecom.js';
import type { DemoTenant } from './tenant-model.js';

/** A PUT body for `/v1/tenants/{tenantId}/agreement`. */
export type AgreementBody = z.input<typeof AgreementInput>;

/** A demo tenant's agreement: who it is for, and its body for a given demo month. */
export interface DemoAgreement {
  tenantId: string;
  body(demoMonth: string): AgreementBody;
}

const contract = <T>(value: T) => ({ value, origin: 'contract' as const });
const span = (opens: string, closes: string) => [{ opens, closes }];
const within = (serviceLevelSeconds: number, shortAbandonSeconds: number) => ({
  serviceLevelSeconds: contract(serviceLevelSeconds),
  shortAbandonSeconds: contract(shortAbandonSeconds),
});
const atLeast = (kpi: 'serviceLevel' | 'firstContactResolutionRate', channel: Channel, value: number) => ({
  kpi,
  channel,
  direction: 'min' as const,
  target: contract(value),
});
const atMost = (kpi: 'abandonmentRate' | 'averageSpeedOfAnswerSeconds', channel: Channel, value: number) => ({
  kpi,
  channel,
  direction: 'max' as const,
  target: contract(value),
});

/** The first day of the month `monthsBefore` months before `month` (`YYYY-MM`), as `YYYY-MM-DD`. */
export function firstDayMonthsBefore(month: string, monthsBefore: number): string {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const first = new Date(Date.UTC(year, monthNumber - 1 - monthsBefore, 1));
  return first.toISOString().slice(0, 10);
}

/** The time zone is the tenant model's, so the simulated hours and the counted days agree. */
const zoneOf = (tenant: DemoTenant) => contract(tenant.timeZone);

/** Acme Energy: French, Lyon and Casablanca; the contract took effect nine months before the demo month. */
export const ACME_ENERGY_AGREEMENT: DemoAgreement = {
  tenantId: ACME_ENERGY.tenantId,
  body: (demoMonth) => ({
    effectiveFrom: firstDayMonthsBefore(demoMonth, 9),
    origin: 'contract',
    reference: 'Contrat ACME-CC-2026, annexe 2 (niveaux de service)',
    timeZone: zoneOf(ACME_ENERGY),
    language: contract('fr'),
    thresholds: { voice: within(30, 5), chat: within(60, 10), email: within(172_800, 0) },
    kpiTargets: [
      atLeast('serviceLevel', 'voice', 0.8),
      atMost('abandonmentRate', 'voice', 0.05),
      // Outage calls are the ones a regulator asks about: the queue has a target of its own.
      { ...atLeast('serviceLevel', 'voice', 0.85), queue: 'outages' },
      atLeast('serviceLevel', 'chat', 0.8),
      atMost('abandonmentRate', 'chat', 0.08),
      atLeast('serviceLevel', 'email', 0.9),
      atLeast('firstContactResolutionRate', 'voice', 0.75),
    ],
    businessCalendar: {
      openingHours: contract({
        monday: span('08:00', '19:00'),
        tuesday: span('08:00', '19:00'),
        wednesday: span('08:00', '19:00'),
        thursday: span('08:00', '19:00'),
        friday: span('08:00', '19:00'),
        saturday: span('09:00', '13:00'),
      }),
      // Lyon is not in Alsace-Moselle: France's national public holidays, no region.
      publicHolidays: contract('FR'),
    },
    reportRecipients: [{ email: 'service-clients@acme-energy.example', language: 'fr' }],
    // The demo's training records (workforce.ts) are drawn from these terms.
    training: {
      inductionBeforeLive: contract(true),
      refresherIntervalDays: contract(365),
      inductionCourses: contract(['acme-induction']),
      mandatoryCourses: contract([{ category: 'data-protection' as const }]),
      languagesByChannel: contract({ voice: ['fr'], chat: ['fr'] }),
      minQaEvaluationsPerMonth: contract(4),
      expiryWarningDays: contract(30),
    },
  }),
};

/** Northwind Telecom: English, Leeds (so Europe/London), five channels; the contract took effect four months before. */
export const NORTHWIND_TELECOM_AGREEMENT: DemoAgreement = {
  tenantId: NORTHWIND_TELECOM.tenantId,
  body: (demoMonth) => ({
    effectiveFrom: firstDayMonthsBefore(demoMonth, 4),
    origin: 'contract',
    reference: 'NW-OPS-0419 schedule 3 (service levels)',
    timeZone: zoneOf(NORTHWIND_TELECOM),
    language: contract('en'),
    thresholds: {
      voice: within(20, 5),
      chat: within(30, 10),
      email: within(86_400, 0),
      social: within(3_600, 0),
      messaging: within(3_600, 0),
    },
    kpiTargets: [
      atLeast('serviceLevel', 'voice', 0.8),
      atMost('abandonmentRate', 'voice', 0.04),
      atMost('averageSpeedOfAnswerSeconds', 'voice', 30),
      atLeast('serviceLevel', 'chat', 0.85),
      atLeast('serviceLevel', 'email', 0.9),
      atLeast('serviceLevel', 'social', 0.9),
      atLeast('serviceLevel', 'messaging', 0.85),
    ],
    businessCalendar: {
      openingHours: contract({
        monday: span('08:00', '20:00'),
        tuesday: span('08:00', '20:00'),
        wednesday: span('08:00', '20:00'),
        thursday: span('08:00', '20:00'),
        friday: span('08:00', '20:00'),
        saturday: span('09:00', '17:00'),
      }),
      // Leeds is in England: England's bank holidays, August's included.
      publicHolidays: contract('GB'),
      region: contract('ENG'),
    },
    reportRecipients: [{ email: 'service.manager@northwind-telecom.example', language: 'en' }],
    // A general induction of the centre and Northwind's own, and card payments taken by phone: PCI DSS awareness.
    training: {
      inductionBeforeLive: contract(true),
      refresherIntervalDays: contract(365),
      inductionCourses: contract(['centre-induction', 'northwind-induction']),
      mandatoryCourses: contract([
        { category: 'data-protection' as const },
        { category: 'pci' as const, courseId: 'pci-dss-awareness', refreshIntervalDays: 365 },
      ]),
      languagesByChannel: contract({ voice: ['en'] }),
      minQaEvaluationsPerMonth: contract(6),
      expiryWarningDays: contract(30),
    },
  }),
};

/** The agreements `npm start` adds, one per demo tenant. */
export const DEFAULT_DEMO_AGREEMENTS: readonly DemoAgreement[] = [ACME_ENERGY_AGREEMENT, NORTHWIND_TELECOM_AGREEMENT];

/** A PUT the API refused: the demo must not go on as if the client's terms were in force. */
export class DemoAgreementRefusedError extends Error {
  override readonly name = 'DemoAgreementRefusedError';
}

export interface PutAgreementsOptions {
  /** Base URL of the HTTP API, e.g. `http://127.0.0.1:3000`. */
  apiUrl: string;
  /** A bearer token of a role that may PUT agreements (admin, compliance-officer) for every tenant. */
  token: string;
  demoMonth: string;
  agreements?: readonly DemoAgreement[];
}

/**
 * Adds every demo agreement through `PUT /v1/tenants/{tenantId}/agreement` and resolves with the version numbers.
 * @throws DemoAgreementRefusedError when the API answers anything but 201 (or 200 for an identical version).
 */
export async function putDemoAgreements(options: PutAgreementsOptions): Promise<Record<string, number>> {
  const { apiUrl, token, demoMonth, agreements = DEFAULT_DEMO_AGREEMENTS } = options;
  const versions: Record<string, number> = {};
  for (const agreement of agreements) {
    const url = new URL(`/v1/tenants/${encodeURIComponent(agreement.tenantId)}/agreement`, apiUrl);
    const response = await fetch(url, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(agreement.body(demoMonth)),
    });
    const text = await response.text();
    if (response.status !== 201 && response.status !== 200) {
      throw new DemoAgreementRefusedError(`PUT ${url.pathname} answered ${response.status}: ${text.slice(0, 500)}`);
    }
    versions[agreement.tenantId] = Number((JSON.parse(text) as { version: unknown }).version);
  }
  return versions;
}
