/**
 * The tenant-wide recording access log (`GET /v1/tenants/{tenantId}/recording-access-log`) against DynamoDB Local and
 * the S3 stand-in: accesses granted through the API show up newest first within their window, with what the
 * per-recording log shows, page by page under a signed cursor bound to the window, never another tenant's; a bad
 * window is a 400 and a client manager a 403. The ledger read behind it stops at the window's start and caps a page's
 * reads (shared/store/ledger-repository.ts `newestOfKind`).
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoLedgerRepository } from '../../../shared/store/ledger-repository.js';
import { testDocumentClient, useStandInEnvironment } from '../../support/stand-ins.js';
import { callApi } from '../kpis/support/api-event.js';
import { freshBucket, putRecording, storedRecording, testS3 } from './support/deletion-fixtures.js';
import { callRecordingApi } from './support/recording-api.js';

const config = useStandInEnvironment();
const db = testDocumentClient();
const s3 = testS3();
const bucket = await freshBucket(s3);
process.env.RECORDINGS_BUCKET = bucket;
delete process.env.RECORDING_ACCESS_URL_SECONDS;
delete process.env.RECORDING_ACCESS_HOURLY_LIMIT;
const { handler } = await import('../../../functions/request-recording-access/handler.js');
const { handler: putAgreement } = await import('../../../functions/put-agreement/handler.js');

const ACCESS = '/v1/tenants/{tenantId}/recordings/{contactId}/access';
const TENANT_LOG = '/v1/tenants/{tenantId}/recording-access-log';
const ALL_DAY = [{ opens: '00:00', closes: '24:00' }];
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const DAY_MS = 86_400_000;

type Access = Record<string, unknown>;

/** A tenant open around the clock (so no access is out of hours) with a stored recording for each contact. */
async function tenant(contactIds: string[]): Promise<string> {
  const tenantId = `rec-log-${randomUUID().slice(0, 8)}`;
  const put = await callApi(putAgreement, {
    method: 'PUT',
    route: '/v1/tenants/{tenantId}/agreement',
    tenantId,
    groups: '[admin]',
    body: {
      effectiveFrom: '2020-01-01',
      businessCalendar: {
        openingHours: { value: Object.fromEntries(WEEKDAYS.map((day) => [day, ALL_DAY])) },
        publicHolidays: { value: null },
        closures: [],
      },
    },
  });
  expect(put.status).toBe(201);
  for (const contactId of contactIds)
    await putRecording(db, config.tableName, s3, bucket, storedRecording(tenantId, contactId, new Date(), 30 * DAY_MS));
  return tenantId;
}

async function access(tenantId: string, contactId: string, subject: string, note: string): Promise<Access> {
  const granted = await callRecordingApi(handler, {
    method: 'POST',
    route: ACCESS,
    tenantId,
    params: { contactId },
    role: 'recording-reviewer',
    subject,
    body: { purpose: 'complaint-investigation', note },
  });
  expect(granted.status).toBe(201);
  return granted.body as Access;
}

/** An instant strictly between the accesses before and after it. */
async function mark(): Promise<string> {
  await sleep(5);
  const at = new Date().toISOString();
  await sleep(5);
  return at;
}

const log = (tenantId: string, query: Record<string, string>, role = 'dpo') =>
  callRecordingApi(handler, { method: 'GET', route: TENANT_LOG, tenantId, role, query });

/** Every page of the window, following `nextCursor`. */
async function allPages(tenantId: string, query: Record<string, string>) {
  const accesses: Access[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await log(tenantId, { ...query, ...(cursor === undefined ? {} : { cursor }) }, 'auditor');
    expect(page.status).toBe(200);
    accesses.push(...(page.body.accesses as Access[]));
    cursor = page.body.nextCursor as string | undefined;
    pages++;
  } while (cursor !== undefined);
  return { accesses, pages };
}

