import { describe, expect, it } from 'vitest';
import type { VendorContact } from '../../../../../events/adapters/vendor-contact.js';
import { toCanonicalContact } from '../../../../../shared/domain/vendor/to-canonical.js';
import type { ResolvedPlacement } from '../../../../../shared/domain/vendor/vendor-mapping.js';

const contact: VendorContact = {
  origin: { vendor: 'amazon-connect', instance: 'i-1', queueId: 'q-1' },
  contactId: 'c-1',
  channel: 'voice',
  direction: 'inbound',
  initiatedAt: '2026-11-02T08:00:00.000Z',
  queuedAt: '2026-11-02T08:00:10.000Z',
  answeredAt: '2026-11-02T08:00:30.000Z',
  endedAt: '2026-11-02T08:05:00.000Z',
  outcome: 'handled',
  attributes: { contactreason: 'move-in', lang: 'fr-FR', customer: 'cust-1' },
};
const placement: ResolvedPlacement = {
  tenantId: 'acme-energy',
  centerId: 'lyon-1',
  queue: 'moving',
  attributes: { reason: 'contactReason', language: 'lang', customerRef: 'customer' },
};

describe('Vendor contact → canonical contact.completed', () => {
  it('places the contact, takes the mapped attributes, and ends it when it ended', () => {
    expect(toCanonicalContact(contact, placement)).toEqual({
      ok: true,
      detail: {
        schemaVersion: 1,
        tenantId: 'acme-energy',
        centerId: 'lyon-1',
        occurredAt: '2026-11-02T08:05:00.000Z',
        contactId: 'c-1',
        channel: 'voice',
        direction: 'inbound',
        queue: 'moving',
        reason: 'move-in',
        language: 'fr-FR',
        customerRef: 'cust-1',
        initiatedAt: '2026-11-02T08:00:00.000Z',
        queuedAt: '2026-11-02T08:00:10.000Z',
        answeredAt: '2026-11-02T08:00:30.000Z',
        endedAt: '2026-11-02T08:05:00.000Z',
        outcome: 'handled',
      },
    });
  });

  it.each([
    ['a phone number', '+33 6 12 34 56 78'],
    ['an e-mail address', 'jane.doe@example.com'],
  ])('never takes %s as the customer reference', (_what, value) => {
    const result = toCanonicalContact({ ...contact, attributes: { customer: value } }, placement);
    expect(result.ok).toBe(true);
    expect(result.ok && 'customerRef' in result.detail).toBe(false);
    expect(JSON.stringify(result)).not.toContain(value);
  });

  it('keeps the contact but not the agent when the vendor names the agent by e-mail address', () => {
    const byLogin = toCanonicalContact({ ...contact, agentId: 'jane.doe@example.com' }, placement);
    const byId = toCanonicalContact({ ...contact, agentId: 'agent-7f3a' }, placement);
    expect(byLogin.ok && 'agentId' in byLogin.detail).toBe(false);
    expect(JSON.stringify(byLogin)).not.toContain('jane.doe');
    expect(byId.ok && byId.detail.agentId).toBe('agent-7f3a');
  });

  it('drops a language that is not a BCP 47 tag', () => {
    const result = toCanonicalContact({ ...contact, attributes: { lang: 'French please' } }, placement);
    expect(result.ok).toBe(true);
    expect(result.ok && 'language' in result.detail).toBe(false);
  });

  it('refuses a contact the canonical schema would refuse, naming the field', () => {
    expect(toCanonicalContact({ ...contact, endedAt: '2026-11-02T07:00:00.000Z' }, placement)).toEqual({
      ok: false,
      reason: 'not a valid contact.completed: endedAt: endedAt is before initiatedAt',
    });
  });
});
