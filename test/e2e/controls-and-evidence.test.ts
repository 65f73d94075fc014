/**
 * Issue 12 item 8 through the running local system: a month in which a complaint deadline is missed and an agent
 * without induction takes calls. After the daily controls evaluation (`npm start` runs it once ready, so the system is
 * restarted on the same data, as test/e2e/complaints.test.ts does for the complaint sweep) the complaint and induction
 * controls are breached; the complaint controls' transitions are in their history and the ledger, and opened their
 * nonconformities; an internal audit opens its findings; a corrective step is recorded through the API; the evidence pack downloads as a
 * zip whose files match its manifest; the ledger verifies; readiness lists the breaches as gaps.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allocateEnvironment, fetchDocumented, type RunningSystem, startSystem } from './support/running-system.js';

const run = crypto.randomUUID().slice(0, 8);
const tenantId = `e2e-ctl-${run}`;
const DAY_MS = 86_400_000;
const now = Date.now();
const at = (daysAgo: number) => new Date(now - daysAgo * DAY_MS).toISOString();
const dateOf = (daysAgo: number) => at(daysAgo).slice(0, 10);
const agentId = 'agent-901';
const auditId = `ia-${run}`;

const base = (occurredAt: string) => ({ schemaVersion: 1, tenantId, centerId: 'lyon-1', occurredAt });

/** Received 30 days ago and never acknowledged: both complaint deadlines missed. */
const complaint = {
  ...base(at(30)),
  complaintId: 'cmp-missed',
  channel: 'voice',
  category: 'billing',
  severity: 'high',
  receivedAt: at(30),
  customerRef: 'cust-7f3a9c',
  ownerId: 'agent-042',
  remedySought: 'Refund of the overcharge',
};

/** Onboarded 20 days ago, never inducted, answering a call 10 days ago. */
const onboarded = { ...base(at(20)), agentId, startedAt: at(20), languages: ['fr'] };
const call = (contactId: string, daysAgo: number) => ({
  ...base(new Date(now - daysAgo * DAY_MS + 300_000).toISOString()),
  contactId,
  channel: 'voice',
  direction: 'inbound',
  queue: 'billing',
  agentId,
  initiatedAt: new Date(now - daysAgo * DAY_MS - 30_000).toISOString(),
  answeredAt: at(daysAgo),
  endedAt: new Date(now - daysAgo * DAY_MS + 300_000).toISOString(),
  outcome: 'handled',
  talkSeconds: 300,
});

const audit = {
  ...base(at(2)),
  auditId,
  kind: 'internal',
  auditor: 'quality-lead-001',
  startedOn: dateOf(3),
  completedOn: dateOf(2),
  clausesInScope: ['4.4', '6'],
  findings: [
    { findingId: 'f1', clause: '4.4', grade: 'major', description: 'Complaints are not acknowledged in time' },
    { findingId: 'f2', clause: '6', grade: 'minor', description: 'An agent took calls before the induction' },
  ],
};

type Control = { controlId: string; status: string; since: string | null; detail: Record<string, unknown> };
type Nonconformity = { nonconformityId: string; origin: Record<string, string>; status: string; grade: string };