describe('Function: request-recording-access, the tenant-wide access log', () => {
  let own: string;
  let other: string;
  let before: string;
  let start: string;
  let end: string;
  const inWindow: Access[] = [];
  const early: Access[] = [];
  let late: Access;

  beforeAll(async () => {
    own = await tenant(['c-1', 'c-2', 'c-3']);
    other = await tenant(['c-1', 'c-9']);
    before = await mark();
    early.push(await access(own, 'c-1', 'reviewer-1', 'Complaint CMP-1'));
    start = await mark();
    inWindow.push(await access(own, 'c-2', 'reviewer-2', 'Complaint CMP-2'));
    await access(other, 'c-1', 'reviewer-x', 'Complaint OTHER-1');
    inWindow.push(await access(own, 'c-3', 'reviewer-1', 'Complaint CMP-3'));
    inWindow.push(await access(own, 'c-2', 'reviewer-3', 'Complaint CMP-4'));
    await access(other, 'c-9', 'reviewer-x', 'Complaint OTHER-2');
    inWindow.push(await access(own, 'c-1', 'reviewer-2', 'Complaint CMP-5'));
    inWindow.push(await access(own, 'c-3', 'reviewer-1', 'Complaint CMP-6'));
    end = await mark();
    late = await access(own, 'c-2', 'reviewer-1', 'Complaint CMP-7');
  });

  it("lists the window's accesses of every recording, newest first, as the recording's log shows them", async () => {
    const page = await log(own, { from: start, to: end });
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ tenantId: own, from: start, to: end });
    expect(page.body.nextCursor).toBeUndefined();
    const accesses = page.body.accesses as Access[];
    expect(accesses.map((a) => a.accessId)).toEqual(inWindow.map((a) => a.accessId).reverse());
    expect(accesses.map((a) => a.contactId)).toEqual(['c-3', 'c-1', 'c-2', 'c-3', 'c-2']);
    expect(accesses[0]).toEqual({
      accessId: inWindow[4]?.accessId,
      contactId: 'c-3',
      actor: 'reviewer-1',
      role: 'recording-reviewer',
      purpose: 'complaint-investigation',
      note: 'Complaint CMP-6',
      at: expect.any(String),
      expiresAt: inWindow[4]?.expiresAt,
      unusual: [],
      ledgerSequence: inWindow[4]?.ledgerSequence,
    });
    const perRecording = await callRecordingApi(handler, {
      method: 'GET',
      route: '/v1/tenants/{tenantId}/recordings/{contactId}/access-log',
      tenantId: own,
      params: { contactId: 'c-3' },
      role: 'dpo',
      query: { limit: '1' },
    });
    expect((perRecording.body.accesses as Access[])[0]).toEqual(accesses[0]);
  });

  it('keeps to the window: from included, to excluded, nothing before or after', async () => {
    const wide = await log(own, { from: before, to: new Date(Date.now() + 60_000).toISOString() });
    expect((wide.body.accesses as Access[]).map((a) => a.accessId)).toEqual(
      [...early, ...inWindow, late].map((a) => a.accessId).reverse(),
    );
    const first = (await log(own, { from: start, to: end })).body.accesses as Access[];
    const oldest = first.at(-1) as Access;
    const fromOldest = await log(own, { from: oldest.at as string, to: end });
    expect((fromOldest.body.accesses as Access[]).at(-1)?.accessId).toBe(oldest.accessId);
    const toOldest = await log(own, { from: start, to: oldest.at as string });
    expect(toOldest.body.accesses).toEqual([]);
    const earlier = await log(own, { from: new Date(Date.now() - 30 * DAY_MS).toISOString(), to: before });
    expect(earlier.body.accesses).toEqual([]);
  });

  it('pages with a signed cursor that holds to its window', async () => {
    const { accesses, pages } = await allPages(own, { from: start, to: end, limit: '2' });
    expect(pages).toBe(3);
    expect(accesses.map((a) => a.accessId)).toEqual(inWindow.map((a) => a.accessId).reverse());

    const page = await log(own, { from: start, to: end, limit: '2' });
    const cursor = page.body.nextCursor as string;
    expect(cursor).toEqual(expect.any(String));
    expect((await log(own, { from: before, to: end, limit: '2', cursor })).status).toBe(400);
    expect((await log(other, { from: start, to: end, limit: '2', cursor }, 'dpo')).status).toBe(400);
    expect((await log(own, { from: start, to: end, cursor: `${cursor.slice(0, -2)}xx` })).status).toBe(400);
  });

  it("never shows another tenant's accesses, nor lets a token of another tenant read them", async () => {
    const wide = { from: before, to: new Date(Date.now() + 60_000).toISOString() };
    const theirs = (await log(other, wide)).body.accesses as Access[];
    expect(theirs.map((a) => a.note)).toEqual(['Complaint OTHER-2', 'Complaint OTHER-1']);
    const ours = (await log(own, wide)).body.accesses as Access[];
    expect(ours.some((a) => a.actor === 'reviewer-x')).toBe(false);
    const foreign = await callRecordingApi(handler, {
      method: 'GET',
      route: TENANT_LOG,
      tenantId: other,
      role: 'dpo',
      tenants: own,
      query: wide,
    });
    expect(foreign.status).toBe(404);
  });

  it('answers problem+json 400 for a bad window and 403 to a client manager or a reviewer', async () => {
    const bad = [
      { from: end, to: start },
      { from: start, to: start },
      { from: '2025-01-01T00:00:00Z', to: '2026-02-06T00:00:00Z' },
      { from: 'yesterday', to: end },
      { to: end },
      { from: start, to: end, limit: '0' },
    ];
    for (const query of bad) {
      const answer = await log(own, query as Record<string, string>);
      expect(answer.status, JSON.stringify(query)).toBe(400);
      expect(answer.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    expect((await log(own, { from: '2025-01-01T00:00:00Z', to: '2026-02-05T00:00:00Z' })).status).toBe(200);
    expect((await log(own, { from: start, to: end }, 'client-manager')).status).toBe(403);
    expect((await log(own, { from: start, to: end }, 'recording-reviewer')).status).toBe(403);
    expect((await log(own, { from: start, to: end }, 'auditor')).status).toBe(200);
  });
});

