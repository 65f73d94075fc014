/**
 * The evidence pack (functions/get-evidence) against DynamoDB Local and the S3 stand-in: a tenant with contacts,
 * complaints, agents and recording accesses gets a pack for October whose link downloads a zip; every file matches
 * the manifest's SHA-256, `sha256sum -c SHA256SUMS` passes, the chain recomputed by VERIFY.md's own command matches
 * the head and the anchor, the same seed draws the same samples, and what happened outside the window is absent.
 * Another tenant's pack is 404, a client manager's 403.
 */
import { execFileSync, execSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentCompetence } from '../../../shared/app/agent-competence.js';
import { ComplaintRegister } from '../../../shared/app/complaint-register.js';
import { RecordAudit, RecordGovernance } from '../../../shared/app/quality-records.js';
import { CHAIN_CHECK_COMMAND } from '../../../shared/domain/evidence/verify-guide.js';
import { AgentRepository } from '../../../shared/store/agent-repository.js';
import { AgreementRepository } from '../../../shared/store/agreement-repository.js';
import { ComplaintRepository } from '../../../shared/store/complaint-repository.js';
import { conditionalWriter } from '../../../shared/store/conditional-writer.js';
import { DynamoContactRecorder } from '../../../shared/store/dynamo-contact-recorder.js';
import { GovernanceRepository } from '../../../shared/store/governance-repository.js';
import { DynamoLedgerRepository } from '../../../shared/store/ledger-repository.js';
import { QualityRepository } from '../../../shared/store/quality-repository.js';
import { testDocumentClient, useStandInEnvironment } from '../../support/stand-ins.js';
import { callApi } from '../kpis/support/api-event.js';
import { generateContacts } from '../kpis/support/contact-generator.js';
import { freshBucket, testS3 } from '../recordings/support/deletion-fixtures.js';

const config = useStandInEnvironment();
const s3 = testS3();
process.env.REPORTS_BUCKET = await freshBucket(s3);
process.env.LEDGER_ANCHOR_BUCKET = await freshBucket(s3);
const { handler } = await import('../../../functions/get-evidence/handler.js');

const db = testDocumentClient();
const ledger = new DynamoLedgerRepository(db, config.tableName);
const agreements = new AgreementRepository(db, config.tableName);
const register = new ComplaintRegister(
  new ComplaintRepository(db, config.tableName),
  agreements,
  ledger,
  { publish: async () => undefined },
  conditionalWriter(db),
);
const competence = new AgentCompetence(new AgentRepository(db, config.tableName), agreements, ledger);
const audits = new RecordAudit(new QualityRepository(db, config.tableName), agreements, ledger);
const governance = new RecordGovernance(new GovernanceRepository(db, config.tableName), ledger);
const system = { actor: 'system:test', actorRole: 'system' };

