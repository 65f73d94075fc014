import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagnosticEvent } from '../../../events/adapters/redact.js';

const sample = JSON.parse(readFileSync('events/samples/contact.completed.json', 'utf8')) as Record<string, unknown>;
const envelope = {
  version: '0',
  id: 'e-1',
  'detail-type': 'contact.completed',
  source: 'ccc.telephony',
  account: '000000000000',
  time: '2026-11-02T08:21:41Z',
  region: 'eu-west-3',
  resources: ['arn:aws:connect:eu-west-3:1:instance/x'],
};

describe('Function: diagnosticEvent', () => {
  it('keeps ids, tenant, centre, channel and timestamps of a canonical contact, nothing personal or free-text', () => {
    const kept = diagnosticEvent({ ...envelope, detail: sample });

    expect(kept).toEqual({
      version: '0',
      id: 'e-1',
      'detail-type': 'contact.completed',
      source: 'ccc.telephony',
      account: '000000000000',
      time: '2026-11-02T08:21:41Z',
      region: 'eu-west-3',
      detail: {
        schemaVersion: 1,
        tenantId: 'acme-energy',
        centerId: 'lyon-1',
        contactId: 'c-20261102-000123',
        channel: 'voice',
        direction: 'inbound',
        occurredAt: sample.occurredAt,
        initiatedAt: sample.initiatedAt,
        queuedAt: sample.queuedAt,
        answeredAt: sample.answeredAt,
        endedAt: sample.endedAt,
      },
    });
  });

  it('drops nested values, bounds long strings, and redacts a kept field that holds personal data', () => {
    const kept = diagnosticEvent({
      ...envelope,
      detail: {
        tenantId: { nested: { deeper: 'x' } },
        contactId: '+33 6 12 34 56 78',
        channel: 'v'.repeat(10_000),
        endedAt: ['2026-11-02T08:21:40Z'],
        schemaVersion: Number.POSITIVE_INFINITY,
      },
    });

    expect(kept.detail).toEqual({
      contactId: '[redacted]',
      channel: `${'v'.repeat(128)}…`,
      schemaVersion: 'Infinity',
    });
  });

  it('keeps nothing of what is not an event', () => {
    expect(diagnosticEvent('not an event')).toEqual({});
    expect(diagnosticEvent({ ...envelope, detail: 'text' })).not.toHaveProperty('detail');
  });
});
