/**
 * Demo complaints (issue 11, ISO18295.md §2.1): a month of `ccc.complaints` events per demo tenant, so the complaint
 * routes and controls have something to show straight after `npm start`.
 *
 * Every handled contact of the month whose reason the agreement counts as a complaint has its complaint registered
 * (naming the contact), except one per tenant, which P1-CMP-REGISTER reports. A few complaints come in without a
 * contact. Most are acknowledged and resolved on time; some are acknowledged late, a few escalated (one to the
 * tenant's external dispute body), one reopened and resolved again, a few received in the hours before `now` are still
 * open, and exactly one per tenant, received early in the month and left waiting, is overdue whatever day the demo is
 * loaded. Some resolutions are sent before their receipt, as a complaint tool catching up may do.
 *
 * The product computes the deadlines (shared/domain/calendar/business-time.ts). This file only keeps clear of them:
 * "on time" here means sooner in real time than the deadline's amount (a business day or hour is never shorter than a
 * real one), "late" far later than the deadline could fall in any week of the tenant's calendar.
 */
import {
  ComplaintAcknowledged,
  ComplaintEscalated,
  type ComplaintEscalatedDetail,
  ComplaintReceived,
  type ComplaintReceivedDetail,
  ComplaintReopened,
  ComplaintResolved,
  type ComplaintResolvedDetail,
} from '../../../events/complaints.js';
import type { Channel, ContactCompletedDetail } from '../../../events/telephony.js';
import {
  AgreementInput,
  type ComplaintTerms,
  type Deadline,
} from '../../../shared/domain/agreement/agreement-schema.js';
import { DEFAULT_AGREEMENT_TERMS } from '../../../shared/domain/agreement/default-agreement.js';
import { addDays, dayOfWeek, lastDayOfMonth } from '../../../shared/domain/calendar/calendar-date.js';
import { toLocal } from '../../../shared/domain/calendar/wall-clock.js';
import { startOfLocalDay } from '../../../shared/domain/calendar/zoned-time.js';
import { DEFAULT_DEMO_AGREEMENTS, type DemoAgreement } from './agreements.js';
import { zonedFormatter } from './contacts.js';
import { createRandom, type Random } from './random.js';
import { demoAgents } from './roster.js';
import type { BusEvent } from './send.js';
import { simulateMonth } from './simulator.js';
import type { DemoTenant } from './tenant-model.js';
import { DEFAULT_DEMO_TENANTS } from './tenants.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Complaints received in the hours before `now`, still open: hours before `now`, and whether acknowledged. */
const RECENT_OPEN = [
  { hoursAgo: 30, acknowledged: true },
  { hoursAgo: 20, acknowledged: true },
  { hoursAgo: 6, acknowledged: true },
  { hoursAgo: 0.75, acknowledged: false },
] as const;
/** Complaints per tenant received in the month without a contact (a letter scanned to e-mail, a public post). */
const WITHOUT_CONTACT = 5;
/** Resolutions sent before their complaint's receipt, per tenant. */
const OUT_OF_ORDER = 3;
/** The unregistered complaint-reason contact ended at least this long before `now`: its register window is over. */
const UNREGISTERED_AGE_MS = 5 * DAY_MS;

type Step = 'acknowledge' | 'resolve';
type Story =
  | 'on-time'
  | 'late-acknowledgement'
  | 'late-resolution'
  | 'escalated'
  | 'escalated-externally'
  | 'reopened'
  | 'overdue';

/** A complaint event for the bus: every one names its complaint. */
export interface ComplaintBusEvent extends BusEvent {
  detail: { occurredAt: string; complaintId: string };
}