const tenantId = `evidence-${crypto.randomUUID().slice(0, 8)}`;
const EVIDENCE = '/v1/tenants/{tenantId}/evidence';
const WINDOW = { from: '2026-10-01', to: '2026-10-31' };
const base = (occurredAt: string) => ({ schemaVersion: 1 as const, tenantId, centerId: 'lyon-1', occurredAt });
const hasSha256sum = (() => {
  try {
    execFileSync('sha256sum', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

async function receive(complaintId: string, at: string) {
  await register.apply(
    {
      type: 'complaint.received',
      detail: {
        ...base(at),
        complaintId,
        channel: 'email',
        category: 'billing',
        severity: 'high',
        receivedAt: at,
        remedySought: 'Refund, "now", please',
      },
    },
    `complaint.received#${complaintId}#${Date.parse(at)}`,
  );
}

async function onboardAndTrain(agentId: string, completedAt: string) {
  await competence.apply(
    {
      type: 'agent.onboarded',
      detail: { ...base('2026-09-01T08:00:00Z'), agentId, startedAt: '2026-09-01T08:00:00Z', languages: ['fr'] },
    },
    `onboarded:${agentId}`,
  );
  await competence.apply(
    {
      type: 'training.completed',
      detail: {
        ...base(completedAt),
        trainingRecordId: `tr-${agentId}`,
        agentId,
        courseId: 'induction-101',
        category: 'induction',
        hours: 4,
        completedAt,
        passed: true,
      },
    },
    `training:tr-${agentId}`,
  );
}

async function audit(auditId: string, completedOn: string) {
  const at = `${completedOn}T16:00:00.000Z`;
  await audits.record(
    {
      tenantId,
      auditId,
      kind: 'internal',
      auditor: 'auditor-3',
      startedOn: completedOn,
      completedOn,
      clausesInScope: ['4.4', '6'],
      findings: [{ findingId: 'f1', clause: '4.4', grade: 'minor', description: 'Two complaints acknowledged late' }],
      occurredAt: at,
      recordedAt: at,
    },
    system,
  );
}

async function accessed(contactId: string, occurredAt: string) {
  await ledger.append({
    tenantId,
    occurredAt,
    actor: 'reviewer-7',
    actorRole: 'recording-reviewer',
    kind: 'recording.accessed',
    resource: `recording/${contactId}`,
    payload: {
      accessId: `acc-${contactId}`,
      contactId,
      purpose: 'quality-review',
      action: 'presigned-url',
      unusual: [],
    },
  });
}

const get = (query: Record<string, string>, extra: { groups?: string; tenants?: string; tenant?: string } = {}) =>
  callApi(handler, {
    method: 'GET',
    route: EVIDENCE,
    tenantId: extra.tenant ?? tenantId,
    query,
    groups: extra.groups ?? '[auditor]',
    ...(extra.tenants === undefined ? {} : { tenants: extra.tenants }),
  });

/** Downloads the pack the answer links to and unzips it into a fresh directory. */
async function download(answer: Awaited<ReturnType<typeof get>>) {
  const response = await fetch(answer.headers.location as string);
  expect(response.status).toBe(200);
  const zip = Buffer.from(await response.arrayBuffer());
  const dir = mkdtempSync(join(tmpdir(), 'evidence-'));
  writeFileSync(join(dir, 'pack.zip'), zip);
  execFileSync('unzip', ['-q', 'pack.zip', '-d', 'pack'], { cwd: dir });
  const root = join(dir, 'pack');
  const read = (path: string) => readFileSync(join(root, path), 'utf8');
  return { zip, dir, root, read, manifest: JSON.parse(read('manifest.json')) };
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('Function: get-evidence', () => {
  let first: Awaited<ReturnType<typeof get>>;
  let pack: Awaited<ReturnType<typeof download>>;

  beforeAll(async () => {
    const recorder = new DynamoContactRecorder(db, config.tableName);
    const october = generateContacts({
      tenantId,
      count: 40,
      from: Date.parse('2026-10-05T07:00:00Z'),
      to: Date.parse('2026-10-20T17:00:00Z'),
    });
    const september = { ...(october[0] as (typeof october)[number]), contactId: 'c-september' };
    september.initiatedAt = '2026-09-15T09:00:00.000Z';
    september.queuedAt = september.initiatedAt;
    delete september.answeredAt;
    september.endedAt = '2026-09-15T09:05:00.000Z';
    september.occurredAt = september.endedAt;
    september.outcome = 'abandoned';
    for (const contact of [...october, september]) await recorder.record(contact);
    await receive('cmp-october-1', '2026-10-06T09:00:00.000Z');
    await receive('cmp-october-2', '2026-10-07T10:00:00.000Z');
    await receive('cmp-september', '2026-09-20T10:00:00.000Z');
    await onboardAndTrain('agent-1', '2026-10-02T08:00:00.000Z');
    await onboardAndTrain('agent-2', '2026-09-05T08:00:00.000Z');
    await accessed('c-000001', '2026-10-08T10:00:00.000Z');
    await audit('audit-october', '2026-10-14');
    await audit('audit-august', '2026-08-14');
    await governance.approveDocument(
      {
        tenantId,
        documentId: 'doc-complaints',
        type: 'complaint-procedure',
        title: 'Complaint handling procedure',
        version: '3',
        approvedBy: 'director-1',
        approvedOn: '2026-10-03',
        reviewDue: '2027-10-03',
        clauses: ['4.4'],
        occurredAt: '2026-10-03T09:00:00.000Z',
        recordedAt: '2026-10-03T09:00:00.000Z',
      },
      system,
    );
    await accessed('c-september', '2026-09-16T10:00:00.000Z');

    first = await get({ ...WINDOW, seed: '424242', sampleSize: '5' });
    pack = await download(first);
    dirs.push(pack.dir);
  });

  it('answers 303 with a five-minute link, the zip it downloads is the one recorded in the ledger', async () => {
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe(first.body.url);
    const lifetime = Date.parse(first.body.expiresAt as string) - Date.now();
    expect(lifetime).toBeLessThanOrEqual(300_000);
    expect(lifetime).toBeGreaterThan(240_000);
    expect(first.body.key).toMatch(new RegExp(`^evidence/${tenantId}/2026-10-01_2026-10-31/.+\\.zip$`));
    expect(first.body.sha256).toBe(createHash('sha256').update(pack.zip).digest('hex'));
    expect(first.body.bytes).toBe(pack.zip.byteLength);

    const entries = [];
    for await (const entry of ledger.entries(tenantId)) entries.push(entry);
    const recorded = entries.find((e) => e.sequence === first.body.ledgerSequence);
    expect(recorded).toMatchObject({
      kind: 'evidence.pack-generated',
      actor: 'officer-1',
      actorRole: 'auditor',
      payload: { key: first.body.key, sha256: first.body.sha256, bytes: pack.zip.byteLength, seed: 424242 },
    });
    expect(recorded?.payload.manifestSha256).toBe(
      createHash('sha256').update(pack.read('manifest.json')).digest('hex'),
    );
  });

  it('lists every file with the SHA-256, size and row count of what the zip holds, and the query behind it', () => {
    const { manifest } = pack;
    expect(manifest).toMatchObject({ tenantId, ...WINDOW, timeZone: 'Europe/Paris', seed: 424242 });
    expect(manifest.generator).toMatch(/^ccc-compliance \d+\.\d+\.\d+$/);
    const paths = manifest.files.map((f: { path: string }) => f.path);
    for (const path of [
      'VERIFY.md',
      'kpis/daily.csv',
      'kpis/monthly.csv',
      'complaints/register.csv',
      'complaints/timeline.csv',
      'people/training-matrix.csv',
      'people/training-records.csv',
      'recordings/access-log.csv',
      'recordings/deletions.csv',
      'data-protection/erasure-requests.csv',
      'controls/states.csv',
      'controls/history.csv',
      'quality/audits.csv',
      'quality/nonconformities.csv',
      'quality/corrective-actions.csv',
      'governance/documents.csv',
      'governance/management-reviews.csv',
      'samples/contacts.csv',
      'samples/complaints.csv',
      'samples/training.csv',
      'ledger/entries.jsonl',
      'ledger/head.json',
    ])
      expect(paths).toContain(path);
    expect(manifest.missing).toEqual([]);
    for (const file of manifest.files) {
      const bytes = readFileSync(join(pack.root, file.path));
      expect(createHash('sha256').update(bytes).digest('hex'), file.path).toBe(file.sha256);
      expect(bytes.byteLength, file.path).toBe(file.bytes);
      expect(file.query.length, file.path).toBeGreaterThan(10);
      if (file.path.endsWith('.csv'))
        expect(bytes.toString('utf8').split('\r\n').filter(Boolean).length - 1, file.path).toBe(file.rows);
    }
    expect(manifest.files.find((f: { path: string }) => f.path === 'kpis/daily.csv').query).toBe(
      `GET /v1/tenants/${tenantId}/kpis?from=2026-10-01&to=2026-10-31&granularity=day, once per channel`,
    );
  });

  it.skipIf(!hasSha256sum)('verifies with sha256sum -c SHA256SUMS', () => {
    const out = execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: pack.root, encoding: 'utf8' });
    expect(out).toContain('manifest.json: OK');
    expect(out).not.toMatch(/FAILED/);
  });

  it("recomputes the ledger chain with VERIFY.md's command, up to the anchored head", () => {
    const guide = pack.read('VERIFY.md');
    expect(guide).toContain(CHAIN_CHECK_COMMAND);
    const out = execSync(CHAIN_CHECK_COMMAND, { cwd: pack.root, encoding: 'utf8' });
    const { head, anchor } = pack.manifest.ledger;
    expect(out.trim()).toBe(`OK ${head.sequence} ${head.hash}`);
    expect(anchor).toMatchObject({ sequence: head.sequence, hash: head.hash });
    expect(anchor.key).toContain(`ledger-anchors/${tenantId}/`);
  });

  it('catches an edited ledger entry with the same command', () => {
    const path = join(pack.root, 'ledger/entries.jsonl');
    const original = readFileSync(path, 'utf8');
    try {
      writeFileSync(path, original.replace('quality-review', 'quality-reviev'));
      expect(() => execSync(CHAIN_CHECK_COMMAND, { cwd: pack.root, stdio: 'pipe' })).toThrow(/BROKEN at entry/);
    } finally {
      writeFileSync(path, original);
    }
  });

  it('holds only what happened in the window, with recordedAt beside occurredAt', () => {
    const register = pack.read('complaints/register.csv');
    expect(register).toContain('cmp-october-1');
    expect(register).toContain('cmp-october-2');
    expect(register).not.toContain('cmp-september');
    expect(register).not.toContain('Refund');
    const trainings = pack.read('people/training-records.csv');
    expect(trainings).toContain('tr-agent-1');
    expect(trainings).not.toContain('tr-agent-2');
    const accesses = pack.read('recordings/access-log.csv').split('\r\n');
    expect(accesses[0]).toMatch(/^occurredAt,recordedAt,/);
    expect(accesses.filter((line) => line.includes('c-000001'))).toHaveLength(1);
    expect(accesses.join('\n')).not.toContain('c-september');
    const contacts = pack.read('samples/contacts.csv');
    expect(contacts).not.toContain('c-september');
    const audits = pack.read('quality/audits.csv');
    expect(audits).toContain('audit-october');
    expect(audits).not.toContain('audit-august');
    const nonconformities = pack.read('quality/nonconformities.csv');
    expect(nonconformities).toContain('audit-october');
    expect(nonconformities).toContain('audit-august');
    expect(pack.read('governance/documents.csv')).toContain('doc-complaints');
    expect(pack.read('controls/states.csv')).toContain('P1-CMP-ACK');
    const daily = pack.read('kpis/daily.csv');
    expect(daily).not.toContain('2026-09-15');
    expect(daily).toContain('2026-10-05');
  });

  it('draws the same samples from the same seed, and says the populations', async () => {
    const files = pack.manifest.files as Array<{ path: string; population?: number; seed?: number }>;
    expect(files.find((f) => f.path === 'samples/contacts.csv')).toMatchObject({ population: 40, seed: 424242 });
    expect(files.find((f) => f.path === 'samples/complaints.csv')).toMatchObject({ population: 2 });
    expect(files.find((f) => f.path === 'samples/training.csv')).toMatchObject({ population: 1 });
    expect(pack.read('samples/contacts.csv').split('\r\n').filter(Boolean)).toHaveLength(6);

    const again = await download(await get({ ...WINDOW, seed: '424242', sampleSize: '5' }));
    dirs.push(again.dir);
    for (const sample of ['samples/contacts.csv', 'samples/complaints.csv', 'samples/training.csv'])
      expect(again.read(sample), sample).toBe(pack.read(sample));
    const other = await download(await get({ ...WINDOW, seed: '7', sampleSize: '5' }));
    dirs.push(other.dir);
    expect(other.read('samples/contacts.csv')).not.toBe(pack.read('samples/contacts.csv'));
  });

  it('answers 200 with the same link and no Location for a page that asks redirect=false', async () => {
    const answer = await get({ ...WINDOW, seed: '424242', sampleSize: '5', redirect: 'false' });
    expect(answer.status).toBe(200);
    expect(answer.headers.location).toBeUndefined();
    const response = await fetch(answer.body.url as string);
    expect(response.status).toBe(200);
    expect(
      createHash('sha256')
        .update(Buffer.from(await response.arrayBuffer()))
        .digest('hex'),
    ).toBe(answer.body.sha256);
  });

  it("answers 404 for another tenant's pack and 403 to a client manager", async () => {
    const other = await get(WINDOW, { tenant: 'someone-else', tenants: tenantId });
    expect(other.status).toBe(404);
    const manager = await get(WINDOW, { groups: '[client-manager]' });
    expect(manager.status).toBe(403);
  });

  it('refuses a window longer than 400 days', async () => {
    const long = await get({ from: '2025-01-01', to: '2026-03-01' });
    expect(long.status).toBe(400);
  });
});
