import { performance } from 'node:perf_hooks';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ACME_ENERGY } from '../../infra/local/demo/acme-energy.js';
import { simulateMonth } from '../../infra/local/demo/simulator.js';
import { KpiQuery } from '../../shared/app/kpi-query.js';
import { localDate } from '../../shared/domain/calendar/zoned-time.js';
import { addCounters, contactCounters, emptyCounters, type KpiCounters } from '../../shared/domain/kpi/kpi-counters.js';
import { AgreementRepository } from '../../shared/store/agreement-repository.js';
import { addToAggregate, kpiKeys } from '../../shared/store/kpi-aggregate-items.js';
import { KpiRepository } from '../../shared/store/kpi-repository.js';
import { round } from './bus-throughput.js';

const SIMULATED_PER_SCALE_UNIT = 5_251; // acme-energy's month at scale 1 (seed-dependent, close enough to size runs)

/**
 * Builds a tenant's month of day aggregates from `target` simulated contacts, folded in memory with the product's
 * own per-contact counters and written with the product's own update, so the table holds exactly what recording
 * those contacts one by one would have left (without waiting hours for a million transactions).
 */
async function seedMonth(db: DynamoDBDocumentClient, tableName: string, tenantId: string, target: number) {
  const sums = new Map<
    string,
    { date: string; channel: string; centerId: string; queue: string; counters: KpiCounters }
  >();
  const chunkScale = Math.min(10, target / SIMULATED_PER_SCALE_UNIT);
  let contacts = 0;
  for (let chunk = 0; contacts < target; chunk++) {
    for (const contact of simulateMonth({
      month: '2026-10',
      seed: `kpi-${chunk}`,
      tenants: [ACME_ENERGY],
      scale: chunkScale,
    })) {
      if (contacts >= target) break;
      contacts++;
      const date = localDate(contact.initiatedAt, 'Europe/Paris');
      const key = `${date}#${contact.channel}#${contact.centerId}#${contact.queue}`;
      const entry = sums.get(key) ?? {
        date,
        channel: contact.channel,
        centerId: contact.centerId,
        queue: contact.queue,
        counters: emptyCounters(),
      };
      entry.counters = addCounters(entry.counters, contactCounters(contact));
      sums.set(key, entry);
    }
  }
  for (const { date, channel, centerId, queue, counters } of sums.values()) {
    const dims = { channel: channel as never, centerId, queue };
    const { Update } = addToAggregate(
      tableName,
      kpiKeys.day(tenantId, date, dims),
      { entity: 'kpi-day', v: 1, date, ...dims },
      counters,
    );
    await db.send(new UpdateCommand(Update as never));
  }
  return { contacts, items: sums.size };
}

/** Median time of the month KPI query, and what it read, for a month of `contacts` contacts. */
export async function benchKpiQuery(db: DynamoDBDocumentClient, tableName: string, contacts: number, runs = 15) {
  const tenantId = `bench-${contacts}-${Date.now().toString(36)}`;
  const seeded = await seedMonth(db, tableName, tenantId, contacts);
  const query = new KpiQuery(new KpiRepository(db, tableName), new AgreementRepository(db, tableName));
  const times: number[] = [];
  let offered = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const report = await query.report({ tenantId, from: '2026-10-01', to: '2026-10-31', granularity: 'month' });
    times.push(performance.now() - started);
    offered = report.series.reduce((n, s) => n + s.offered, 0);
  }
  times.sort((a, b) => a - b);
  return {
    contacts: seeded.contacts,
    aggregateItems: seeded.items,
    offeredInReport: offered,
    medianMs: round(times[Math.floor(times.length / 2)]!),
    p90Ms: round(times[Math.floor(times.length * 0.9)]!),
  };
}