describe('npm start: controls, nonconformities, evidence pack and readiness over a month with breaches', () => {
  let system: RunningSystem;
  let environment: Awaited<ReturnType<typeof allocateEnvironment>>;
  let bus: EventBridgeClient;
  const dirs: string[] = [];
  const tokens = new Map<string, string>();
  const token = (role: string) => {
    if (!tokens.has(role)) {
      const issued = execFileSync('npm', ['run', '-s', 'token', '--', '--role', role, '--tenant', tenantId], {
        env: { ...process.env, LOCAL_DATA_DIR: environment.dataDir },
        encoding: 'utf8',
      }).trim();
      tokens.set(role, issued);
    }
    return tokens.get(role)!;
  };
  const api = async (path: string, role = 'compliance-officer', init: RequestInit = {}) =>
    fetchDocumented(`${system.urls.api}/v1/tenants/${tenantId}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token(role)}`, 'content-type': 'application/json', ...init.headers },
    });
  const send = async (source: string, detailType: string, detail: object) => {
    const out = await bus.send(
      new PutEventsCommand({
        Entries: [
          { EventBusName: 'ccc-compliance', Source: source, DetailType: detailType, Detail: JSON.stringify(detail) },
        ],
      }),
    );
    expect(out.FailedEntryCount).toBe(0);
  };
  /** Polls a route until `done` holds (the bus delivers asynchronously; the evaluation runs just after `Ready`). */
  const until = async (path: string, done: (body: Record<string, unknown>) => boolean, ms = 30_000) => {
    const deadline = Date.now() + ms;
    for (;;) {
      const answer = await api(path);
      if ((answer.status === 200 && done(answer.body)) || Date.now() > deadline) return answer;
      await new Promise((r) => setTimeout(r, 250));
    }
  };
  const controlsOf = (body: Record<string, unknown>) =>
    new Map((body.controls as Control[]).map((c) => [c.controlId, c]));
  const connect = () =>
    new EventBridgeClient({
      endpoint: system.urls.events,
      region: 'eu-west-3',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });

  beforeAll(async () => {
    environment = await allocateEnvironment();
    system = await startSystem(environment);
    bus = connect();
    const agreement = await api('/agreement', 'admin', {
      method: 'PUT',
      body: JSON.stringify({
        effectiveFrom: dateOf(90),
        reference: 'e2e controls terms',
        complaintDeadlines: {
          acknowledge: { value: { amount: 2, unit: 'business-days' } },
          resolve: { value: { amount: 10, unit: 'business-days' } },
        },
        training: {
          inductionBeforeLive: { value: true },
          refresherIntervalDays: { value: 365 },
          mandatoryCourses: { value: [] },
        },
      }),
    });
    expect(agreement.status).toBe(201);
    await send('ccc.complaints', 'complaint.received', complaint);
    await send('ccc.workforce', 'agent.onboarded', onboarded);
    // A tenant's contacts are checked against its workforce records once it has some: the agent first.
    expect((await until(`/agents/${agentId}`, (b) => b.status === 'active')).status).toBe(200);
    await send('ccc.telephony', 'contact.completed', call(`${run}-call-1`, 10));
    await send('ccc.telephony', 'contact.completed', call(`${run}-call-2`, 9));
    expect((await until('/complaints/cmp-missed', (b) => b.status === 'overdue')).body.status).toBe('overdue');
    const agent = await until(
      `/agents/${agentId}`,
      (b) => ((b.violations as unknown[] | undefined)?.length ?? 0) === 2,
    );
    expect(agent.body.violations).toHaveLength(2);
    // The daily controls evaluation runs once `npm start` is ready: the same data on fresh ports.
    await system.stop();
    environment = await allocateEnvironment(environment.dataDir);
    system = await startSystem(environment);
    bus.destroy();
    bus = connect();
  }, 240_000);

  afterAll(async () => {
    bus?.destroy();
    await system?.stop('SIGTERM');
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('holds the complaint and induction controls breached after the daily evaluation', async () => {
    const { status, body } = await until(
      '/controls',
      (b) => {
        const controls = controlsOf(b);
        return ['P1-CMP-ACK', 'P1-CMP-RESOLVE', 'P1-HR-INDUCTION'].every(
          (id) => controls.get(id)?.status === 'breached',
        );
      },
      90_000,
    );
    expect(status).toBe(200);
    const controls = controlsOf(body);
    for (const id of ['P1-CMP-ACK', 'P1-CMP-RESOLVE', 'P1-HR-INDUCTION']) {
      expect(controls.get(id)?.status, id).toBe('breached');
      expect(Date.parse(controls.get(id)!.since!), id).toBeLessThanOrEqual(Date.now());
    }
    expect(controls.get('P1-CMP-ACK')?.detail.overdue).toEqual(['cmp-missed']);
    // The evaluation's transitions, each with its ledger entry and the nonconformity it opened.
    for (const id of ['P1-CMP-ACK', 'P1-CMP-RESOLVE']) {
      const { body: one } = await api(`/controls/${id}`, 'auditor');
      const latest = (one.history as Array<Record<string, unknown>>)[0];
      expect(latest, id).toMatchObject({ controlId: id, to: 'breached', at: one.since });
      expect(latest?.ledgerSequence, id).toEqual(expect.any(Number));
      expect(latest?.nonconformityId, id).toEqual(expect.any(String));
    }
    const window = `from=${encodeURIComponent(at(1))}&to=${encodeURIComponent(new Date().toISOString())}`;
    const { body: history } = await api(`/control-history?${window}`, 'auditor');
    const breaches = (history.transitions as Array<{ controlId: string; to: string }>).filter(
      (t) => t.to === 'breached',
    );
    expect(breaches.map((t) => t.controlId)).toEqual(expect.arrayContaining(['P1-CMP-ACK', 'P1-CMP-RESOLVE']));
    // Every control of the catalogue is reported, judged or not.
    expect(controls.size).toBeGreaterThanOrEqual(18);
  });

  it('opens one nonconformity per breached complaint control', async () => {
    const { body } = await until('/nonconformities?status=open', (b) =>
      ['P1-CMP-ACK', 'P1-CMP-RESOLVE'].every((id) =>
        (b.nonconformities as Nonconformity[]).some((n) => n.origin.controlId === id),
      ),
    );
    const fromControls = (body.nonconformities as Nonconformity[]).filter((n) => n.origin.type === 'control');
    for (const id of ['P1-CMP-ACK', 'P1-CMP-RESOLVE']) {
      expect(
        fromControls.filter((n) => n.origin.controlId === id),
        id,
      ).toHaveLength(1);
    }
    expect(fromControls.every((n) => n.status === 'open')).toBe(true);
  });

  it('opens a nonconformity per finding of an audit, and records a corrective step posted by the officer', async () => {
    await send('ccc.quality', 'audit.completed', audit);
    const major = await until(`/nonconformities/${auditId}.f1`, () => true);
    expect(major.status).toBe(200);
    expect(major.body).toMatchObject({
      nonconformityId: `${auditId}.f1`,
      origin: { type: 'audit', auditId, auditKind: 'internal', findingId: 'f1' },
      grade: 'major',
      status: 'open',
    });
    expect((await api(`/nonconformities/${auditId}.f2`, 'auditor')).body).toMatchObject({ grade: 'minor' });

    const step = { step: 'root-cause', rootCause: 'Letters are scanned once a week', stepId: 'rc-1' };
    const posted = await api(`/nonconformities/${auditId}.f1/actions`, 'compliance-officer', {
      method: 'POST',
      body: JSON.stringify(step),
    });
    expect(posted.status).toBe(201);
    expect(posted.body).toMatchObject({ status: 'in-progress', rootCause: 'Letters are scanned once a week' });
    const again = await api(`/nonconformities/${auditId}.f1/actions`, 'compliance-officer', {
      method: 'POST',
      body: JSON.stringify(step),
    });
    expect(again.status).toBe(200);
    expect(again.body.steps).toHaveLength(1);
    const refused = await api(`/nonconformities/${auditId}.f1/actions`, 'client-manager', {
      method: 'POST',
      body: JSON.stringify({ step: 'closed' }),
    });
    expect(refused.status).toBe(403);
  });

  it('downloads an evidence pack for the month whose files match the manifest, with the breaches in its ledger and history', async () => {
    const answer = await api(`/evidence?from=${dateOf(35)}&to=${dateOf(0)}`, 'auditor', { redirect: 'manual' });
    expect(answer.status).toBe(303);
    const response = await fetch(answer.headers.get('location')!);
    expect(response.status).toBe(200);
    const zip = Buffer.from(await response.arrayBuffer());
    expect(createHash('sha256').update(zip).digest('hex')).toBe(answer.body.sha256);
    const dir = mkdtempSync(join(tmpdir(), 'e2e-pack-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'pack.zip'), zip);
    execFileSync('unzip', ['-q', 'pack.zip', '-d', 'pack'], { cwd: dir });
    const root = join(dir, 'pack');
    const read = (path: string) => readFileSync(join(root, path));
    const manifest = JSON.parse(read('manifest.json').toString('utf8'));
    expect(manifest.files.length).toBeGreaterThan(10);
    for (const file of manifest.files as Array<{ path: string; sha256: string; bytes: number }>) {
      expect(createHash('sha256').update(read(file.path)).digest('hex'), file.path).toBe(file.sha256);
      expect(read(file.path).byteLength, file.path).toBe(file.bytes);
    }
    // And as an auditor checks it, with the standard tool.
    expect(execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: root, encoding: 'utf8' })).not.toMatch(/FAILED/);

    const entries = read('ledger/entries.jsonl')
      .toString('utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { kind: string; subject?: string; payload?: Record<string, unknown> });
    const breaches = entries.filter((e) => e.kind === 'control.breached').map((e) => JSON.stringify(e));
    for (const id of ['P1-CMP-ACK', 'P1-CMP-RESOLVE'])
      expect(
        breaches.some((e) => e.includes(id)),
        id,
      ).toBe(true);
    const history = read('controls/history.csv').toString('utf8');
    for (const id of ['P1-CMP-ACK', 'P1-CMP-RESOLVE']) expect(history).toMatch(new RegExp(`${id}.*breached`));
    expect(read('quality/nonconformities.csv').toString('utf8')).toContain(`${auditId}.f1`);
  });

  it('keeps a ledger that verifies', async () => {
    const { status, body } = await api('/ledger/verify', 'auditor');
    expect(status).toBe(200);
    expect(body).toMatchObject({ valid: true });
    expect(body.entries).toBeGreaterThan(8);
  });

  it('lists the breached controls and the open major finding in the readiness gap analysis', async () => {
    const { status, body } = await api('/readiness', 'client-manager');
    expect(status).toBe(200);
    const missing = body.missing as Array<{ kind: string; ref: string; description: string }>;
    for (const id of ['P1-CMP-ACK', 'P1-CMP-RESOLVE', 'P1-HR-INDUCTION']) {
      expect(missing.find((m) => m.kind === 'control' && m.ref === id)?.description, id).toMatch(/breached since/);
    }
    expect(missing).toContainEqual(expect.objectContaining({ kind: 'nonconformity', ref: `${auditId}.f1` }));
    const complaints = (
      body.clauses as Array<{ clause: string; readiness: string; evidence: { audits: number } }>
    ).find((c) => c.clause === '4.4');
    expect(complaints).toMatchObject({ readiness: 'gaps', evidence: { audits: 1 } });
    // No scope statement yet: the path starts at step 1.
    expect(body.path).toMatchObject({ current: 1 });
  });
});
