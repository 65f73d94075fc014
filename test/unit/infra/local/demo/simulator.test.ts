import { beforeAll, describe, expect, it } from 'vitest';
import { ContactCompletedDetail } from '../../../../../events/telephony.js';
import {
  ACME_ENERGY,
  demoAgents,
  InvalidDemoOptionsError,
  NORTHWIND_TELECOM,
  simulateMonth,
  UnknownDemoSiteError,
} from '../../../../../infra/local/demo/index.js';

// March 2026: clocks change on Sunday the 29th in both Paris and London.
const MONTH = '2026-03';
const LIVE = new Set(['voice', 'chat']);

let contacts: ContactCompletedDetail[];
beforeAll(() => {
  contacts = simulateMonth({ month: MONTH, seed: 'unit-test' });
});

const ms = (iso: string | undefined) => Date.parse(iso ?? '');
/** Wait as docs/kpis.md defines it. */
const waitSeconds = (c: ContactCompletedDetail) =>
  ((c.outcome === 'handled' ? ms(c.answeredAt) : ms(c.endedAt)) - ms(c.queuedAt ?? c.initiatedAt)) / 1000;
const localDate = (c: ContactCompletedDetail) => c.initiatedAt.slice(0, 10);
const localHour = (iso: string) => Number(iso.slice(11, 13));
const weekday = (date: string) => new Date(`${date}T12:00:00Z`).getUTCDay();
const share = (items: ContactCompletedDetail[], test: (c: ContactCompletedDetail) => boolean) =>
  items.filter(test).length / items.length;

