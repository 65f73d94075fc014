import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeadLetterStore, type NewDeadLetter } from '../../../../../infra/local/event-bus/dead-letter-store.js';

const entry = (eventId: string): NewDeadLetter => ({
  ruleName: 'ContactCompletedToRecordContact',
  targetName: 'record-contact-completed',
  event: {
    version: '0',
    id: eventId,
    'detail-type': 'contact.completed',
    source: 'ccc.telephony',
    account: '000000000000',
    time: '2025-03-01T10:00:00Z',
    region: 'eu-west-3',
    resources: [],
    detail: {},
  },
  error: 'boom',
  attempts: 4,
  failedAt: '2025-03-01T10:00:05.000Z',
});

describe('Class: DeadLetterStore', () => {
  let dir: string;
  let file: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bus-store-'));
    file = join(dir, 'nested', 'events', 'dead-letters.jsonl');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates its directory and lists nothing before the first dead letter', async () => {
    const store = await DeadLetterStore.open(file);
    await expect(store.list()).resolves.toEqual([]);
  });

  it('keeps dead letters across a restart, one JSON line each, with stable ids', async () => {
    const first = await (await DeadLetterStore.open(file)).append(entry('e-1'));
    await (await DeadLetterStore.open(file)).append(entry('e-2'));

    const reopened = await DeadLetterStore.open(file);
    const listed = await reopened.list();

    expect(listed.map((deadLetter) => deadLetter.event.id)).toEqual(['e-1', 'e-2']);
    expect(listed[0]).toEqual(first);
    expect((await readFile(file, 'utf8')).trim().split('\n')).toHaveLength(2);
  });

  it('removes only the given ids', async () => {
    const store = await DeadLetterStore.open(file);
    const kept = await store.append(entry('e-1'));
    const removed = await store.append(entry('e-2'));

    await store.remove([removed.id, 'no-such-id']);

    expect(await store.list()).toEqual([kept]);
  });

  it('keeps an unreadable line (a torn write) when it rewrites the file', async () => {
    const store = await DeadLetterStore.open(file);
    const removed = await store.append(entry('e-1'));
    await appendFile(file, '{"id": "torn', 'utf8');
    await appendFile(file, '\n', 'utf8');
    const kept = await store.append(entry('e-2'));

    await store.remove([removed.id]);

    expect(await store.list()).toEqual([kept]);
    expect(await readFile(file, 'utf8')).toContain('{"id": "torn');
  });

  it('does not lose entries appended concurrently with a removal', async () => {
    const store = await DeadLetterStore.open(file);
    const old = await store.append(entry('e-0'));

    const appended = Array.from({ length: 20 }, (_, i) => store.append(entry(`e-${i + 1}`)));
    await Promise.all([store.remove([old.id]), ...appended]);

    expect(await store.list()).toHaveLength(20);
  });
});