/** One tenant's demo complaints: their events in the order sent, and the complaints each story is about. */
export interface DemoComplaints {
  tenantId: string;
  events: ComplaintBusEvent[];
  /** Every complaint id, in order of receipt. */
  complaintIds: string[];
  /** Received in the hours before `now` and not resolved: open, nothing due yet. */
  open: string[];
  /** Received early in the month and left waiting: its `step` is past due whenever the demo is loaded. */
  overdue: { complaintId: string; step: Step; receivedAt: string };
  lateAcknowledged: string[];
  lateResolved: string[];
  escalated: string[];
  escalatedExternally: { complaintId: string; body: string };
  reopened: string;
  /** Complaints whose resolution is sent before their receipt. */
  resolvedBeforeReceipt: string[];
  /** How many complaints name the contact they were made in. */
  linkedToContacts: number;
  /** A handled contact with a complaint reason and no complaint registered for it (P1-CMP-REGISTER). */
  unregisteredContactId: string;
}

export interface DemoComplaintsOptions {
  month: string;
  seed: string;
  now: Date;
  tenants?: readonly DemoTenant[];
  agreements?: readonly DemoAgreement[];
}

/** How a tenant's complaint tool words things; the complainants' remedies are generic, never personal. */
interface Wording {
  categories: readonly { category: string; weight: number }[];
  remedySought: readonly string[];
  remedy: Record<ComplaintResolvedDetail['outcome'], readonly string[]>;
  internalBody: string;
  externalBody: string;
  reopenReason: string;
}

const ENGLISH: Wording = {
  categories: [
    { category: 'billing', weight: 30 },
    { category: 'network', weight: 18 },
    { category: 'broadband', weight: 16 },
    { category: 'customer-service', weight: 14 },
    { category: 'contract', weight: 10 },
    { category: 'roaming', weight: 6 },
    { category: 'sim-activation', weight: 6 },
  ],
  remedySought: [
    'Refund of the overcharge',
    'Credit for the days without service',
    'Correction of the bill',
    'Release from the contract without a fee',
    'An apology and a call back from a manager',
    'Repair of the line this week',
  ],
  remedy: {
    upheld: ['Bill corrected and overcharge refunded', 'Service credit applied to the next bill', 'Fee waived'],
    'partially-upheld': ['Late fee waived, usage charges confirmed', 'Goodwill credit, contract terms unchanged'],
    rejected: ['Charges checked and confirmed; explanation sent', 'Usage records checked: no fault found'],
    withdrawn: ['Withdrawn by the customer'],
  },
  internalBody: 'Customer relations team',
  externalBody: 'Ombudsman Services: Communications',
  reopenReason: 'The promised credit did not appear on the bill',
};

const WORDING: Record<string, Wording> = {
  'acme-energy': {
    categories: [
      { category: 'billing', weight: 36 },
      { category: 'metering', weight: 16 },
      { category: 'direct-debit', weight: 12 },
      { category: 'customer-service', weight: 12 },
      { category: 'power-outage', weight: 10 },
      { category: 'moving', weight: 8 },
      { category: 'refund', weight: 6 },
    ],
    remedySought: [
      'Remboursement du trop-perçu',
      'Correction de la facture',
      'Annulation des frais de retard',
      'Un geste commercial',
      'Correction du relevé de compteur',
      'Des excuses et le rappel d’un responsable',
    ],
    remedy: {
      upheld: ['Facture corrigée et trop-perçu remboursé', 'Frais annulés', 'Geste commercial accordé'],
      'partially-upheld': ['Frais de retard annulés, consommation confirmée', 'Geste commercial, échéancier maintenu'],
      rejected: ['Relevé vérifié et conforme ; explication envoyée', 'Facture vérifiée : aucune erreur constatée'],
      withdrawn: ['Réclamation retirée par le client'],
    },
    internalBody: 'Service consommateurs',
    externalBody: 'Médiateur national de l’énergie',
    reopenReason: 'Le remboursement annoncé n’a pas été reçu',
  },
  'northwind-telecom': ENGLISH,
};

/** Real-time spans that keep well clear of the agreement's deadlines, whatever the calendar. */
interface Spans {
  /** Sooner than this is on time. */
  onTime: Record<Step, number>;
  /** Later than this is late. */
  late: Record<Step, number>;
}

/**
 * A deadline is at least its amount of real time (business time only runs while open). It is at most: calendar days
 * and two; business days times 7/5 (weekends) and a week (holidays, closures); business hours as days of at least
 * four open hours (a Saturday morning), doubled, and a week.
 */