describe('Demo: simulateMonth', () => {
  it('produces only canonical contact.completed details, with occurredAt exactly endedAt', () => {
    const invalid = contacts.filter((c) => !ContactCompletedDetail.safeParse(c).success);
    expect(invalid).toEqual([]);
    expect(contacts.every((c) => c.occurredAt === c.endedAt)).toBe(true);
  });

  it('fills a month with 6,000 to 10,000 contacts over both tenants, all initiated in that month', () => {
    expect(contacts.length).toBeGreaterThanOrEqual(6000);
    expect(contacts.length).toBeLessThanOrEqual(10_000);
    expect(contacts.every((c) => c.initiatedAt.startsWith(MONTH))).toBe(true);
    const channels = (tenantId: string) =>
      new Set(contacts.filter((c) => c.tenantId === tenantId).map((c) => c.channel));
    expect(channels('acme-energy')).toEqual(new Set(['voice', 'email', 'chat']));
    expect(channels('northwind-telecom')).toEqual(new Set(['voice', 'chat', 'social', 'messaging', 'email']));
    const acmeSites = new Set(contacts.filter((c) => c.tenantId === 'acme-energy').map((c) => c.centerId));
    expect(acmeSites).toEqual(new Set(['lyon-1', 'casablanca-1']));
  });

  it('is the same for the same seed and different for another', () => {
    expect(simulateMonth({ month: MONTH, seed: 'unit-test' })).toEqual(contacts);
    const other = simulateMonth({ month: MONTH, seed: 'another', tenants: [NORTHWIND_TELECOM] });
    expect(other).not.toEqual(contacts.filter((c) => c.tenantId === 'northwind-telecom'));
  });

  it('gives every contact its own id', () => {
    const ids = new Set(contacts.map((c) => `${c.tenantId}/${c.contactId}`));
    expect(ids.size).toBe(contacts.length);
  });

  it('is busier on weekdays than at weekends, and busiest on Mondays', () => {
    const perDate = new Map<string, number>();
    for (const c of contacts) perDate.set(localDate(c), (perDate.get(localDate(c)) ?? 0) + 1);
    const average = (days: number[]) => {
      const counts = [...perDate].filter(([date]) => days.includes(weekday(date))).map(([, n]) => n);
      return counts.reduce((a, b) => a + b, 0) / counts.length;
    };
    expect(average([1, 2, 3, 4, 5])).toBeGreaterThan(2 * average([0, 6]));
    expect(average([1])).toBeGreaterThan(average([3]));
  });

  it('takes calls and chats only in opening hours, with the busiest hours mid-morning to afternoon', () => {
    const live = contacts.filter((c) => LIVE.has(c.channel));
    expect(live.some((c) => localHour(c.queuedAt!) < 7 || localHour(c.queuedAt!) >= 22)).toBe(false);
    const perHour = new Array<number>(24).fill(0);
    for (const c of live) perHour[localHour(c.queuedAt!)]! += 1;
    const busiest = perHour
      .map((n, hour) => ({ n, hour }))
      .sort((a, b) => b.n - a.n)
      .slice(0, 3);
    for (const { hour } of busiest) expect(hour).toBeGreaterThanOrEqual(9);
    for (const { hour } of busiest) expect(hour).toBeLessThan(17);
  });

  it('lets e-mail arrive round the clock but answers it in opening hours, some after more than 24 hours', () => {
    const email = contacts.filter((c) => c.channel === 'email');
    expect(email.some((c) => localHour(c.initiatedAt) < 6)).toBe(true);
    const answeredAtNight = email.filter(
      (c) => c.answeredAt && (localHour(c.answeredAt) < 8 || localHour(c.answeredAt) >= 19),
    );
    expect(answeredAtNight).toEqual([]);
    const overADay = share(email, (c) => ms(c.answeredAt) - ms(c.initiatedAt) > 86_400_000);
    expect(overADay).toBeGreaterThan(0.01);
    expect(overADay).toBeLessThan(0.3);
    const social = contacts.filter((c) => c.channel === 'social' || c.channel === 'messaging');
    const minutes = social.map((c) => (ms(c.answeredAt) - ms(c.initiatedAt)) / 60_000).sort((a, b) => a - b);
    expect(minutes[Math.floor(minutes.length / 2)]).toBeGreaterThan(1);
    expect(minutes[Math.floor(minutes.length / 2)]).toBeLessThan(8 * 60);
  });

  it('makes abandonment rise with waiting: callers who waited over 60 s gave up more than those under 20 s', () => {
    const live = contacts.filter((c) => LIVE.has(c.channel) && c.outcome !== 'callback-requested');
    const abandonedShare = (group: ContactCompletedDetail[]) => share(group, (c) => c.outcome === 'abandoned');
    const short = abandonedShare(live.filter((c) => waitSeconds(c) < 20));
    const long = abandonedShare(live.filter((c) => waitSeconds(c) > 60));
    expect(long).toBeGreaterThan(3 * short);
  });

  it('includes a few short abandons (under 5 s) and a few callback requests', () => {
    const voice = contacts.filter((c) => c.channel === 'voice');
    const shortAbandons = voice.filter((c) => c.outcome === 'abandoned' && waitSeconds(c) < 5);
    expect(shortAbandons.length).toBeGreaterThan(10);
    expect(shortAbandons.length / voice.length).toBeLessThan(0.05);
    const callbacks = voice.filter((c) => c.outcome === 'callback-requested');
    expect(callbacks.length).toBeGreaterThan(0);
    expect(callbacks.length / voice.length).toBeLessThan(0.05);
  });

  it('keeps voice service near the usual 80/20 target, with some bad days', () => {
    for (const tenantId of ['acme-energy', 'northwind-telecom']) {
      const voice = contacts.filter((c) => c.tenantId === tenantId && c.channel === 'voice');
      const abandoned = voice.filter((c) => c.outcome === 'abandoned' && waitSeconds(c) >= 5).length;
      const handled = voice.filter((c) => c.outcome === 'handled');
      const serviceLevel = handled.filter((c) => waitSeconds(c) <= 20).length / (handled.length + abandoned);
      expect(serviceLevel).toBeGreaterThan(0.7);
      expect(serviceLevel).toBeLessThan(0.95);
      expect(abandoned / voice.length).toBeGreaterThan(0.01);
      expect(abandoned / voice.length).toBeLessThan(0.12);
    }
    const acmeVoice = contacts.filter((c) => c.tenantId === 'acme-energy' && c.channel === 'voice');
    const byDay = new Map<string, ContactCompletedDetail[]>();
    for (const c of acmeVoice) byDay.set(localDate(c), [...(byDay.get(localDate(c)) ?? []), c]);
    const worstDay = Math.max(
      ...[...byDay.values()].filter((d) => d.length > 40).map((d) => share(d, (c) => c.outcome === 'abandoned')),
    );
    expect(worstDay).toBeGreaterThan(2 * share(acmeVoice, (c) => c.outcome === 'abandoned'));
  });

  it('brings customers back with the same reason within days, under pseudonymous references', () => {
    const refs = contacts.flatMap((c) => (c.customerRef ? [c.customerRef] : []));
    expect(refs.every((ref) => /^cust-[0-9a-f]{6}$/.test(ref))).toBe(true);
    const byCustomerAndReason = new Map<string, number[]>();
    for (const c of contacts) {
      if (!c.customerRef) continue;
      const key = `${c.tenantId}/${c.customerRef}/${c.reason}`;
      byCustomerAndReason.set(key, [...(byCustomerAndReason.get(key) ?? []), ms(c.initiatedAt)]);
    }
    const repeatsWithinFiveDays = [...byCustomerAndReason.values()].filter((times) => {
      const sorted = times.sort((a, b) => a - b);
      return sorted.some((t, i) => i > 0 && t - sorted[i - 1]! <= 5 * 86_400_000);
    });
    expect(repeatsWithinFiveDays.length).toBeGreaterThan(200);
  });

  it('fills in what platforms know: agents, recordings, transfers, handle times and first-contact resolution', () => {
    const handled = contacts.filter((c) => c.outcome === 'handled');
    expect(handled.every((c) => c.agentId?.startsWith('agent-') && c.talkSeconds !== undefined)).toBe(true);
    expect(contacts.filter((c) => c.outcome !== 'handled').every((c) => c.agentId === undefined)).toBe(true);
    expect(contacts.filter((c) => c.channel === 'voice' && c.outcome === 'handled').every((c) => c.recorded)).toBe(
      true,
    );
    expect(contacts.filter((c) => c.channel !== 'voice').every((c) => c.recorded === undefined)).toBe(true);
    const known = share(handled, (c) => c.resolvedOnFirstContact !== undefined);
    expect(known).toBeGreaterThan(0.4);
    expect(known).toBeLessThan(0.8);
    const resolved = share(
      handled.filter((c) => c.resolvedOnFirstContact !== undefined),
      (c) => c.resolvedOnFirstContact === true,
    );
    expect(resolved).toBeGreaterThan(0.6);
    expect(resolved).toBeLessThan(0.9);
    expect(share(handled, (c) => c.transferred === true)).toBeGreaterThan(0.02);
    const talk = handled
      .filter((c) => c.channel === 'voice')
      .map((c) => c.talkSeconds!)
      .sort((a, b) => a - b);
    expect(talk[Math.floor(talk.length / 2)]).toBeGreaterThan(120);
    expect(talk[Math.floor(talk.length * 0.99)]).toBeGreaterThan(3 * talk[Math.floor(talk.length / 2)]!);
    const languages = new Set(contacts.filter((c) => c.tenantId === 'acme-energy').map((c) => c.language));
    expect(languages.has('fr-FR')).toBe(true);
  });

  it('names only rostered agents, each working at their own site', () => {
    const roster = new Map(
      [ACME_ENERGY, NORTHWIND_TELECOM].flatMap((tenant) => demoAgents(tenant).map((a) => [a.agentId, a] as const)),
    );
    expect(roster.size).toBe(demoAgents(ACME_ENERGY).length + demoAgents(NORTHWIND_TELECOM).length);
    for (const c of contacts.filter((c) => c.agentId !== undefined)) {
      expect(roster.get(c.agentId!)).toMatchObject({ centerId: c.centerId, channel: c.channel, queue: c.queue });
    }
  });

  it.each([
    ['acme-energy', '2026-03-27', '+01:00', '2026-03-30', '+02:00'],
    ['northwind-telecom', '2026-03-27', '+00:00', '2026-03-30', '+01:00'],
  ])(
    'writes %s times with the offset in force that day (%s %s, %s %s)',
    (tenantId, before, offBefore, after, offAfter) => {
      const ofTenant = contacts.filter((c) => c.tenantId === tenantId);
      expect(ofTenant.filter((c) => localDate(c) === before).every((c) => c.initiatedAt.endsWith(offBefore))).toBe(
        true,
      );
      expect(ofTenant.filter((c) => localDate(c) === after).every((c) => c.initiatedAt.endsWith(offAfter))).toBe(true);
    },
  );

  it('shows every time as the wall clock of the tenant zone at that instant', () => {
    const zone = { 'acme-energy': 'Europe/Paris', 'northwind-telecom': 'Europe/London' } as const;
    const wallClock = (iso: string, timeZone: string) =>
      new Date(iso).toLocaleString('sv-SE', { timeZone }).replace(' ', 'T');
    for (const c of contacts.filter((_, i) => i % 7 === 0)) {
      const timeZone = zone[c.tenantId as keyof typeof zone];
      for (const iso of [c.initiatedAt, c.endedAt]) expect(iso.slice(0, 19)).toBe(wallClock(iso, timeZone));
    }
  });

  it('scales volume and accepts its own tenants', () => {
    const small = simulateMonth({ month: MONTH, seed: 'unit-test', tenants: [ACME_ENERGY], scale: 0.25 });
    const acme = contacts.filter((c) => c.tenantId === 'acme-energy').length;
    expect(new Set(small.map((c) => c.tenantId))).toEqual(new Set(['acme-energy']));
    expect(small.length).toBeGreaterThan(acme * 0.18);
    expect(small.length).toBeLessThan(acme * 0.32);
  });

  it.each([{ month: '2026-13' }, { month: 'March' }, { month: MONTH, scale: 0 }])('refuses %j', (options) => {
    expect(() => simulateMonth({ seed: 1, ...options })).toThrow(InvalidDemoOptionsError);
  });

  it('refuses a tenant that routes work to a site without agent numbers', () => {
    const tenant = { ...ACME_ENERGY, firstAgentNumber: { 'lyon-1': 1 } };
    expect(() => simulateMonth({ month: MONTH, seed: 1, tenants: [tenant] })).toThrow(UnknownDemoSiteError);
  });
});
