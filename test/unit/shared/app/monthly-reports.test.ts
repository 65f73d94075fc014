/**
 * MonthlyReports with in-memory ports: which month `produceDue` produces is the tenant-local month at `now` (Paris
 * turns to November an hour before UTC does), a month that ended before the first agreement produces nothing, a
 * claim left by a producer that died is taken over after a while but not at once.
 */
import { describe, expect, it } from 'vitest';
import type { MonthlyReportSources } from '../../../../shared/app/monthly-report-figures.js';
import {
  type MonthlyReportRecord,
  MonthlyReports,
  ReportConflictError,
  type ReportExpectation,
  type ReportStore,
} from '../../../../shared/app/monthly-reports.js';
import { AgreementInput } from '../../../../shared/domain/agreement/agreement-schema.js';
import { buildVersion } from '../../../../shared/domain/agreement/agreement-versions.js';

const tenantId = 'acme';
const versions = [
  buildVersion(
    AgreementInput.parse({
      effectiveFrom: '2026-09-15',
      timeZone: { value: 'Europe/Paris', origin: 'contract' },
      language: { value: 'fr', origin: 'contract' },
      reportRecipients: [{ email: 'officer@example.org' }],
    }),
    { tenantId: 'acme', version: 1, recordedAt: '2026-09-01T00:00:00Z', recordedBy: 'officer-1' },
  ),
];

async function* none<T>(): AsyncGenerator<T> {}

const sources = {
  agreements: { versions: async () => versions },
  kpiReport: async (r) => ({
    tenantId,
    timeZone: 'Europe/Paris',
    from: r.from,
    to: r.to,
    granularity: r.granularity,
    series: [],
  }),
  kpis: { days: async () => [] },
  complaints: { all: () => none() },
  agents: { allProfiles: async () => [], tenantViolations: async () => [] },
  controls: { states: async () => new Map(), history: async () => [] },
  quality: { nonconformities: async () => [] },
  erasureRequests: () => none(),
  ledger: { entries: () => none(), storedHead: async () => undefined },
} as MonthlyReportSources;

class MemoryStore implements ReportStore {
  readonly items = new Map<string, MonthlyReportRecord>();
  async report(_t: string, month: string) {
    return this.items.get(month);
  }
  async page() {
    return { reports: [...this.items.values()] };
  }
  async save(record: MonthlyReportRecord, expected: ReportExpectation) {
    const stored = this.items.get(record.month);
    const ok =
      expected === 'absent'
        ? stored === undefined
        : stored?.version === expected.version && stored.generatedAt === expected.generatedAt;
    if (!ok) throw new ReportConflictError('changed meanwhile');
    this.items.set(record.month, record);
  }
  write(record: MonthlyReportRecord, expected: ReportExpectation) {
    return { record, expected };
  }
}

function reports() {
  const store = new MemoryStore();
  const sent: string[] = [];
  const files = new Map<string, Uint8Array>();
  let sequence = 0;
  const monthly = new MonthlyReports({
    sources,
    store,
    renderer: {
      render: async (f) => ({ subject: f.month, html: '', text: '', charts: [], pdf: new Uint8Array([1]), csv: [] }),
    },
    archive: {
      put: async (key, body) => void files.set(key, body),
      get: async (key) => files.get(key) ?? new Uint8Array(),
      presign: async (key) => ({ url: key, expiresAt: new Date() }),
    },
    mailer: {
      compose: async () => new Uint8Array([2]),
      send: async (_m, to) => {
        sent.push(to);
        return { status: 'delivered', messageId: 'm', attempts: 1 };
      },
    },
    ledger: {
      commit: async (_t, prepare) => {
        const change = await prepare();
        if ('unchanged' in change) return { result: change.result };
        const { record, expected } = change.items[0] as { record: MonthlyReportRecord; expected: ReportExpectation };
        await store.save(record, expected);
        return { result: change.result, entry: { sequence: ++sequence } as never };
      },
      append: async () => ({ sequence: ++sequence }) as never,
    },
    publisher: { publish: async () => undefined },
  });
  return { monthly, store, sent };
}

describe('MonthlyReports.produceDue', () => {
  it('produces the month before the tenant-local month at now, once', async () => {
    const { monthly, sent } = reports();
    // 23:30 in Paris on 31 October: still October there, so September is due.
    expect(await monthly.produceDue(tenantId, new Date('2026-10-31T22:30:00Z'))).toEqual({ month: '2026-09' });
    // 00:30 in Paris on 1 November, 23:30 in UTC on 31 October: October is due.
    expect(await monthly.produceDue(tenantId, new Date('2026-10-31T23:30:00Z'))).toEqual({ month: '2026-10' });
    expect(await monthly.produceDue(tenantId, new Date('2026-11-01T06:00:00Z'))).toBeUndefined();
    expect(sent).toEqual(['officer@example.org', 'officer@example.org']);
  });

  it('produces nothing for a month that ended before the first agreement took effect', async () => {
    const { monthly, store } = reports();
    expect(await monthly.produceDue(tenantId, new Date('2026-09-20T06:00:00Z'))).toBeUndefined();
    expect(store.items.size).toBe(0);
  });
});

describe('MonthlyReports.produce', () => {
  it('takes over a claim left by a producer that died, not one still fresh', async () => {
    const { monthly, store } = reports();
    const claim = {
      tenantId,
      month: '2026-10',
      version: 1,
      state: 'generating',
      generatedAt: '2026-11-01T04:00:00.000Z',
    };
    store.items.set('2026-10', claim as MonthlyReportRecord);
    const actor = { actor: 'officer-1', actorRole: 'compliance-officer' };
    await expect(
      monthly.produce(tenantId, '2026-10', { ...actor, now: new Date('2026-11-01T04:05:00Z') }),
    ).rejects.toThrow(ReportConflictError);
    const { outcome, report } = await monthly.produce(tenantId, '2026-10', {
      ...actor,
      now: new Date('2026-11-01T05:00:00Z'),
    });
    expect(outcome).toBe('produced');
    expect(report).toMatchObject({ version: 1, state: 'archived', prefix: 'reports/acme/2026-10/v1/' });
    expect(report.deliveries.map((d) => d.status)).toEqual(['delivered']);
  });
});