describe('DynamoLedgerRepository.newestOfKind', () => {
  const ledger = new DynamoLedgerRepository(db, config.tableName);
  const evidence = (tenantId: string, kind: string, occurredAt: string) => ({
    tenantId,
    occurredAt,
    actor: 'system:test',
    actorRole: 'system',
    kind,
    resource: `thing/${randomUUID().slice(0, 8)}`,
    payload: {},
  });

  it('stops at the first entry recorded before the window instead of reading the ledger to its start', async () => {
    const tenantId = `ledger-kind-${randomUUID().slice(0, 8)}`;
    for (let i = 0; i < 20; i++) await ledger.append(evidence(tenantId, 'recording.stored', new Date().toISOString()));
    const from = await mark();
    const wanted = [];
    for (let i = 0; i < 3; i++) {
      wanted.push(await ledger.append(evidence(tenantId, 'recording.accessed', new Date().toISOString())));
      await ledger.append(evidence(tenantId, 'recording.stored', new Date().toISOString()));
    }
    const query = { kind: 'recording.accessed', from, to: '2999-01-01T00:00:00.000Z', stopBefore: from, limit: 50 };
    // Six entries since `from`, and the seventh read is the one recorded before it: the read ends there.
    const page = await ledger.newestOfKind(tenantId, { ...query, maxReads: 7 });
    expect(page.entries.map((e) => e.sequence)).toEqual(wanted.map((e) => e.sequence).reverse());
    expect(page.nextBefore).toBeUndefined();
  });

  it('ends a page where its reads run out, short, and the next page goes on from there', async () => {
    const tenantId = `ledger-kind-${randomUUID().slice(0, 8)}`;
    const from = await mark();
    const wanted = [];
    for (let i = 0; i < 3; i++) {
      wanted.push(await ledger.append(evidence(tenantId, 'recording.accessed', new Date().toISOString())));
      for (let j = 0; j < 4; j++) await ledger.append(evidence(tenantId, 'recording.stored', new Date().toISOString()));
    }
    const query = { kind: 'recording.accessed', from, to: '2999-01-01T00:00:00.000Z', stopBefore: from, limit: 50 };
    const sequences: number[] = [];
    let before: number | undefined;
    let pages = 0;
    do {
      const page = await ledger.newestOfKind(tenantId, {
        ...query,
        maxReads: 3,
        ...(before === undefined ? {} : { beforeSequence: before }),
      });
      expect(page.entries.length).toBeLessThanOrEqual(1);
      sequences.push(...page.entries.map((e) => e.sequence));
      before = page.nextBefore;
      pages++;
    } while (before !== undefined);
    expect(sequences).toEqual(wanted.map((e) => e.sequence).reverse());
    expect(pages).toBe(5);
  });
});
