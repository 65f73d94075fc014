/**
 * A month of contact-centre traffic for the demo, as canonical `contact.completed` details. Pure and seeded: the
 * same options always give the same contacts, byte for byte, and nothing here touches the network or the clock.
 */
import type { ContactCompletedDetail } from '../../../events/telephony.js';
import { assertTimeZone } from '../../../shared/domain/calendar/wall-clock.js';
import { type Arrival, type Desk, firstContacts, surgeIntervals, withRepeats } from './arrivals.js';
import { demandWeight, type MonthGrid, monthGrid } from './calendar.js';
import { type ContactTraits, type DetailContext, drawTraits, toDetail, zonedFormatter } from './contacts.js';
import { runQueue } from './queue.js';
import { createRandom, type Random } from './random.js';
import { deskRosters } from './roster.js';
import { planSeats } from './staffing.js';
import type { DemoLine, DemoTenant } from './tenant-model.js';
import { DEFAULT_DEMO_TENANTS } from './tenants.js';

export interface SimulateMonthOptions {
  /** Calendar month, `YYYY-MM`, read in each tenant's time zone. */
  month: string;
  seed: string | number;
  /** Defaults to {@link DEFAULT_DEMO_TENANTS}. */
  tenants?: readonly DemoTenant[];
  /** Multiplies every volume (and the rosters, so service stays comparable). Default 1. */
  scale?: number;
}

/** Options the simulator cannot work with. */
export class InvalidDemoOptionsError extends Error {
  override readonly name = 'InvalidDemoOptionsError';
}

/** Days simulated after the month so that work received on its last evening is still answered. */
const TAIL_DAYS = 7;
const DAY_MS = 86_400_000;

/**
 * Simulates every tenant's contacts initiated during `month`, sorted by `endedAt`.
 *
 * @example simulateMonth({ month: '2026-03', seed: 'demo' }).length // about 8,500 at scale 1
 * @throws InvalidDemoOptionsError, InvalidTimeZoneError
 */
export function simulateMonth(options: SimulateMonthOptions): ContactCompletedDetail[] {
  const { month, seed, tenants = DEFAULT_DEMO_TENANTS, scale = 1 } = options;
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new InvalidDemoOptionsError(`month "${month}" is not YYYY-MM`);
  if (!Number.isFinite(scale) || scale <= 0) throw new InvalidDemoOptionsError(`scale ${scale} must be above 0`);
  const root = createRandom(seed);
  const contacts = tenants.flatMap((tenant) => simulateTenant(tenant, month, scale, root.fork(tenant.tenantId)));
  const endedAt = new Map(contacts.map((c) => [c, Date.parse(c.endedAt)]));
  return contacts.sort(
    (a, b) =>
      endedAt.get(a)! - endedAt.get(b)! ||
      a.tenantId.localeCompare(b.tenantId) ||
      a.contactId.localeCompare(b.contactId),
  );
}

function simulateTenant(tenant: DemoTenant, month: string, scale: number, random: Random): ContactCompletedDetail[] {
  assertTimeZone(tenant.timeZone);
  const grid = monthGrid(month, tenant.timeZone, TAIL_DAYS);
  const desks = buildDesks(tenant, grid, scale);
  const customers = customerPool(tenant, desks, random.fork('customers'));
  let seq = 0;
  const nextSeq = () => seq++;
  const firsts = desks.flatMap((desk) => {
    // Forked per line, not per desk, so both sites of a line see the same incident.
    const surge = surgeIntervals(desk.line, grid.intervals, random.fork(`surge/${lineKey(desk.line)}`));
    return firstContacts(
      desk,
      grid.intervals,
      surge,
      customers.refs.length,
      random.fork(`arrivals/${desk.key}`),
      nextSeq,
    );
  });
  const arrivals = withRepeats(firsts, desks, grid.intervals, random.fork('repeats'), nextSeq);
  const traitsRandom = random.fork('traits');
  const traits = new Map<Arrival, ContactTraits>(arrivals.map((a) => [a, drawTraits(a, traitsRandom)]));

  const format = zonedFormatter(tenant.timeZone);
  const context: DetailContext = {
    tenantId: tenant.tenantId,
    customerRef: (customer) => customers.refs[customer]!,
    language: (customer) => customers.languages[customer]!,
    agentFor: (arrival, seat, answeredAt) => {
      const { roster, line } = arrival.desk;
      // Rotate who sits where from day to day, so that every rostered agent takes contacts.
      const day = Math.floor((answeredAt - grid.monthStart) / DAY_MS);
      return roster[(Math.floor(seat / (line.concurrency ?? 1)) + day * 3) % roster.length]!;
    },
    format,
  };

  const finished: Array<{ detail: Omit<ContactCompletedDetail, 'contactId'>; initiated: number; seq: number }> = [];
  for (const desk of desks) {
    const queue = arrivals.filter((a) => a.desk === desk).sort((a, b) => a.queuedAt - b.queuedAt || a.seq - b.seq);
    const seats = planSeats({
      line: desk.line,
      roster: desk.roster.length,
      intervals: grid.intervals,
      forecast: desk.forecast,
      meanServiceSeconds: meanServiceSeconds(desk.line),
      random: random.fork(`staffing/${desk.key}`),
    });
    const callbackOffer = desk.line.callbackOfferAfterSeconds;
    const results = runQueue(
      queue.map((a) => traits.get(a)!),
      { gridStart: grid.monthStart, seats, ...(callbackOffer ? { callbackOfferAfterMs: callbackOffer * 1000 } : {}) },
    );
    queue.forEach((arrival, i) => {
      const t = traits.get(arrival)!;
      const detail = toDetail(arrival, t, results[i]!, context);
      if (detail) finished.push({ detail, initiated: arrival.queuedAt - t.ivrSeconds * 1000, seq: arrival.seq });
    });
  }
  return withContactIds(tenant, finished);
}

