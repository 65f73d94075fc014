import { spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventBridgeEvent } from '../../../events/envelope.js';
import { type LocalEventBus, startLocalEventBus } from '../../../infra/local/event-bus/index.js';
import { ImportAbortedError, importContacts } from '../../../infra/local/import/import-contacts.js';
import { VendorMapping } from '../../../shared/domain/vendor/vendor-mapping.js';
import { DynamoContactRecorder } from '../../../shared/store/dynamo-contact-recorder.js';
import { standInConfig, testDocumentClient } from '../../support/stand-ins.js';

const config = standInConfig();
const db = testDocumentClient();
const dir = mkdtempSync(join(tmpdir(), 'ccc-import-'));
const INSTANCE = '7c1d9e2a-5b34-4f0e-9a61-0d2c8e4b7f15';
const ctrSample = JSON.parse(
  readFileSync('test/fixtures/vendors/amazon-connect/ctr-voice-inbound-handled.json', 'utf8'),
);
const abandonedSample = JSON.parse(
  readFileSync('test/fixtures/vendors/amazon-connect/ctr-voice-abandoned-in-queue.json', 'utf8'),
);
const taskSample = JSON.parse(readFileSync('test/fixtures/vendors/amazon-connect/ctr-task.json', 'utf8'));

// Tenants of their own, so that these contacts do not show in other tests' KPIs.
const runId = crypto.randomUUID().slice(0, 8);
const tenantId = `t-import-${runId}`;
const mappingDocument = {
  instances: [{ vendor: 'amazon-connect', instance: INSTANCE, default: { tenantId, centerId: 'lyon-1' } }],
};
const mapping = VendorMapping.parse(mappingDocument);

/** Line numbers of the lines made bad on purpose, and why each is refused. */
const BAD_LINES = new Map<number, string>([
  [17, 'the line is not valid JSON'],
  [412, 'ContactId is missing'],
  [750, 'unmapped contact: amazon-connect instance other-instance (queue Facturation) is not in the vendor mapping'],
  [1499, 'DisconnectTimestamp is missing or not a date-time'],
]);
const BLANK_LINE = 900;
const SKIPPED_LINES = new Map<number, string>([
  [901, 'task contacts are back-office work items, not customer contacts'],
  [1200, 'TRANSFER contacts continue a contact counted under its initial contact id'],
]);

function ctrLine(n: number): string {
  const id = `${runId}-${String(n).padStart(5, '0')}`;
  const minute = String(n % 60).padStart(2, '0');
  if (n === 17) return `{"ContactId": "${id}", "Channel": `;
  if (n === 412) return JSON.stringify({ ...ctrSample, ContactId: null });
  if (n === 750)
    return JSON.stringify({
      ...ctrSample,
      ContactId: id,
      InstanceARN: 'arn:aws:connect:eu-west-3:1:instance/other-instance',
    });
  if (n === 1499) return JSON.stringify({ ...ctrSample, ContactId: id, DisconnectTimestamp: 'soon' });
  if (n === BLANK_LINE) return '   ';
  if (n === 901) return JSON.stringify({ ...taskSample, ContactId: id });
  if (n === 1200) return JSON.stringify({ ...ctrSample, ContactId: id, InitiationMethod: 'TRANSFER' });
  const base = n % 7 === 0 ? abandonedSample : ctrSample;
  // Spread over a day of the month so the contacts do not all land in one KPI interval.
  return JSON.stringify({
    ...base,
    ContactId: id,
    InitiationTimestamp: `2026-10-${String(1 + (n % 28)).padStart(2, '0')}T09:${minute}:05Z`,
    ConnectedToSystemTimestamp: undefined,
    Queue: { ...base.Queue, EnqueueTimestamp: `2026-10-${String(1 + (n % 28)).padStart(2, '0')}T09:${minute}:20Z` },
    Agent: base.Agent && {
      ...base.Agent,
      ConnectedToAgentTimestamp: `2026-10-${String(1 + (n % 28)).padStart(2, '0')}T09:${minute}:37Z`,
    },
    // An hour later: long enough for the sample's talk and hold time, which a contact cannot exceed.
    DisconnectTimestamp: `2026-10-${String(1 + (n % 28)).padStart(2, '0')}T10:${minute}:59Z`,
  });
}

