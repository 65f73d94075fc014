import { afterEach, describe, expect, it, vi } from 'vitest';
import sample from '../../../../../events/samples/contact.completed.json' with { type: 'json' };
import type { ContactCompletedDetail } from '../../../../../events/telephony.js';
import { type BusEvent, sendToBus } from '../../../../../infra/local/demo/index.js';
import { type PutEventsServer, startPutEventsServer } from './put-events-server.js';

const contact = (n: number): ContactCompletedDetail =>
  ({ ...sample, contactId: `c-test-${String(n).padStart(4, '0')}` }) as ContactCompletedDetail;

describe('Demo: sendToBus', () => {
  let server: PutEventsServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('puts contacts in batches of 10 as ccc.telephony contact.completed, timed at endedAt', async () => {
    // Prepare
    server = await startPutEventsServer();
    const progress = vi.fn();
    // Act
    const result = await sendToBus({
      endpoint: server.endpoint,
      busName: 'ccc-compliance',
      events: Array.from({ length: 23 }, (_, i) => contact(i)),
      onProgress: progress,
    });
    // Assess
    expect(result).toEqual({ sent: 23, failed: 0 });
    expect(server.requests.map((r) => r.entries.length).sort()).toEqual([10, 10, 3]);
    expect(server.requests[0]?.headers['x-amz-target']).toBe('AWSEvents.PutEvents');
    const first = server.accepted.find((e) => JSON.parse(e.Detail).contactId === 'c-test-0000');
    expect(first).toMatchObject({
      EventBusName: 'ccc-compliance',
      Source: 'ccc.telephony',
      DetailType: 'contact.completed',
    });
    expect(JSON.parse(first!.Detail)).toEqual(contact(0));
    expect(new Date(Number(first!.Time) * 1000).toISOString()).toBe(new Date(sample.endedAt).toISOString());
    expect(progress).toHaveBeenLastCalledWith({ sent: 23, failed: 0 });
  });

  it('retries only the entries the bus reported as failed', async () => {
    server = await startPutEventsServer({
      failEntry: (entry, requestIndex) => requestIndex === 0 && JSON.parse(entry.Detail).contactId === 'c-test-0003',
    });
    const result = await sendToBus({
      endpoint: server.endpoint,
      busName: 'ccc-compliance',
      events: Array.from({ length: 10 }, (_, i) => contact(i)),
      retryDelayMs: 0,
    });
    expect(result).toEqual({ sent: 10, failed: 0 });
    expect(server.requests.map((r) => r.entries.length)).toEqual([10, 1]);
    expect(JSON.parse(server.requests[1]!.entries[0]!.Detail).contactId).toBe('c-test-0003');
    expect(server.accepted).toHaveLength(10);
  });

  it('counts an entry as failed once its attempts are used up, and says why', async () => {
    server = await startPutEventsServer({ failEntry: (entry) => JSON.parse(entry.Detail).contactId === 'c-test-0001' });
    const logger = { warn: vi.fn() };
    const result = await sendToBus({
      endpoint: server.endpoint,
      busName: 'ccc-compliance',
      events: [contact(0), contact(1), contact(2)],
      retryDelayMs: 0,
      maxAttempts: 3,
      logger,
    });
    expect(result).toEqual({ sent: 2, failed: 1 });
    expect(server.requests).toHaveLength(3);
    expect(logger.warn).toHaveBeenCalledWith('events not accepted by the bus', {
      count: 1,
      lastError: 'InternalFailure: try again',
    });
  });

  it('sends any other canonical event given as source, detail-type and detail', async () => {
    server = await startPutEventsServer();
    const complaint: BusEvent = {
      source: 'ccc.complaints',
      detailType: 'complaint.received',
      detail: { occurredAt: '2026-03-02T10:00:00+01:00' },
    };
    await sendToBus({ endpoint: server.endpoint, busName: 'ccc-compliance', events: [complaint] });
    expect(server.accepted[0]).toMatchObject({ Source: 'ccc.complaints', DetailType: 'complaint.received' });
    expect(Number(server.accepted[0]?.Time) * 1000).toBe(Date.parse('2026-03-02T09:00:00Z'));
  });

  it('keeps no more batches in flight than asked', async () => {
    server = await startPutEventsServer({ delayMs: 20 });
    const events = Array.from({ length: 100 }, (_, i) => contact(i));
    const result = await sendToBus({ endpoint: server.endpoint, busName: 'b', events, concurrency: 3 });
    expect(result.sent).toBe(100);
    expect(server.requests).toHaveLength(10);
    expect(server.maxInFlight()).toBe(3);
  });

  it('reports a bus that cannot be reached as failed entries, without throwing', async () => {
    server = await startPutEventsServer();
    const endpoint = server.endpoint;
    await server.close();
    server = undefined;
    const result = await sendToBus({ endpoint, busName: 'b', events: [contact(0)], retryDelayMs: 0, maxAttempts: 1 });
    expect(result).toEqual({ sent: 0, failed: 1 });
  });
});
