/**
 * Memory and speed of recording ingestion (issue 9: "RSS while ingesting a 200 MB recording"). A generated WAV of
 * `sizeMb` MB is put in a platform bucket of the S3 stand-in; then a child process, holding only what the
 * ingest-recording function holds (the use case with its S3 and DynamoDB adapters), ingests it: streamed from the
 * source through the type check and SHA-256 into a multipart upload (8 MiB parts, two in flight), read back and
 * hashed, copied to its key. The child samples its RSS every `sampleMs` and reports the peak, with the kernel's
 * maximum (getrusage), so the stand-ins' own memory is not counted.
 *
 * Standalone: `node --openssl-legacy-provider --import tsx test/bench/recording-ingest.ts [--size-mb 200]` starts
 * DynamoDB Local and the S3 stand-in itself; `benchRecordingIngest` runs it against a running system (test/bench/run.ts).
 */
import './environment.js';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { CreateBucketCommand, DeleteObjectCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { RuntimeConfig } from '../../shared/runtime/config.js';
import { wavHeader } from '../support/audio-headers.js';

const MB = 1_000_000;
const CHUNK = 1 << 20;

export interface RecordingIngestFigures {
  sizeMb: number;
  seconds: number;
  mbPerSecond: number;
  /** RSS of the ingesting process before it starts, and its peak while ingesting (sampled every `sampleMs`). */
  baselineRssMb: number;
  peakRssMb: number;
  /** The kernel's maximum resident set size of the ingesting process over its whole life (getrusage). */
  maxRssMb: number;
  sampleMs: number;
  outcome: string;
}

/** A WAV of `bytes` bytes, generated a MiB at a time (never whole in memory). */
function wavBody(bytes: number): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent === 0) {
        sent = 44;
        this.push(wavHeader(bytes - 44));
        return;
      }
      if (sent >= bytes) return void this.push(null);
      const chunk = Buffer.alloc(Math.min(CHUNK, bytes - sent));
      for (let i = 0; i < chunk.length; i += 2) chunk.writeInt16LE(Math.round(Math.sin((sent + i) / 40) * 8_000), i);
      sent += chunk.length;
      this.push(chunk);
    },
  });
}

const mb = (bytes: number) => Math.round((bytes / MB) * 10) / 10;

/** The child: the ingest use case with the function's adapters, and its own memory. */
async function child(): Promise<void> {
  const { createDocumentClient } = await import('../../shared/adapters/aws-clients.js');
  const { createS3Client } = await import('../../shared/adapters/ledger-anchor-store.js');
  const { S3RecordingObjectStore } = await import('../../shared/adapters/recording-object-store.js');
  const { AllowListedRecordingSource } = await import('../../shared/adapters/recording-source.js');
  const { IngestRecording } = await import('../../shared/app/ingest-recording.js');
  const { parseRecordingSources } = await import('../../shared/domain/recording/source-allow-list.js');
  const { AgreementRepository } = await import('../../shared/store/agreement-repository.js');
  const { DynamoLedgerRepository } = await import('../../shared/store/ledger-repository.js');
  const { DynamoRecordingRepository } = await import('../../shared/store/recording-repository.js');
  const input = JSON.parse(process.env.BENCH_INPUT as string);
  const config: RuntimeConfig = input.config;
  const db = createDocumentClient(config);
  const s3 = createS3Client(config);
  const ingest = new IngestRecording({
    store: new DynamoRecordingRepository(db, config.tableName),
    agreements: new AgreementRepository(db, config.tableName),
    source: new AllowListedRecordingSource(s3, parseRecordingSources(`s3://${input.sourceBucket}`)),
    objects: new S3RecordingObjectStore(s3, { bucket: input.bucket, kmsKeyId: 'alias/ccc-bench' }),
    ledger: new DynamoLedgerRepository(db, config.tableName),
  });
  global.gc?.();
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, input.sampleMs);
  const started = performance.now();
  const outcome = await ingest.ingest(input.detail);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  process.stdout.write(
    `${JSON.stringify({
      seconds,
      baseline,
      peak,
      maxRss: process.resourceUsage().maxRSS * 1024,
      outcome,
    })}\n`,
  );
}