function spansOf(terms: ComplaintTerms): Spans {
  const realAtLeast = ({ amount, unit }: Deadline) => amount * (unit === 'business-hours' ? HOUR_MS : DAY_MS);
  const realAtMost = ({ amount, unit }: Deadline) =>
    (unit === 'calendar-days'
      ? amount + 2
      : unit === 'business-days'
        ? Math.ceil(amount * 1.4) + 7
        : 2 * Math.ceil(amount / 4) + 7) * DAY_MS;
  return {
    onTime: { acknowledge: realAtLeast(terms.acknowledge.value), resolve: realAtLeast(terms.resolve.value) },
    late: { acknowledge: realAtMost(terms.acknowledge.value), resolve: realAtMost(terms.resolve.value) },
  };
}

/** The complaint terms of a demo agreement: its own, or the default agreement's when it states none. */
export function demoComplaintTerms(agreement: DemoAgreement, month: string): ComplaintTerms {
  return AgreementInput.parse(agreement.body(month)).complaintDeadlines ?? DEFAULT_AGREEMENT_TERMS.complaintDeadlines;
}

let simulated: { key: string; contacts: ContactCompletedDetail[] } | undefined;

/** The month's contacts, simulated once per month and seed (the simulator is pure, and takes a while). */
function monthContacts(month: string, seed: string): ContactCompletedDetail[] {
  const key = `${month}|${seed}`;
  if (simulated?.key !== key) simulated = { key, contacts: simulateMonth({ month, seed }) };
  return simulated.contacts;
}

/**
 * Every demo tenant's complaints for `month`: deterministic for a seed and `now` (the open and overdue ones are
 * placed relative to it, and nothing is dated after it).
 *
 * @throws RangeError when a tenant has no demo agreement
 */
export function demoComplaints(options: DemoComplaintsOptions): DemoComplaints[] {
  const { month, seed, now, tenants = DEFAULT_DEMO_TENANTS, agreements = DEFAULT_DEMO_AGREEMENTS } = options;
  const contacts = monthContacts(month, seed);
  const root = createRandom(seed).fork('complaints');
  return tenants.map((tenant, index) => {
    const agreement = agreements.find((a) => a.tenantId === tenant.tenantId);
    if (agreement === undefined) throw new RangeError(`no demo agreement for ${tenant.tenantId}`);
    const terms = demoComplaintTerms(agreement, month);
    const reasons = new Set(terms.complaintReasons.value);
    const mine = contacts.filter(
      (c) =>
        c.tenantId === tenant.tenantId && c.outcome === 'handled' && c.reason !== undefined && reasons.has(c.reason),
    );
    // Alternate the overdue step between tenants, so the demo shows both.
    const missed: Step = index % 2 === 0 ? 'acknowledge' : 'resolve';
    return tenantComplaints(tenant, spansOf(terms), mine, { month, now, missed }, root.fork(tenant.tenantId));
  });
}

/** An event of a complaint after its receipt, as planned. */
interface LaterEvent {
  type: string;
  at: number;
  fields: Record<string, unknown>;
}

/** A complaint being written: its receipt, what happens to it, and its steps after the receipt. */
interface Plan {
  received: Omit<ComplaintReceivedDetail, 'complaintId'>;
  story: Story;
  steps: LaterEvent[];
  /** Still open at `now`, with nothing due yet. */
  open?: true;
}

/** What writing one tenant's complaints needs: its clock and wording, the draws, and the last instant allowed. */
interface Writer {
  tenant: DemoTenant;
  wording: Wording;
  spans: Spans;
  format: (at: number) => string;
  /** A minute before `now`: nothing is dated later. */
  limit: number;
  r: Random;
}

