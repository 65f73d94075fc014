import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toneWav } from '../../infra/local/demo/recordings.js';
import { allocateEnvironment, fetchDocumented, type RunningSystem, startSystem } from './support/running-system.js';

const credentials = { accessKeyId: 'anything', secretAccessKey: 'anything' };
const tenantId = `e2e-rec-${crypto.randomUUID().slice(0, 8)}`;
const customerRef = 'cust-e2e-0001';
const wav = Buffer.from(toneWav(3, 440));
const sha256 = createHash('sha256').update(wav).digest('hex');
const DAY_MS = 86_400_000;

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A recently finished, recorded contact of the data subject. */
function contact(contactId: string, endedAt: Date) {
  const ended = endedAt.toISOString();
  const initiated = new Date(endedAt.getTime() - 300_000).toISOString();
  const answered = new Date(endedAt.getTime() - 280_000).toISOString();
  return {
    schemaVersion: 1,
    tenantId,
    centerId: 'lyon-1',
    occurredAt: ended,
    contactId,
    channel: 'voice',
    direction: 'inbound',
    queue: 'billing',
    agentId: 'agent-042',
    customerRef,
    initiatedAt: initiated,
    answeredAt: answered,
    endedAt: ended,
    talkSeconds: 270,
    outcome: 'handled',
    recorded: true,
  };
}

