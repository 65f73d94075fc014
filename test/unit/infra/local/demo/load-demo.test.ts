import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  contactTrafficGenerator,
  DEFAULT_DEMO_GENERATORS,
  type DemoGenerator,
  loadDemo,
  previousMonth,
} from '../../../../../infra/local/demo/index.js';
import { type PutEventsServer, startPutEventsServer } from './put-events-server.js';

describe('Demo: loadDemo', () => {
  let server: PutEventsServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it.each([
    ['2026-04-10T08:00:00Z', '2026-03'],
    ['2026-01-01T00:00:00Z', '2025-12'],
    ['2026-12-31T23:59:59Z', '2026-11'],
  ])('fills the calendar month before %s (%s)', (now, month) => {
    expect(previousMonth(new Date(now))).toBe(month);
  });

  it('runs every generator for that month and sends what it yields to the bus', async () => {
    // Prepare
    server = await startPutEventsServer();
    const seen = vi.fn();
    const complaints: DemoGenerator = {
      name: 'complaints',
      events: (context) => {
        seen(context);
        return [
          {
            source: 'ccc.complaints',
            detailType: 'complaint.received',
            detail: { occurredAt: '2026-03-02T10:00:00Z' },
          },
        ];
      },
    };
    const logger = { info: vi.fn(), warn: vi.fn() };
    // Act
    const result = await loadDemo({
      endpoint: server.endpoint,
      busName: 'ccc-compliance',
      now: new Date('2026-04-10T08:00:00Z'),
      generators: [complaints],
      logger,
    });
    // Assess
    expect(result).toEqual({
      month: '2026-03',
      sent: 1,
      failed: 0,
      byGenerator: { complaints: { sent: 1, failed: 0 } },
    });
    expect(seen).toHaveBeenCalledWith({ month: '2026-03', seed: 'ccc-demo', now: new Date('2026-04-10T08:00:00Z') });
    expect(server.accepted[0]).toMatchObject({ EventBusName: 'ccc-compliance', Source: 'ccc.complaints' });
    expect(logger.info).toHaveBeenCalledWith('demo data loaded', { generator: 'complaints', sent: 1, failed: 0 });
  });

  it('loads a month of contacts by default', () => {
    expect(DEFAULT_DEMO_GENERATORS).toContain(contactTrafficGenerator);
    const events = [...contactTrafficGenerator.events({ month: '2026-02', seed: 'x', now: new Date() })];
    expect(events.length).toBeGreaterThan(6000);
    expect(events[0]).toMatchObject({ source: 'ccc.telephony', detailType: 'contact.completed' });
  });
});