/** `ae-20260302-00017`: the tenant's prefix, the local date initiated and the order within that day. */
function withContactIds(
  tenant: DemoTenant,
  finished: Array<{ detail: Omit<ContactCompletedDetail, 'contactId'>; initiated: number; seq: number }>,
): ContactCompletedDetail[] {
  finished.sort((a, b) => a.initiated - b.initiated || a.seq - b.seq);
  const perDay = new Map<string, number>();
  return finished.map(({ detail }) => {
    const day = detail.initiatedAt.slice(0, 10).replaceAll('-', '');
    const n = (perDay.get(day) ?? 0) + 1;
    perDay.set(day, n);
    const { schemaVersion, tenantId, centerId, occurredAt, ...rest } = detail;
    const contactId = `${tenant.contactIdPrefix}-${day}-${String(n).padStart(5, '0')}`;
    return { schemaVersion, tenantId, centerId, occurredAt, contactId, ...rest };
  });
}

function buildDesks(tenant: DemoTenant, grid: MonthGrid, scale: number): Desk[] {
  const weightsByLine = new Map<DemoLine, number[]>();
  return deskRosters(tenant, scale).map(({ line, centerId, share, agentIds }) => {
    let weights = weightsByLine.get(line);
    if (weights === undefined) {
      weights = grid.intervals.map((interval) => demandWeight(line, interval));
      weightsByLine.set(line, weights);
    }
    const monthWeight = weights.reduce((sum, w, i) => sum + (grid.intervals[i]?.inMonth ? w : 0), 0);
    const volume = line.monthlyVolume * share * scale;
    return {
      key: `${lineKey(line)}/${centerId}`,
      line,
      centerId,
      roster: agentIds,
      weights,
      forecast: weights.map((w, i) => (grid.intervals[i]?.inMonth && monthWeight > 0 ? (volume * w) / monthWeight : 0)),
    };
  });
}

/** Pseudonymous customers (`cust-7f3a9c`, never a phone number or address), each with one language. */
function customerPool(tenant: DemoTenant, desks: readonly Desk[], random: Random) {
  const expected = desks.reduce((sum, desk) => sum + desk.forecast.reduce((s, n) => s + n, 0), 0);
  const size = Math.max(50, Math.round(expected * 0.9));
  const seen = new Set<string>();
  const refs: string[] = [];
  while (refs.length < size) {
    const ref = `cust-${random.hex(6)}`;
    if (!seen.has(ref)) {
      seen.add(ref);
      refs.push(ref);
    }
  }
  const languages = refs.map(() => random.pick(tenant.languages, (l) => l.weight).tag);
  return { refs, languages };
}

/** Mean seat time of a contact, from the medians of the log-normal draws in `drawTraits`. */
function meanServiceSeconds(line: DemoLine): number {
  const { handle } = line;
  const mean = (median: number, sigma: number) => median * Math.exp((sigma * sigma) / 2);
  return (
    mean(handle.talkMedianSeconds, 0.55) * (1 + handle.transferShare * 0.5) +
    handle.holdShare * mean(handle.holdMedianSeconds, 0.7) +
    mean(handle.acwMedianSeconds, 0.5)
  );
}

function lineKey(line: DemoLine): string {
  return `${line.channel}/${line.queue}`;
}