const LINES = 1500;
const ctrFile = join(dir, 'contacts.jsonl');
writeFileSync(ctrFile, `${Array.from({ length: LINES }, (_, i) => ctrLine(i + 1)).join('\n')}\n`);
const mappingFile = join(dir, 'mapping.json');
writeFileSync(mappingFile, JSON.stringify(mappingDocument));

/** The bus the command publishes `recording.available` to, and what it received. */
let bus: LocalEventBus;
const announced: EventBridgeEvent[] = [];

beforeAll(async () => {
  bus = await startLocalEventBus({
    port: 0,
    busName: 'ccc-compliance',
    deadLetterFile: join(dir, 'bus-dead-letters.jsonl'),
    targets: [
      {
        ruleName: 'RecordingAvailableToIngest',
        targetName: 'ingest-recording',
        eventPattern: { source: ['ccc.telephony'], 'detail-type': ['recording.available'] },
        invoke: async (event) => void announced.push(event),
      },
    ],
  });
});

afterAll(async () => {
  await bus.close();
});

/** Runs the import command as a user would, with the stand-ins of this run. */
function runCli(args: string[], stdin?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/import.ts', ...args], {
      env: {
        ...process.env,
        TABLE_NAME: config.tableName,
        DYNAMODB_ENDPOINT: config.endpoints.dynamodb,
        EVENTS_ENDPOINT: bus.url,
        VENDOR_MAPPING: '',
        VENDOR_MAPPING_FILE: '',
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

describe('Historical import', () => {
  it('imports a 1,500-line contact-record file, reporting exact counts and the bad lines; a second run only finds duplicates', async () => {
    // Act: the library on the file, then the command on the same file
    const first = await importContacts({
      input: createReadStream(ctrFile),
      format: 'amazon-connect-ctr',
      recorder: new DynamoContactRecorder(db, config.tableName),
      mapping,
    });
    const second = await runCli(['--format', 'amazon-connect-ctr', '--mapping', mappingFile, '--json', ctrFile]);

    // Assess
    const expectedImported = LINES - BAD_LINES.size - SKIPPED_LINES.size - 1;
    expect(first).toMatchObject({
      lines: LINES,
      imported: expectedImported,
      duplicates: 0,
      skipped: SKIPPED_LINES.size,
      rejected: BAD_LINES.size,
    });
    expect(first.rejections).toEqual([...BAD_LINES].map(([line, reason]) => ({ line, reason })));
    expect(first.skippedReasons).toEqual(Object.fromEntries([...SKIPPED_LINES.values()].map((r) => [r, 1])));
    console.info(
      `import of ${LINES} contact records: ${first.linesPerSecond} lines/s (${first.elapsedMs.toFixed(0)} ms)`,
    );

    expect(second.code).toBe(0);
    const again = JSON.parse(second.stdout);
    expect(again).toMatchObject({
      lines: LINES,
      imported: 0,
      duplicates: expectedImported,
      skipped: SKIPPED_LINES.size,
      rejected: BAD_LINES.size,
    });
    expect(again.rejections.map((r: { line: number }) => r.line)).toEqual([...BAD_LINES.keys()]);
    // Every recorded voice contact with a call recording (the abandoned ones have none) is announced on the bus.
    const recorded = Array.from({ length: LINES }, (_, i) => i + 1).filter(
      (n) => !BAD_LINES.has(n) && !SKIPPED_LINES.has(n) && n !== BLANK_LINE && n % 7 !== 0,
    );
    expect(again.recordingsAnnounced).toBe(recorded.length);
    await bus.idle();
    const ours = announced.filter((e) => (e.detail as { tenantId: string }).tenantId === tenantId);
    expect(ours).toHaveLength(recorded.length);
    expect(ours.find((e) => (e.detail as { contactId: string }).contactId === `${runId}-00001`)?.detail).toEqual({
      schemaVersion: 1,
      tenantId,
      centerId: 'lyon-1',
      occurredAt: '2026-11-02T08:21:40.000Z',
      contactId: `${runId}-00001`,
      location: 's3://acme-connect-recordings/connect/2026/11/02/6a1f2b3c_20261102T08:14_UTC.wav',
      format: 'wav',
      durationSeconds: 423,
      recordedAt: '2026-11-02T08:14:37.000Z',
    });
  }, 180_000);

  it('imports canonical contacts from standard input, filling only a missing tenant and centre', async () => {
    const sample = JSON.parse(readFileSync('events/samples/contact.completed.json', 'utf8'));
    const { tenantId: _t, centerId: _c, ...unplaced } = sample;
    const ownTenant = `t-own-${runId}`;
    const lines = [
      JSON.stringify({ ...unplaced, contactId: `stdin-${runId}-1` }),
      JSON.stringify({ ...sample, tenantId: ownTenant, contactId: `stdin-${runId}-2` }),
      JSON.stringify({ ...unplaced, contactId: `stdin-${runId}-3`, channel: 'fax' }),
      JSON.stringify({
        version: '0',
        source: 'ccc.telephony',
        'detail-type': 'contact.completed',
        detail: { ...unplaced, contactId: `stdin-${runId}-4` },
      }),
    ];

    const run = await runCli(
      ['--format', 'canonical', '--tenant', tenantId, '--center', 'leeds-1', '--json', '-'],
      `${lines.join('\n')}\n`,
    );

    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ lines: 4, imported: 3, duplicates: 0, rejected: 1 });
    expect(summary.rejections).toEqual([
      {
        line: 3,
        reason:
          'not a valid contact.completed: channel: Invalid option: expected one of "voice"|"email"|"chat"|"social"|"messaging"',
      },
    ]);
    const recorder = new DynamoContactRecorder(db, config.tableName);
    // Recording again is a duplicate exactly where the import placed each contact.
    expect(await recorder.record({ ...sample, tenantId, centerId: 'leeds-1', contactId: `stdin-${runId}-1` })).toBe(
      'duplicate',
    );
    expect(await recorder.record({ ...sample, tenantId: ownTenant, contactId: `stdin-${runId}-2` })).toBe('duplicate');
  }, 60_000);

  it('refuses a command line it cannot understand, with the usage', async () => {
    const run = await runCli(['--tenant', 'acme-energy', 'file.jsonl']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--format must be one of amazon-connect-ctr, canonical');
    expect(run.stderr).toContain('Usage: npm run import');
  }, 60_000);

  it('fails with status 1 and a plain reason when the file cannot be read', async () => {
    const run = await runCli(['--format', 'canonical', join(dir, 'missing.jsonl')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Import failed: .*no such file/);
  }, 60_000);
});

describe('Historical import: bounded memory and failures', () => {
  const canonicalLines = (count: number) =>
    Readable.from(
      (function* () {
        const sample = JSON.parse(readFileSync('events/samples/contact.completed.json', 'utf8'));
        for (let i = 1; i <= count; i++) yield `${JSON.stringify({ ...sample, contactId: `c-${i}` })}\n`;
      })(),
    );

  it('never has more writes in flight than asked, and never reads far ahead of the writes', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    let maxAhead = 0;
    let settled = 0;
    let read = 0;
    const source = canonicalLines(3000);
    source.on('data', () => {
      read += 1;
      maxAhead = Math.max(maxAhead, read - settled);
    });
    const summary = await importContacts({
      input: source,
      format: 'canonical',
      concurrency: 4,
      recorder: {
        record: async () => {
          inFlight += 1;
          maxInFlight = Math.max(maxInFlight, inFlight);
          await new Promise((resolve) => setTimeout(resolve, 1));
          inFlight -= 1;
          settled += 1;
          return 'applied';
        },
      },
    });

    expect(summary.imported).toBe(3000);
    expect(maxInFlight).toBe(4);
    // Lines are pulled as writes finish: what has been read but not written stays far below the file's size.
    expect(maxAhead).toBeLessThan(1500);
  });

  it('stops at the first write that fails for a reason that is not the line, and says where', async () => {
    let calls = 0;
    const attempt = importContacts({
      input: canonicalLines(100),
      format: 'canonical',
      concurrency: 1,
      recorder: {
        record: async () => {
          calls += 1;
          if (calls === 40) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { name: 'Error' });
          return 'applied';
        },
      },
    });
    const error = await attempt.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportAbortedError);
    expect((error as ImportAbortedError).line).toBe(40);
    expect((error as ImportAbortedError).summary).toMatchObject({ imported: 39, rejected: 0 });
  });
});