function tenantComplaints(
  tenant: DemoTenant,
  spans: Spans,
  contacts: readonly ContactCompletedDetail[],
  { month, now, missed }: { month: string; now: Date; missed: Step },
  random: Random,
): DemoComplaints {
  const w: Writer = {
    tenant,
    wording: WORDING[tenant.tenantId] ?? ENGLISH,
    spans,
    format: zonedFormatter(tenant.timeZone),
    limit: now.getTime() - MINUTE_MS,
    r: random.fork('draws'),
  };
  // The contact left without a complaint: the latest one whose register window is surely over.
  const eligible = contacts.filter((c) => Date.parse(c.endedAt) <= w.limit - 30 * MINUTE_MS);
  const unregistered = [...eligible].reverse().find((c) => Date.parse(c.endedAt) <= w.limit - UNREGISTERED_AGE_MS);
  if (unregistered === undefined) throw new RangeError(`${tenant.tenantId}: no complaint-reason contact in ${month}`);
  const linked = eligible.filter((c) => c !== unregistered).map((c) => fromContact(w, c));
  const overdue = standalone(w, overdueReceipt(month, tenant.timeZone), 'overdue');
  const plans = [...linked, ...monthStandalone(w, month), overdue].sort(byReceipt);
  assignStories(w, plans);
  for (const p of plans) p.steps = stepsOf(w, p, missed);
  // Recent complaints, open at `now`: some acknowledged, one not yet.
  for (const { hoursAgo, acknowledged } of RECENT_OPEN) {
    const p = standalone(w, w.limit - hoursAgo * HOUR_MS);
    const at = Date.parse(p.received.receivedAt);
    plans.push({ ...p, open: true, steps: acknowledged ? [acknowledgement(w, at + 25 * MINUTE_MS)] : [] });
  }
  plans.sort(byReceipt);

  const prefix = `${tenant.contactIdPrefix}-cmp-${month.replace('-', '')}`;
  const ids = new Map(plans.map((p, i) => [p, `${prefix}-${String(i + 1).padStart(4, '0')}`]));
  const idOf = (p: Plan) => ids.get(p)!;
  const withStory = (s: Story) => plans.filter((p) => p.story === s).map(idOf);
  const early = resolvedEarly(w, plans);
  return {
    tenantId: tenant.tenantId,
    events: sendOrder(w, plans, idOf, early),
    complaintIds: plans.map(idOf),
    open: plans.filter((p) => p.open).map(idOf),
    overdue: { complaintId: idOf(overdue), step: missed, receivedAt: overdue.received.receivedAt },
    lateAcknowledged: withStory('late-acknowledgement'),
    lateResolved: withStory('late-resolution'),
    escalated: withStory('escalated'),
    escalatedExternally: { complaintId: withStory('escalated-externally')[0] ?? '', body: w.wording.externalBody },
    reopened: withStory('reopened')[0] ?? '',
    resolvedBeforeReceipt: [...early].map(idOf),
    linkedToContacts: linked.length,
    unregisteredContactId: unregistered.contactId,
  };
}

const byReceipt = (a: Plan, b: Plan) => Date.parse(a.received.receivedAt) - Date.parse(b.received.receivedAt);

function receipt(
  w: Writer,
  at: number,
  channel: Channel,
  centerId: string,
  extra: { customerRef?: string; contactId?: string; ownerId?: string },
): Plan['received'] {
  return {
    schemaVersion: 1,
    tenantId: w.tenant.tenantId,
    centerId,
    occurredAt: w.format(at),
    channel,
    category: w.r.pick(w.wording.categories, (c) => c.weight).category,
    severity: w.r.pick(['low', 'medium', 'high', 'critical'] as const, (s) => SEVERITY_WEIGHTS[s]),
    receivedAt: w.format(at),
    ...extra,
    remedySought: w.r.pick(w.wording.remedySought),
  };
}

const SEVERITY_WEIGHTS = { low: 35, medium: 45, high: 15, critical: 5 } as const;
const OUTCOME_WEIGHTS = { upheld: 45, 'partially-upheld': 25, rejected: 25, withdrawn: 5 } as const;