describe('npm start: a recording from announcement to erasure and purge', () => {
  let environment: Awaited<ReturnType<typeof allocateEnvironment>>;
  let system: RunningSystem;
  let source: Server;
  let sourceUrl: string;
  let bus: EventBridgeClient;
  let db: DynamoDBDocumentClient;
  const fetchedPaths: string[] = [];

  const token = (role: string, tenant = tenantId) =>
    execFileSync('npm', ['run', '-s', 'token', '--', '--role', role, '--tenant', tenant], {
      env: { ...process.env, LOCAL_DATA_DIR: environment.dataDir },
      encoding: 'utf8',
    }).trim();
  const api = async (path: string, role: string, init: RequestInit = {}) =>
    fetchDocumented(`${system.urls.api}/v1/tenants/${tenantId}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token(role)}`, 'content-type': 'application/json', ...init.headers },
    });
  const put = (source: string, detailType: string, detail: unknown) =>
    bus.send(
      new PutEventsCommand({
        Entries: [
          { EventBusName: 'ccc-compliance', Source: source, DetailType: detailType, Detail: JSON.stringify(detail) },
        ],
      }),
    );
  const stored = (contactId: string) =>
    eventually(async () => {
      const { status, body } = await api(`/recordings/${contactId}`, 'dpo');
      return status === 200 && body.status === 'stored' ? body : undefined;
    });

  beforeAll(async () => {
    // The telephony platform's copy, served over HTTP on loopback (allowed locally by RECORDING_SOURCES).
    source = createServer((req, res) => {
      fetchedPaths.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': wav.byteLength });
      res.end(wav);
    });
    await new Promise<void>((resolve) => source.listen(0, '127.0.0.1', resolve));
    sourceUrl = `http://127.0.0.1:${(source.address() as AddressInfo).port}`;
    environment = await allocateEnvironment();
    system = await startSystem(environment);
    bus = new EventBridgeClient({ endpoint: system.urls.events, region: 'eu-west-3', credentials });
    db = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: system.urls.dynamodb, region: 'eu-west-3', credentials }),
    );
  });

  afterAll(async () => {
    if (process.env.E2E_DEBUG) console.log(system?.output().slice(-6000));
    await system?.stop('SIGTERM').catch(() => undefined);
    source?.close();
  });

  it('copies an announced recording from its source, with size, checksum and retention', async () => {
    const endedAt = new Date(Date.now() - 3_600_000);
    await put('ccc.telephony', 'contact.completed', contact('c-e2e-1', endedAt));
    // The recording names no data subject: it is taken from the stored contact, so wait until that is stored.
    await eventually(async () => {
      const { Item } = await db.send(
        new GetCommand({ TableName: 'ccc-compliance', Key: { pk: `T#${tenantId}#CONTACT#c-e2e-1`, sk: 'CONTACT' } }),
      );
      return Item;
    });
    await put('ccc.telephony', 'recording.available', {
      schemaVersion: 1,
      tenantId,
      centerId: 'lyon-1',
      occurredAt: endedAt.toISOString(),
      contactId: 'c-e2e-1',
      location: `${sourceUrl}/platform/c-e2e-1.wav`,
      format: 'wav',
      durationSeconds: 3,
    });
    const metadata = await stored('c-e2e-1');
    expect(metadata).toMatchObject({ sizeBytes: wav.byteLength, sha256, format: 'wav', legalHold: false });
    expect(metadata.retentionClass).toBe('training_qa');
    expect(fetchedPaths).toContain('/platform/c-e2e-1.wav');
  });

  it('gives a reviewer a short-lived URL that works, logs it, and refuses a client manager', async () => {
    const access = await api('/recordings/c-e2e-1/access', 'recording-reviewer', {
      method: 'POST',
      body: JSON.stringify({ purpose: 'quality-review' }),
    });
    expect(access.status).toBe(201);
    expect(Date.parse(access.body.expiresAt) - Date.now()).toBeLessThanOrEqual(300_000);
    expect(access.headers.get('ledger-sequence')).toMatch(/^\d+$/);
    const audio = await fetch(access.body.url);
    expect(audio.status).toBe(200);
    expect(
      createHash('sha256')
        .update(Buffer.from(await audio.arrayBuffer()))
        .digest('hex'),
    ).toBe(sha256);

    const refused = await api('/recordings/c-e2e-1/access', 'client-manager', {
      method: 'POST',
      body: JSON.stringify({ purpose: 'quality-review' }),
    });
    expect(refused.status).toBe(403);

    const log = await api('/recordings/c-e2e-1/access-log', 'dpo');
    expect(log.status).toBe(200);
    expect(log.body.accesses).toHaveLength(1);
    expect(log.body.accesses[0]).toMatchObject({ actor: 'local-recording-reviewer', purpose: 'quality-review' });
  });

  it('refuses an erasure while the recording is held, and erases it once released', async () => {
    const hold = await api('/recordings/c-e2e-1/legal-hold', 'dpo', {
      method: 'PUT',
      body: JSON.stringify({ reason: 'litigation 2026-118' }),
    });
    expect(hold.status).toBeLessThan(300);
    const blocked = await api('/erasure-requests', 'dpo', { method: 'POST', body: JSON.stringify({ customerRef }) });
    expect(blocked.status).toBe(409);
    expect(blocked.text).toContain('c-e2e-1');
    expect((await api('/recordings/c-e2e-1', 'dpo')).body).toMatchObject({ status: 'stored', legalHold: true });

    const release = await api('/recordings/c-e2e-1/legal-hold', 'dpo', {
      method: 'DELETE',
      body: JSON.stringify({ reason: 'litigation settled' }),
    });
    expect(release.status).toBeLessThan(300);
    const erased = await api('/erasure-requests', 'dpo', { method: 'POST', body: JSON.stringify({ customerRef }) });
    expect(erased.status).toBe(201);
    expect(erased.body).toMatchObject({ status: 'completed', recordingsDeleted: ['c-e2e-1'] });
    const after = await api('/recordings/c-e2e-1', 'dpo');
    expect(after.body).toMatchObject({ status: 'deleted' });
    expect(after.body.customerRef).toBeUndefined();

    const s3 = new S3Client({ endpoint: system.urls.s3, region: 'eu-west-3', forcePathStyle: true, credentials });
    await expect(
      s3.send(new HeadObjectCommand({ Bucket: 'ccc-recordings', Key: after.body.objectKey })),
    ).rejects.toThrow();
    s3.destroy();
    const listed = await api('/erasure-requests', 'dpo');
    expect(listed.body.requests.map((r: { status: string }) => r.status)).toContain('completed');
  });

  it('purges a recording past its retention when the daily purge runs (here: at the next start)', async () => {
    // Recorded 190 days ago: past the default six months of a training recording.
    const recordedAt = new Date(Date.now() - 190 * DAY_MS);
    await put('ccc.telephony', 'recording.available', {
      schemaVersion: 1,
      tenantId,
      centerId: 'lyon-1',
      occurredAt: new Date(recordedAt.getTime() + 120_000).toISOString(),
      contactId: 'c-e2e-old',
      location: `${sourceUrl}/platform/c-e2e-old.wav`,
      format: 'wav',
      durationSeconds: 3,
      customerRef: 'cust-e2e-0002',
      recordedAt: recordedAt.toISOString(),
    });
    const metadata = await stored('c-e2e-old');
    expect(Date.parse(metadata.deleteAfter)).toBeLessThan(Date.now());

    // The machine was off when the purge was due: `npm start` catches up.
    await system.stop();
    // The same data on fresh ports: the test's own pooled client sockets may hold the old port numbers as local ports.
    environment = await allocateEnvironment(environment.dataDir);
    system = await startSystem(environment);
    const purged = await eventually(async () => {
      const { body } = await api('/recordings/c-e2e-old', 'dpo');
      return body?.status === 'deleted' ? body : undefined;
    });
    expect(purged.deleted).toMatchObject({ reason: 'retention' });
    const verify = await api('/ledger/verify', 'auditor');
    expect(verify.body, JSON.stringify(verify.body)).toMatchObject({ valid: true });
  });
});
