/**
 * The complaints API (functions/get-complaints) on DynamoDB Local: complaints made by ComplaintRegister.apply from
 * complaint events, then each status filter, pagination across the lists, one complaint's timeline and deadlines,
 * the figures of a period, roles and errors as a caller sees them (every answer checked against the OpenAPI
 * document). Times are relative to now, far enough from every deadline that the day of the week does not matter:
 * the default agreement gives 2 business days to acknowledge and 10 to resolve.
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ComplaintEvent } from '../../../events/complaints.js';
import { ComplaintRegister } from '../../../shared/app/complaint-register.js';
import { localDate } from '../../../shared/domain/calendar/zoned-time.js';
import { AgreementRepository } from '../../../shared/store/agreement-repository.js';
import { ComplaintRepository } from '../../../shared/store/complaint-repository.js';
import { conditionalWriter } from '../../../shared/store/conditional-writer.js';
import { DynamoLedgerRepository } from '../../../shared/store/ledger-repository.js';
import { testDocumentClient, useStandInEnvironment } from '../../support/stand-ins.js';
import { answer, apiEvent, lambdaContext } from '../kpis/support/api-event.js';

const config = useStandInEnvironment();
const { handler } = await import('../../../functions/get-complaints/handler.js');
const db = testDocumentClient();
const register = new ComplaintRegister(
  new ComplaintRepository(db, config.tableName),
  new AgreementRepository(db, config.tableName),
  new DynamoLedgerRepository(db, config.tableName),
  { publish: async () => undefined },
  conditionalWriter(db),
);

const DAY_MS = 86_400_000;
const NOW = Date.now();
const iso = (days: number) => new Date(NOW + days * DAY_MS).toISOString();
const tenantId = `complaints-${crypto.randomUUID().slice(0, 8)}`;
const LIST = '/v1/tenants/{tenantId}/complaints';
const ONE = '/v1/tenants/{tenantId}/complaints/{complaintId}';
const FIGURES = '/v1/tenants/{tenantId}/complaint-figures';

const base = (occurredAt: string) => ({ schemaVersion: 1 as const, tenantId, centerId: 'lyon-1', occurredAt });

function received(complaintId: string, at: string, category = 'billing'): ComplaintEvent {
  return {
    type: 'complaint.received',
    detail: {
      ...base(at),
      complaintId,
      channel: 'email',
      category,
      severity: 'high',
      receivedAt: at,
      remedySought: 'A refund',
    },
  };
}
const acknowledged = (complaintId: string, at: string): ComplaintEvent => ({
  type: 'complaint.acknowledged',
  detail: { ...base(at), complaintId, acknowledgedAt: at },
});
const resolved = (complaintId: string, at: string): ComplaintEvent => ({
  type: 'complaint.resolved',
  detail: { ...base(at), complaintId, resolvedAt: at, outcome: 'upheld', remedy: 'Refunded' },
});

const apply = (event: ComplaintEvent) =>
  register.apply(event, `${event.type}#${event.detail.complaintId}#${Date.parse(event.detail.occurredAt)}`);

/** Never acknowledged, received 30 days ago: both deadlines missed. */
const OVERDUE = 'c-overdue';
/** Received a minute ago, acknowledged at once. */
const FRESH_ACKED = 'c-fresh-acked';
/** Received a minute ago. */
const FRESH = 'c-fresh';
/** Only its acknowledgement has arrived. */
const PENDING = 'c-pending';
/** Closed: received 20, 15 and 12 days ago, each acknowledged within the hour and resolved the next day. */
const CLOSED = ['c-closed-1', 'c-closed-2', 'c-closed-3'];

beforeAll(async () => {
  await apply(received(OVERDUE, iso(-30), 'outage'));
  await apply(received(FRESH_ACKED, iso(-1 / 1440)));
  await apply(acknowledged(FRESH_ACKED, iso(-1 / 2880)));
  await apply(received(FRESH, iso(-1 / 1440), 'outage'));
  await apply(acknowledged(PENDING, iso(-1 / 2880)));
  for (const [i, days] of [20, 15, 12].entries()) {
    const id = CLOSED[i] as string;
    await apply(received(id, iso(-days)));
    await apply(acknowledged(id, iso(-days + 1 / 48)));
    await apply(resolved(id, iso(-days + 1)));
  }
});

interface Call {
  route: string;
  complaintId?: string;
  query?: Record<string, string>;
  groups?: string;
  tenants?: string;
}

async function call({ route, complaintId, query, groups, tenants }: Call) {
  const event = apiEvent({
    method: 'GET',
    route,
    tenantId,
    ...(query === undefined ? {} : { query }),
    ...(groups === undefined ? {} : { groups }),
    ...(tenants === undefined ? {} : { tenants }),
  });
  const withId: APIGatewayProxyEventV2WithJWTAuthorizer =
    complaintId === undefined
      ? event
      : {
          ...event,
          rawPath: event.rawPath.replace('{complaintId}', complaintId),
          pathParameters: { ...event.pathParameters, complaintId },
        };
  return answer(await handler(withId, lambdaContext), withId);
}

interface Summary {
  complaintId: string;
  status: string;
  deadlines: Record<string, { state: string; dueAt: string }>;
}

const list = async (query: Record<string, string>) => {
  const res = await call({ route: LIST, query });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { complaints: Summary[]; nextCursor?: string };
};
const ids = (complaints: Summary[]) => complaints.map((c) => c.complaintId);

