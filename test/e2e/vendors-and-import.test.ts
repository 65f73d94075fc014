import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allocateEnvironment, type RunningSystem, startSystem } from './support/running-system.js';

const credentials = { accessKeyId: 'any', secretAccessKey: 'any' };
const fixtures = 'test/fixtures/vendors/amazon-connect';
const read = (name: string) => readFileSync(join(fixtures, name), 'utf8');
/** A fixture with its contact id replaced, so each run records new contacts. */
const renamed = (text: string, from: string, to: string) => JSON.parse(text.replaceAll(from, to));

describe('npm start: vendor events on the bus and the historical import', () => {
  let system: RunningSystem;
  let environment: Awaited<ReturnType<typeof allocateEnvironment>>;
  let db: DynamoDBDocumentClient;
  const contact = async (contactId: string) =>
    (
      await db.send(
        new GetCommand({
          TableName: 'ccc-compliance',
          Key: { pk: `T#acme-energy#CONTACT#${contactId}`, sk: 'CONTACT' },
        }),
      )
    ).Item;

  beforeAll(async () => {
    environment = await allocateEnvironment();
    system = await startSystem(environment);
    db = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: system.urls.dynamodb, region: 'eu-west-3', credentials }),
    );
  });

  afterAll(async () => {
    await system?.stop('SIGTERM');
  });

  it('assembles Amazon Connect contact events, sent out of order, into one stored contact of the mapped tenant', async () => {
    const events = read('events-voice-inbound-handled.json');
    const fixtureId = JSON.parse(events)[0].detail.contactId as string;
    const contactId = crypto.randomUUID();
    const [initiated, queued, connected, updated, disconnected, completed] = renamed(events, fixtureId, contactId);
    const bus = new EventBridgeClient({ endpoint: system.urls.events, region: 'eu-west-3', credentials });

    const out = await bus.send(
      new PutEventsCommand({
        Entries: [disconnected, queued, completed, initiated, connected, updated].map((e) => ({
          EventBusName: 'ccc-compliance',
          Source: e.source,
          DetailType: e['detail-type'],
          Detail: JSON.stringify(e.detail),
          Time: new Date(e.time),
        })),
      }),
    );
    expect(out.FailedEntryCount).toBe(0);

    const deadline = Date.now() + 20_000;
    let stored = await contact(contactId);
    while (stored === undefined && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      stored = await contact(contactId);
    }
    expect(stored).toMatchObject({
      contactId,
      tenantId: 'acme-energy',
      centerId: 'lyon-1',
      channel: 'voice',
      outcome: 'handled',
    });
  });

  it('imports contact trace records with npm run import, names the bad line, and a re-run changes nothing', async () => {
    const handled = read('ctr-voice-inbound-handled.json');
    const abandoned = read('ctr-voice-abandoned-in-queue.json');
    const ids = [crypto.randomUUID(), crypto.randomUUID()];
    const lines = [
      JSON.stringify(renamed(handled, JSON.parse(handled).ContactId, ids[0]!)),
      '{"ContactId": "broken", ',
      JSON.stringify(renamed(abandoned, JSON.parse(abandoned).ContactId, ids[1]!)),
    ];
    const file = join(environment.dataDir, 'ctr.jsonl');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const importOnce = () =>
      spawnSync('npm', ['run', '-s', 'import', '--', '--format', 'amazon-connect-ctr', file], {
        env: { ...process.env, ...environment.env, VENDOR_MAPPING_FILE: 'config/vendor-mapping.example.json' },
        encoding: 'utf8',
      });

    const first = importOnce();
    expect(first.status, first.stderr).toBe(0);
    const firstReport = first.stdout + first.stderr;
    expect(firstReport).toMatch(/imported\s+2\b/);
    expect(firstReport).toMatch(/rejected\s+1\b/);
    expect(firstReport).toMatch(/line 2: /);

    const again = importOnce();
    expect(again.status).toBe(0);
    expect(again.stdout + again.stderr).toMatch(/duplicates\s+2\b/);
    expect(again.stdout + again.stderr).toMatch(/imported\s+0\b/);
    expect(await contact(ids[0]!)).toMatchObject({ outcome: 'handled', centerId: 'lyon-1' });
    expect(await contact(ids[1]!)).toMatchObject({ outcome: 'abandoned' });
  });
});