/** A complaint made in a contact: logged by its agent within minutes of the end. */
function fromContact(w: Writer, c: ContactCompletedDetail): Plan {
  const at = Math.min(w.limit, Date.parse(c.endedAt) + w.r.int(1, 20) * MINUTE_MS);
  const received = receipt(w, at, c.channel, c.centerId, {
    ...(c.customerRef === undefined ? {} : { customerRef: c.customerRef }),
    contactId: c.contactId,
    ...(c.agentId === undefined ? {} : { ownerId: c.agentId }),
  });
  return { received, story: 'on-time', steps: [] };
}

/** A complaint that came in without a contact (an e-mail, a public post), handled by a back-office agent. */
function standalone(w: Writer, at: number, story: Story = 'on-time'): Plan {
  const agents = demoAgents(w.tenant);
  const backOffice = agents.filter((a) => a.channel !== 'voice');
  const owner = w.r.pick(backOffice.length > 0 ? backOffice : agents);
  const channels = [...new Set(w.tenant.lines.map((l) => l.channel).filter((c) => c !== 'voice'))];
  const received = receipt(w, at, w.r.pick(channels.length > 0 ? channels : ['email']), owner.centerId, {
    customerRef: `cust-${w.r.hex(6)}`,
    ownerId: owner.agentId,
  });
  return { received, story, steps: [] };
}

/** A few complaints without a contact on days of the month, in working hours. */
function monthStandalone(w: Writer, month: string): Plan[] {
  const lastDay = Number(lastDayOfMonth(month).slice(8));
  return Array.from({ length: WITHOUT_CONTACT }, () => {
    const date = `${month}-${String(w.r.int(1, lastDay)).padStart(2, '0')}`;
    const at = startOfLocalDay(date, w.tenant.timeZone) + w.r.int(8 * 60, 18 * 60) * MINUTE_MS;
    return standalone(w, Math.min(w.limit, at));
  });
}

/** The overdue complaint is received at 10:00 on the first weekday from the 2nd: weeks before any `now`. */
function overdueReceipt(month: string, timeZone: string): number {
  let date = `${month}-02`;
  while (dayOfWeek(date) === 0 || dayOfWeek(date) === 6) date = addDays(date, 1);
  return startOfLocalDay(date, timeZone) + 10 * HOUR_MS;
}

/**
 * The stories besides "on time": one escalated to the external body and one reopened, on the earliest complaints
 * that leave them time to finish before `now`; then late acknowledgements, late resolutions and internal
 * escalations on complaints drawn among those received early enough.
 */
function assignStories(w: Writer, plans: Plan[]): void {
  const { spans, limit, r } = w;
  const fits = (p: Plan, span: number) => p.story === 'on-time' && Date.parse(p.received.receivedAt) + span <= limit;
  const external = plans.find((p) => fits(p, spans.late.resolve + 5 * DAY_MS));
  if (external) external.story = 'escalated-externally';
  const reopened = plans.find((p) => fits(p, 12 * DAY_MS) && p.received.contactId !== undefined);
  if (reopened) reopened.story = 'reopened';
  const assign = (story: Story, span: number, count: number) => {
    const candidates = plans.filter((p) => fits(p, span));
    for (let i = 0; i < count && candidates.length > 0; i += 1) {
      candidates.splice(Math.floor(r.next() * candidates.length), 1)[0]!.story = story;
    }
  };
  const n = plans.length;
  assign('late-acknowledgement', spans.late.acknowledge + 8 * DAY_MS, Math.max(3, Math.round(n * 0.07)));
  assign('late-resolution', spans.late.resolve + 4 * DAY_MS, Math.max(2, Math.round(n * 0.03)));
  assign('escalated', 5 * DAY_MS, Math.max(2, Math.round(n * 0.04)));
}

function acknowledgement(w: Writer, at: number): LaterEvent {
  return { type: ComplaintAcknowledged.detailType, at, fields: { acknowledgedAt: w.format(at) } };
}