function runChild(
  input: unknown,
): Promise<{ seconds: number; baseline: number; peak: number; maxRss: number; outcome: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(
      process.execPath,
      ['--openssl-legacy-provider', '--expose-gc', '--import', 'tsx', 'test/bench/recording-ingest.ts', '--child'],
      { env: { ...process.env, BENCH_INPUT: JSON.stringify(input) }, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    proc.stdout.on('data', (chunk) => (out += chunk));
    proc.on('error', reject);
    proc.on('close', (code) => {
      if (code !== 0) return reject(new Error(`the ingesting process exited with ${code}`));
      resolve(JSON.parse(out.trim().split('\n').at(-1) as string));
    });
  });
}

/** Ingests one generated recording of `sizeMb` MB through the S3 stand-in at `config.endpoints.s3`. */
export async function benchRecordingIngest(
  config: RuntimeConfig,
  sizeMb = 200,
  sampleMs = 20,
): Promise<RecordingIngestFigures> {
  const { createS3Client } = await import('../../shared/adapters/ledger-anchor-store.js');
  const s3 = createS3Client(config);
  const run = randomUUID().slice(0, 8);
  const sourceBucket = `bench-platform-${run}`;
  const bucket = `bench-recordings-${run}`;
  await s3.send(new CreateBucketCommand({ Bucket: sourceBucket }));
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const sourceKey = `connect/bench/CallRecordings/${run}.wav`;
  await new Upload({
    client: s3,
    params: { Bucket: sourceBucket, Key: sourceKey, Body: wavBody(sizeMb * MB) },
    partSize: 8 * 1024 * 1024,
    queueSize: 2,
  }).done();
  const now = new Date();
  const detail = {
    schemaVersion: 1,
    tenantId: `bench-rec-${run}`,
    centerId: 'lyon-1',
    occurredAt: now.toISOString(),
    contactId: `c-${run}`,
    location: `s3://${sourceBucket}/${sourceKey}`,
    format: 'wav',
    // 16-bit mono at 8 kHz: 16,000 bytes a second.
    durationSeconds: Math.round((sizeMb * MB) / 16_000),
    recordedAt: new Date(now.getTime() - 3_600_000).toISOString(),
  };
  const result = await runChild({ config, sourceBucket, bucket, detail, sampleMs });
  await s3.send(new DeleteObjectCommand({ Bucket: sourceBucket, Key: sourceKey }));
  s3.destroy();
  return {
    sizeMb,
    seconds: Math.round(result.seconds * 10) / 10,
    mbPerSecond: Math.round((sizeMb / result.seconds) * 10) / 10,
    baselineRssMb: mb(result.baseline),
    peakRssMb: mb(result.peak),
    maxRssMb: mb(result.maxRss),
    sampleMs,
    outcome: result.outcome,
  };
}

async function standalone(): Promise<void> {
  const { startDynamoDbLocal } = await import('../../infra/local/stand-ins/dynamodb-local.js');
  const { freePort } = await import('../../infra/local/stand-ins/free-port.js');
  const { startLocalS3 } = await import('../../infra/local/stand-ins/s3.js');
  const { ensureTable } = await import('../../infra/local/stand-ins/table-setup.js');
  const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
  const sizeAt = process.argv.indexOf('--size-mb');
  const sizeMb = sizeAt > 0 ? Number(process.argv[sizeAt + 1]) : 200;
  const dir = mkdtempSync(join(tmpdir(), 'ccc-bench-rec-'));
  const [ddbPort, s3Port] = await Promise.all([freePort(), freePort()]);
  const [dynamodb, s3] = await Promise.all([
    startDynamoDbLocal({ port: ddbPort }),
    startLocalS3({ port: s3Port, dataDir: join(dir, 's3'), buckets: [] }),
  ]);
  try {
    const tableName = 'ccc-bench-recordings';
    const client = new DynamoDBClient({
      endpoint: dynamodb.endpoint,
      region: 'eu-west-3',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await ensureTable(client, tableName);
    client.destroy();
    const config: RuntimeConfig = {
      tableName,
      eventBusName: 'ccc-compliance',
      region: 'eu-west-3',
      endpoints: { dynamodb: dynamodb.endpoint, s3: s3.endpoint },
    };
    console.log(JSON.stringify(await benchRecordingIngest(config, sizeMb), null, 2));
  } finally {
    await Promise.allSettled([dynamodb.stop(), s3.stop()]);
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv.includes('--child')) await child();
else if (process.argv[1]?.endsWith('recording-ingest.ts')) await standalone();
