/**
 * The record-complaint-event handler on DynamoDB Local, as the bus invokes it: concurrent deliveries of one event
 * keep it once, concurrent events of one complaint all land (each write conditioned on the revision it read), and
 * what cannot be kept is dead-lettered with the reason. The events are dated just now, far from any deadline, so no
 * alert is due (the handler's publisher is the real bus client, which these tests must not reach).
 */
import { readFileSync } from 'node:fs';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { EventBridgeEvent } from '../../../events/envelope.js';
import { TIMELINE_CAP } from '../../../shared/app/complaint-register.js';
import { ComplaintRepository } from '../../../shared/store/complaint-repository.js';
import { testDocumentClient, useStandInEnvironment } from '../../support/stand-ins.js';

const config = useStandInEnvironment();
const { handler } = await import('../../../functions/record-complaint-event/handler.js');
const db = testDocumentClient();
const complaints = new ComplaintRepository(db, config.tableName);
const sample = JSON.parse(readFileSync('events/samples/complaint.received.json', 'utf8'));

const context = {
  functionName: 'record-complaint-event',
  awsRequestId: 'test',
  getRemainingTimeInMillis: () => 30_000,
} as Context;

function event(detailType: string, detail: Record<string, unknown>): EventBridgeEvent {
  return {
    version: '0',
    id: crypto.randomUUID(),
    'detail-type': detailType,
    source: 'ccc.complaints',
    account: '000000000000',
    time: new Date().toISOString(),
    region: 'eu-west-3',
    resources: [],
    detail,
  };
}

const tenantId = `cmp-h-${crypto.randomUUID().slice(0, 8)}`;
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const base = (occurredAt: string) => ({ schemaVersion: 1, tenantId, centerId: 'lyon-1', occurredAt });

function receipt(complaintId: string, receivedAt = minutesAgo(10)) {
  return event('complaint.received', { ...sample, tenantId, complaintId, receivedAt, occurredAt: receivedAt });
}

async function deadLetters() {
  const out = await db.send(
    new QueryCommand({
      TableName: config.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `T#${tenantId}#DEADLETTER` },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []) as Array<{ detailType: string; reason: string; issues?: Array<{ path: string }> }>;
}

describe('Function: record-complaint-event', () => {
  it('keeps a receipt once, however often and concurrently it is delivered', async () => {
    const delivery = receipt('cmp-once');
    const outcomes = await Promise.all([1, 2, 3, 4, 5].map(() => handler(structuredClone(delivery), context)));
    expect(outcomes.filter((o) => o === 'applied')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(4);
    const stored = await complaints.complaint(tenantId, 'cmp-once');
    expect(stored?.revision).toBe(1);
    expect(stored?.record.complaint).toMatchObject({ lifecycle: 'open', status: 'open', category: 'billing' });
  });

  it("applies a complaint's different events arriving at once, whatever order they land in", async () => {
    const complaintId = 'cmp-concurrent';
    const outcomes = await Promise.all([
      handler(receipt(complaintId, minutesAgo(30)), context),
      handler(
        event('complaint.acknowledged', { ...base(minutesAgo(20)), complaintId, acknowledgedAt: minutesAgo(20) }),
        context,
      ),
      handler(
        event('complaint.escalated', {
          ...base(minutesAgo(15)),
          complaintId,
          escalatedAt: minutesAgo(15),
          to: 'internal',
        }),
        context,
      ),
      handler(
        event('complaint.resolved', {
          ...base(minutesAgo(5)),
          complaintId,
          resolvedAt: minutesAgo(5),
          outcome: 'partially-upheld',
          remedy: 'Invoice corrected',
        }),
        context,
      ),
    ]);
    expect(outcomes).toEqual(['applied', 'applied', 'applied', 'applied']);
    const stored = await complaints.complaint(tenantId, complaintId);
    expect(stored?.revision).toBe(4);
    expect(stored?.record.timeline).toHaveLength(4);
    expect(stored?.record.complaint).toMatchObject({
      status: 'closed',
      outcome: 'partially-upheld',
      deadlines: { acknowledge: { state: 'met' }, resolve: { state: 'met' } },
    });
  });

  it('dead-letters a receipt whose remedy carries an e-mail address, keeping nothing of it', async () => {
    const outcome = await handler(
      event('complaint.received', {
        ...(receipt('cmp-personal').detail as Record<string, unknown>),
        remedySought: 'Write to me at jane.doe@example.com',
      }),
      context,
    );
    expect(outcome).toBe('dead-lettered');
    expect(await complaints.complaint(tenantId, 'cmp-personal')).toBeUndefined();
    const letter = (await deadLetters()).find((d) => d.issues?.some((i) => i.path === 'remedySought'));
    expect(letter).toMatchObject({ detailType: 'complaint.received', reason: 'detail failed schema validation' });
    expect(JSON.stringify(letter)).not.toContain('jane.doe');
  });

  it(`dead-letters an event for a complaint that already holds ${TIMELINE_CAP} events`, async () => {
    const complaintId = 'cmp-full';
    expect(await handler(receipt(complaintId, minutesAgo(600)), context)).toBe('applied');
    const stored = await complaints.complaint(tenantId, complaintId);
    if (stored === undefined) throw new Error('not stored');
    // A producer in a loop: escalations one second apart, written straight to the item.
    const escalations = Array.from({ length: TIMELINE_CAP - 1 }, (_, i) => {
      const at = new Date(Date.now() - 500 * 60_000 + i * 1000).toISOString();
      return {
        type: 'complaint.escalated' as const,
        at,
        key: `complaint.escalated#${complaintId}#${Date.parse(at)}`,
        fields: { to: 'internal' },
      };
    });
    const full = { ...stored.record, timeline: [...stored.record.timeline, ...escalations] };
    const put = complaints.complaintWrite(full, stored.revision).Put;
    await db.send(new PutCommand(put as never));

    const outcome = await handler(
      event('complaint.escalated', { ...base(minutesAgo(1)), complaintId, escalatedAt: minutesAgo(1), to: 'external' }),
      context,
    );
    expect(outcome).toBe('dead-lettered');
    const letter = (await deadLetters()).find((d) => d.detailType === 'complaint.escalated');
    expect(letter?.reason).toBe(
      `complaint ${complaintId} already holds ${TIMELINE_CAP} events, the most one complaint may keep`,
    );
    expect((await complaints.complaint(tenantId, complaintId))?.record.timeline).toHaveLength(TIMELINE_CAP);
  });
});