function resolution(w: Writer, at: number, outcome?: ComplaintResolvedDetail['outcome']): LaterEvent {
  const chosen =
    outcome ?? w.r.pick(['upheld', 'partially-upheld', 'rejected', 'withdrawn'] as const, (o) => OUTCOME_WEIGHTS[o]);
  return {
    type: ComplaintResolved.detailType,
    at,
    fields: { resolvedAt: w.format(at), outcome: chosen, remedy: w.r.pick(w.wording.remedy[chosen]) },
  };
}

function escalation(w: Writer, at: number, to: ComplaintEscalatedDetail['to']): LaterEvent {
  const body = to === 'internal' ? w.wording.internalBody : w.wording.externalBody;
  return { type: ComplaintEscalated.detailType, at, fields: { escalatedAt: w.format(at), to, body } };
}

function reopening(w: Writer, at: number): LaterEvent {
  return {
    type: ComplaintReopened.detailType,
    at,
    fields: { reopenedAt: w.format(at), reason: w.wording.reopenReason },
  };
}

/**
 * What happens to a complaint after its receipt, by its story. Work is done in office hours where that keeps it
 * clear of the deadline; an on-time complaint received too close to `now` to be resolved by then stays open.
 */
function stepsOf(w: Writer, p: Plan, missed: Step): LaterEvent[] {
  const { spans, r } = w;
  const office = (at: number) => officeHours(at, w.tenant.timeZone);
  const at = Date.parse(p.received.receivedAt);
  const clear = (ms: number, step: Step) => (office(ms) - at <= spans.onTime[step] * 0.75 ? office(ms) : ms);
  const minutes = (share: number, step: Step, atMost: number) =>
    r.int(10, Math.max(11, Math.min(atMost, (spans.onTime[step] * share) / MINUTE_MS))) * MINUTE_MS;
  const ack = clear(at + minutes(0.25, 'acknowledge', 180), 'acknowledge');
  switch (p.story) {
    case 'overdue':
      return missed === 'resolve' ? [acknowledgement(w, ack)] : [];
    case 'late-acknowledgement': {
      const late = office(at + spans.late.acknowledge + r.int(0, 3 * 24) * HOUR_MS);
      return [acknowledgement(w, late), resolution(w, office(late + r.int(20, 72) * HOUR_MS))];
    }
    case 'late-resolution':
      return [acknowledgement(w, ack), resolution(w, office(at + spans.late.resolve + r.int(0, 48) * HOUR_MS))];
    case 'escalated': {
      const up = office(ack + r.int(4, 24) * HOUR_MS);
      return [
        acknowledgement(w, ack),
        escalation(w, up, 'internal'),
        resolution(w, office(up + r.int(24, 60) * HOUR_MS)),
      ];
    }
    case 'escalated-externally': {
      // The dispute body takes weeks: resolved late, on its decision.
      const up = ack + 24 * HOUR_MS;
      const decided = office(at + spans.late.resolve + r.int(24, 72) * HOUR_MS);
      return [
        acknowledgement(w, ack),
        escalation(w, up, 'internal'),
        escalation(w, up + 3 * DAY_MS, 'external'),
        resolution(w, decided, 'partially-upheld'),
      ];
    }
    case 'reopened': {
      const first = office(at + r.int(24, 60) * HOUR_MS);
      const reopenedAt = office(first + r.int(48, 96) * HOUR_MS);
      return [
        acknowledgement(w, ack),
        resolution(w, first, 'upheld'),
        reopening(w, reopenedAt),
        resolution(w, office(reopenedAt + r.int(24, 48) * HOUR_MS), 'upheld'),
      ];
    }
    case 'on-time': {
      const done = clear(
        Math.max(ack + 30 * MINUTE_MS, at + 2 * HOUR_MS + minutes(0.5, 'resolve', Number.POSITIVE_INFINITY)),
        'resolve',
      );
      if (done <= w.limit) return [acknowledgement(w, ack), resolution(w, done)];
      p.open = true;
      return ack <= w.limit ? [acknowledgement(w, ack)] : [];
    }
  }
}

