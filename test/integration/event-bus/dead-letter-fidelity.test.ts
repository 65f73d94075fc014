import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventBridgeEvent } from '../../../events/envelope.js';
import { type LocalEventBus, startLocalEventBus } from '../../../infra/local/event-bus/index.js';

const BUS = 'ccc-compliance';
/** Numbers a double cannot hold as written: once parsed and serialised again they read `null` and `1e+200`. */
const DETAIL = '{"tenantId":"acme-energy","contactId":"c-1","talkSeconds":1e400,"holdSeconds":1.0e200,"note":"é"}';

const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

describe('Local event bus: dead letters keep the entry as sent, for the owner only', () => {
  let dir: string;
  let deadLetterFile: string;
  let bus: LocalEventBus;
  let client: EventBridgeClient;
  let received: EventBridgeEvent[];
  let broken: boolean;

  const start = () =>
    startLocalEventBus({
      port: 0,
      busName: BUS,
      targets: [
        {
          ruleName: 'ContactCompletedToRecordContact',
          targetName: 'record-contact-completed',
          eventPattern: { source: ['ccc.telephony'] },
          invoke: async (event) => {
            received.push(event);
            if (broken) throw new Error('table unavailable');
          },
        },
      ],
      deadLetterFile,
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 },
    });

  const send = () =>
    client.send(
      new PutEventsCommand({
        Entries: [{ Source: 'ccc.telephony', DetailType: 'contact.completed', Detail: DETAIL, EventBusName: BUS }],
      }),
    );

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bus-fidelity-'));
    deadLetterFile = join(dir, 'events', 'dead-letters.jsonl');
    received = [];
    broken = true;
    bus = await start();
    client = new EventBridgeClient({
      endpoint: bus.url,
      region: 'eu-west-3',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
  });

  afterEach(async () => {
    client.destroy();
    await bus.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps the Detail text byte for byte, and a redrive delivers the event parsed from it', async () => {
    await send();
    await bus.idle();

    const [line] = (await readFile(deadLetterFile, 'utf8')).trim().split('\n');
    expect(JSON.parse(line as string).rawDetail).toBe(DETAIL);
    const first = received[0]?.detail as Record<string, unknown>;
    expect(first.talkSeconds).toBe(Number.POSITIVE_INFINITY);

    broken = false;
    received = [];
    expect(await bus.deadLetters.redrive()).toBe(1);
    await bus.idle();

    expect(received).toHaveLength(1);
    expect(received[0]?.detail).toEqual(first);
    expect(await bus.deadLetters.list()).toEqual([]);
  });

  it('keeps the Detail text again when a redriven delivery fails again', async () => {
    await send();
    await bus.idle();

    await bus.deadLetters.redrive();
    await bus.idle();

    const lines = (await readFile(deadLetterFile, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string).rawDetail).toBe(DETAIL);
    expect(received[2]?.detail).toMatchObject({ talkSeconds: Number.POSITIVE_INFINITY });
    expect(received).toHaveLength(4);
  });

  it('writes the dead-letter file 0600 in a 0700 folder', async () => {
    await send();
    await bus.idle();

    expect(await modeOf(deadLetterFile)).toBe(0o600);
    expect(await modeOf(join(dir, 'events'))).toBe(0o700);
    // A redrive rewrites the file (the entry leaves it) and the failed redelivery appends a new one.
    await bus.deadLetters.redrive();
    await bus.idle();
    expect(await modeOf(deadLetterFile)).toBe(0o600);
  });

  it('makes an older, world-readable file and folder owner-only when it starts', async () => {
    await bus.close();
    const older = join(dir, 'older');
    await mkdir(older, { mode: 0o755 });
    await chmod(older, 0o755);
    deadLetterFile = join(older, 'dead-letters.jsonl');
    await writeFile(deadLetterFile, '', { mode: 0o644 });
    await chmod(deadLetterFile, 0o644);

    bus = await start();

    expect(await modeOf(deadLetterFile)).toBe(0o600);
    expect(await modeOf(older)).toBe(0o700);
  });
});
