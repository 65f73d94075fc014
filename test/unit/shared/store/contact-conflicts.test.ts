import { describe, expect, it } from 'vitest';
import { differingFields } from '../../../../shared/domain/contact/differing-fields.js';

const stored = {
  schemaVersion: 1,
  tenantId: 'acme-energy',
  contactId: 'c-42',
  channel: 'voice',
  initiatedAt: '2026-11-02T10:00:00+01:00',
  endedAt: '2026-11-02T10:05:00+01:00',
  outcome: 'handled',
  talkSeconds: 280,
};

describe('Conflicting duplicates: which fields differ', () => {
  it('names no field for an identical redelivery, in any key order', () => {
    const reordered = Object.fromEntries(Object.entries(stored).reverse());
    expect(differingFields(stored, reordered)).toEqual([]);
  });

  it('names every business field that differs, a field on one side only included, sorted', () => {
    const { talkSeconds: _dropped, ...rest } = stored;
    const received = { ...rest, outcome: 'abandoned', initiatedAt: '2026-11-02T09:00:00+01:00', agentId: 'a-7' };
    expect(differingFields(stored, received)).toEqual(['agentId', 'initiatedAt', 'outcome', 'talkSeconds']);
  });

  it('compares date-times as instants and ignores the schema version', () => {
    const received = {
      ...stored,
      schemaVersion: 2,
      initiatedAt: '2026-11-02T09:00:00Z',
      endedAt: '2026-11-02T09:05:00.000Z',
    };
    expect(differingFields(stored, received)).toEqual([]);
  });
});