/** A few complaints resolved on time whose resolution is sent before their receipt. */
function resolvedEarly(w: Writer, plans: readonly Plan[]): Set<Plan> {
  const closedOnTime = plans.filter((p) => p.story === 'on-time' && !p.open);
  const early = new Set<Plan>();
  for (let i = 0; i < OUT_OF_ORDER && closedOnTime.length > 0; i += 1) {
    early.add(closedOnTime.splice(Math.floor(w.r.next() * closedOnTime.length), 1)[0]!);
  }
  return early;
}

/** The tenant's events in time order, except each early resolution, sent a second before its receipt. */
function sendOrder(
  w: Writer,
  plans: readonly Plan[],
  idOf: (p: Plan) => string,
  early: ReadonlySet<Plan>,
): ComplaintBusEvent[] {
  const timed = plans.flatMap((p) => {
    const complaintId = idOf(p);
    const receivedAt = Date.parse(p.received.receivedAt);
    const detail: ComplaintReceivedDetail = { ...p.received, complaintId };
    const base = { schemaVersion: 1, tenantId: w.tenant.tenantId, centerId: p.received.centerId, complaintId };
    return [
      { at: receivedAt, event: busEvent(ComplaintReceived, detail) },
      ...p.steps.map((s) => ({
        at: early.has(p) && s.type === ComplaintResolved.detailType ? receivedAt - 1_000 : s.at,
        event: {
          source: ComplaintReceived.source,
          detailType: s.type,
          detail: { ...base, occurredAt: w.format(s.at), ...s.fields },
        } satisfies ComplaintBusEvent,
      })),
    ];
  });
  return timed.sort((a, b) => a.at - b.at).map((t) => t.event);
}

/** The instant moved forward, if need be, into 09:00-18:00 local time (keeping its minutes, so times vary). */
function officeHours(at: number, timeZone: string): number {
  const { hour, minute } = toLocal(at, timeZone);
  const minutes = hour * 60 + minute;
  if (minutes >= 9 * 60 && minutes < 18 * 60) return at;
  const untilNine = minutes < 9 * 60 ? 9 * 60 - minutes : 24 * 60 - minutes + 9 * 60;
  return at + (untilNine + (minutes % 53)) * MINUTE_MS;
}

function busEvent(
  type: { source: string; detailType: string },
  detail: ComplaintBusEvent['detail'],
): ComplaintBusEvent {
  return { source: type.source, detailType: type.detailType, detail };
}

/**
 * Every tenant's complaint events in the order they are sent: by time, except each resolution sent before its
 * receipt, which goes a second before it.
 */
export function complaintEvents(complaints: readonly DemoComplaints[]): ComplaintBusEvent[] {
  const keyed = complaints.flatMap((c) => {
    const early = new Set(c.resolvedBeforeReceipt);
    const receivedAt = new Map(
      c.events
        .filter((e) => e.detailType === ComplaintReceived.detailType)
        .map((e) => [e.detail.complaintId, Date.parse(e.detail.occurredAt)]),
    );
    return c.events.map((event) => {
      const { complaintId } = event.detail;
      const sentEarly = event.detailType === ComplaintResolved.detailType && early.has(complaintId);
      return { event, at: sentEarly ? receivedAt.get(complaintId)! - 1_000 : Date.parse(event.detail.occurredAt) };
    });
  });
  return keyed.sort((a, b) => a.at - b.at).map((k) => k.event);
}

/** What `npm start` prints about the demo's complaints: the ones each story is about. */
export function describeDemoComplaints(complaints: readonly DemoComplaints[]): string[] {
  return complaints.map(
    (c) =>
      `  ${c.tenantId}: ${c.complaintIds.length} complaints (${c.linkedToContacts} from contacts), ${c.open.length} open; ` +
      `overdue: ${c.overdue.complaintId} (${c.overdue.step} missed, received ${c.overdue.receivedAt}); ` +
      `acknowledged late: ${c.lateAcknowledged.slice(0, 3).join(', ')}...; to ${c.escalatedExternally.body}: ` +
      `${c.escalatedExternally.complaintId}; reopened: ${c.reopened}; contact ${c.unregisteredContactId} ` +
      'has no complaint registered (P1-CMP-REGISTER)',
  );
}
