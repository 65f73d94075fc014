import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allocateEnvironment,
  fetchDocumented,
  javaProcessesOnPort,
  type RunningSystem,
  startSystem,
} from './support/running-system.js';

const sample = JSON.parse(readFileSync('events/samples/contact.completed.json', 'utf8'));
const tenantId = `e2e-outage-${crypto.randomUUID().slice(0, 8)}`;
const CONTACTS = 400;
const BATCH = 10;

const contact = (i: number) => ({ ...sample, tenantId, contactId: `outage-${i}`, customerRef: `cust-${i}` });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('npm start: DynamoDB Local killed with SIGKILL while contacts are delivered', () => {
  let environment: Awaited<ReturnType<typeof allocateEnvironment>>;
  let system: RunningSystem;
  let bus: EventBridgeClient;
  const figures = { sent: 0, sentWhileDown: 0, healthDuringOutage: [] as number[], stored: 0 };

  const token = () =>
    execFileSync('npm', ['run', '-s', 'token', '--', '--role', 'compliance-officer', '--tenant', tenantId], {
      env: { ...process.env, LOCAL_DATA_DIR: environment.dataDir },
      encoding: 'utf8',
    }).trim();
  const health = async () => {
    // Every answer, 503 included, is checked against /openapi.json.
    const response = await fetchDocumented(`${system.urls.api}/health`);
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      body: response.body as { status: string; dependencies: Record<string, { status: string }> },
    };
  };
  const busStats = async () =>
    (await (await fetch(`${system.urls.events}/stats`)).json()) as { received: number; delivered: number };
  const send = async (from: number, to: number) => {
    for (let i = from; i < to; i += BATCH) {
      const out = await bus.send(
        new PutEventsCommand({
          Entries: Array.from({ length: Math.min(BATCH, to - i) }, (_, k) => ({
            EventBusName: 'ccc-compliance',
            Source: 'ccc.telephony',
            DetailType: 'contact.completed',
            Detail: JSON.stringify(contact(i + k)),
          })),
        }),
      );
      expect(out.FailedEntryCount).toBe(0);
      figures.sent += Math.min(BATCH, to - i);
    }
  };

  beforeAll(async () => {
    environment = await allocateEnvironment();
    system = await startSystem(environment);
    bus = new EventBridgeClient({
      endpoint: system.urls.events,
      region: 'eu-west-3',
      credentials: { accessKeyId: 'any', secretAccessKey: 'any' },
    });
  });

  afterAll(async () => {
    await system?.stop('SIGKILL').catch(() => undefined);
    if (environment)
      for (const pid of javaProcessesOnPort(environment.env.DYNAMODB_PORT)) process.kill(Number(pid), 'SIGKILL');
  });

  it('answers 503 while DynamoDB Local is down, restarts it, and stores every contact without a redrive', async () => {
    // Prepare: half the contacts sent, and some of them already stored, when DynamoDB Local dies.
    expect((await health()).status).toBe(200);
    await send(0, CONTACTS / 2);
    while ((await busStats()).delivered < 30) await sleep(20);
    const [pid, ...others] = javaProcessesOnPort(environment.env.DYNAMODB_PORT);
    expect(others).toEqual([]);

    // Act: kill -9, send the other half while it is down, and watch /health.
    process.kill(Number(pid), 'SIGKILL');
    const deliveredAtKill = (await busStats()).delivered;
    const watching = (async () => {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const { status, retryAfter, body } = await health();
        figures.healthDuringOutage.push(status);
        if (status === 503) {
          expect(retryAfter).toMatch(/^\d+$/);
          expect(body).toMatchObject({ status: 'unavailable', dependencies: { dynamodb: { status: 'down' } } });
        }
        if (status === 200 && figures.healthDuringOutage.includes(503)) return;
        if (Date.now() > deadline) throw new Error(`/health did not go 503 then 200: ${figures.healthDuringOutage}`);
        await sleep(100);
      }
    })();
    const sentBefore = figures.sent;
    await send(CONTACTS / 2, CONTACTS);
    figures.sentWhileDown = figures.sent - sentBefore;
    await watching;

    // Assess: every contact counted, nothing dead-lettered, and the operator was told.
    const kpis = `${system.urls.api}/v1/tenants/${tenantId}/kpis?from=2026-11-02&to=2026-11-02&granularity=total&channel=voice`;
    const authorization = `Bearer ${token()}`;
    const deadline = Date.now() + 60_000;
    for (;;) {
      const { body } = (await fetchDocumented(kpis, { headers: { authorization } })) as {
        body: { series?: Array<{ offered: number }> };
      };
      figures.stored = body.series?.[0]?.offered ?? 0;
      if (figures.stored >= CONTACTS || Date.now() > deadline) break;
      await sleep(500);
    }
    console.log(
      `outage figures: ${figures.sent} contacts sent, ${deliveredAtKill} delivered before the kill, ` +
        `${figures.sentWhileDown} sent while DynamoDB Local was down, ${figures.stored} stored afterwards; ` +
        `/health answers while down: ${figures.healthDuringOutage.join(',')}`,
    );
    expect(figures.stored).toBe(CONTACTS);
    expect(deliveredAtKill).toBeLessThan(CONTACTS);
    const { deadLetters } = (await (await fetch(`${system.urls.events}/dead-letters`)).json()) as {
      deadLetters: unknown[];
    };
    expect(deadLetters).toEqual([]);
    const output = system.output();
    expect(output).toContain('DynamoDB Local died; restarting it');
    expect(output).toContain('DynamoDB Local restarted');
    expect(output).toContain('target failing transiently, holding its deliveries and retrying');
    const [restarted, ...more] = javaProcessesOnPort(environment.env.DYNAMODB_PORT);
    expect(more).toEqual([]);
    expect(restarted).not.toBe(pid);
  });

  it('leaves no Java process behind when stopped after a restart', async () => {
    await system.stop('SIGTERM');
    expect(javaProcessesOnPort(environment.env.DYNAMODB_PORT)).toEqual([]);
  });
});