describe('Function: get-complaints', () => {
  it('lists the open complaints most urgent first, the overdue one with its missed deadlines', async () => {
    const { complaints, nextCursor } = await list({ status: 'open' });
    expect(ids(complaints)[0]).toBe(OVERDUE);
    expect(new Set(ids(complaints))).toEqual(new Set([OVERDUE, FRESH_ACKED, FRESH]));
    expect(nextCursor).toBeUndefined();
    const [overdue] = complaints;
    expect(overdue).toMatchObject({
      status: 'overdue',
      category: 'outage',
      channel: 'email',
      severity: 'high',
      deadlines: { acknowledge: { state: 'missed' }, resolve: { state: 'missed' } },
    });
    const acked = complaints.find((c) => c.complaintId === FRESH_ACKED);
    expect(acked).toMatchObject({ status: 'open', acknowledgedAt: expect.any(String) });
    expect(acked?.deadlines.acknowledge?.state).toBe('met');
  });

  it('lists only the overdue complaint under overdue, and the closed ones newest resolution first', async () => {
    expect(ids((await list({ status: 'overdue' })).complaints)).toEqual([OVERDUE]);
    const closed = await list({ status: 'closed' });
    expect(ids(closed.complaints)).toEqual([...CLOSED].reverse());
    expect(closed.complaints[0]).toMatchObject({ status: 'closed', resolvedAt: iso(-11) });
  });

  it('walks every complaint two at a time across the lists, without a duplicate', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await list({ status: 'all', limit: '2', ...(cursor === undefined ? {} : { cursor }) });
      expect(page.complaints.length).toBeLessThanOrEqual(2);
      seen.push(...ids(page.complaints));
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== undefined && pages < 10);
    expect(seen.slice(3)).toEqual([PENDING, ...[...CLOSED].reverse()]);
    expect(new Set(seen.slice(0, 3))).toEqual(new Set([OVERDUE, FRESH_ACKED, FRESH]));
    const byStatus = await list({ status: 'all' });
    expect(byStatus.complaints.find((c) => c.complaintId === PENDING)).toMatchObject({
      status: 'pending-receipt',
      deadlines: {},
    });
    // A cursor belongs to its list: another filter refuses it.
    const first = await list({ status: 'all', limit: '2' });
    const elsewhere = await call({ route: LIST, query: { status: 'closed', cursor: first.nextCursor as string } });
    expect(elsewhere.status).toBe(400);
  });

  it("shows a complaint's timeline in the order things happened and its deadlines", async () => {
    const res = await call({ route: ONE, complaintId: CLOSED[0] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      tenantId,
      complaintId: CLOSED[0],
      status: 'closed',
      receivedAt: iso(-20),
      acknowledgedAt: iso(-20 + 1 / 48),
      resolvedAt: iso(-19),
      firstResolvedAt: iso(-19),
      outcome: 'upheld',
      remedy: 'Refunded',
      remedySought: 'A refund',
      reopenings: 0,
      escalations: [],
      agreementVersion: 0,
      deadlines: { acknowledge: { state: 'met' }, resolve: { state: 'met' } },
    });
    const timeline = (res.body as { timeline: Array<{ type: string; at: string }> }).timeline;
    expect(timeline.map((e) => [e.type, e.at])).toEqual([
      ['complaint.received', iso(-20)],
      ['complaint.acknowledged', iso(-20 + 1 / 48)],
      ['complaint.resolved', iso(-19)],
    ]);
  });

  it('gives the figures of a period: received, on-time shares, ageing, top categories', async () => {
    const to = localDate(new Date(NOW), 'Europe/Paris');
    const from = localDate(new Date(NOW - 30 * DAY_MS), 'Europe/Paris');
    const res = await call({ route: FIGURES, query: { from, to } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      tenantId,
      from,
      to,
      // No contact recorded for this tenant: no rate per 1,000 contacts.
      contacts: null,
      figures: {
        received: 6,
        open: 2,
        overdue: 1,
        closed: 3,
        // The fresh complaint's acknowledgement is not due yet; the overdue one's is missed.
        acknowledgedOnTime: { onTime: 4, due: 5, share: 0.8 },
        per1000Contacts: null,
        topCategories: [
          { category: 'billing', count: 4, previous: 0 },
          { category: 'outage', count: 2, previous: 0 },
        ],
      },
    });
    const { ageing } = (res.body as { figures: { ageing: Record<string, number> } }).figures;
    expect(ageing['21+']).toBe(1);
    expect(ageing['0-2']).toBe(2);
    const backwards = await call({ route: FIGURES, query: { from: to, to: from } });
    expect(backwards.status).toBe(400);
  });

  it('answers 404 problem+json for an unknown complaint', async () => {
    const res = await call({ route: ONE, complaintId: 'no-such-complaint' });
    expect(res.status).toBe(404);
    expect(res.contentType).toBe('application/problem+json');
  });

  it('lets the officer, the client manager and the auditor in, refuses other roles, hides other tenants', async () => {
    for (const groups of ['[auditor]', '[client-manager]']) {
      expect((await call({ route: LIST, groups })).status).toBe(200);
      expect((await call({ route: ONE, complaintId: OVERDUE, groups })).status).toBe(200);
      expect((await call({ route: FIGURES, groups, query: { from: '2026-01-01', to: '2026-01-31' } })).status).toBe(
        200,
      );
    }
    expect((await call({ route: LIST, groups: '[dpo]' })).status).toBe(403);
    expect((await call({ route: ONE, complaintId: OVERDUE, groups: '[recording-reviewer]' })).status).toBe(403);
    expect((await call({ route: ONE, complaintId: OVERDUE, tenants: 'someone-else' })).status).toBe(404);
    expect((await call({ route: LIST, tenants: 'someone-else' })).status).toBe(404);
  });
});
