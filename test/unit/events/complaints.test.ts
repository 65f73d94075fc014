import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalEvents } from '../../../events/catalog.js';
import {
  ComplaintAcknowledged,
  ComplaintReceived,
  ComplaintReceivedDetail,
  ComplaintReopened,
  ComplaintResolvedDetail,
  complaintEvents,
} from '../../../events/complaints.js';
import { rules } from '../../../events/rules.js';

const sampleOf = (detailType: string) =>
  JSON.parse(readFileSync(`events/samples/${detailType}.json`, 'utf8')) as Record<string, unknown>;

const received = sampleOf('complaint.received');
const resolved = sampleOf('complaint.resolved');
/** The samples are dated November 2026: checked as if received the day after. */
const receivedOn = () => new Date('2026-11-18T00:00:00Z');

function issuesOf(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  return (result.error?.issues ?? []).map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('Complaint events', () => {
  it.each(complaintEvents.map((event) => [event.detailType, event] as const))(
    '%s: its sample is valid and its key names the complaint and its own instant',
    (detailType, event) => {
      const detail = event.schemaAt?.(receivedOn).parse(sampleOf(detailType));
      const key = event.idempotencyKey(detail as never);
      expect(key).toMatch(new RegExp(`^${detailType.replace('.', '\\.')}#cmp-2026-000457#\\d{13}$`));
    },
  );

  it('keys a receipt by its instant, whatever offset it is written with', () => {
    const paris = ComplaintReceived.schemaAt?.(receivedOn).parse(received);
    const utc = ComplaintReceived.schemaAt?.(receivedOn).parse({ ...received, receivedAt: '2026-11-02T08:21:40Z' });
    expect(ComplaintReceived.idempotencyKey(paris as never)).toBe(ComplaintReceived.idempotencyKey(utc as never));
    expect(ComplaintReceived.idempotencyKey(paris as never)).toBe(
      `complaint.received#cmp-2026-000457#${Date.parse('2026-11-02T08:21:40Z')}`,
    );
  });

  it('tells an acknowledgement from a reopening of the same complaint at the same instant', () => {
    const at = '2026-11-03T10:00:00+01:00';
    const base = { schemaVersion: 1, tenantId: 'acme-energy', centerId: 'lyon-1', occurredAt: at };
    const ack = ComplaintAcknowledged.schema.parse({ ...base, complaintId: 'c-1', acknowledgedAt: at });
    const reopened = ComplaintReopened.schema.parse({ ...base, complaintId: 'c-1', reopenedAt: at });
    expect(ComplaintAcknowledged.idempotencyKey(ack)).not.toBe(ComplaintReopened.idempotencyKey(reopened));
  });

  it.each([
    ['an e-mail address in the remedy sought', { remedySought: 'Write to me at jane.doe@example.com' }, 'e-mail'],
    ['a phone number in the remedy sought', { remedySought: 'Call me back on +33 6 12 34 56 78 please' }, 'phone'],
    ['a card number in the remedy sought', { remedySought: 'Refund card 4111 1111 1111 1111' }, 'card'],
    ['a phone number written with dots', { remedySought: 'Call 06.12.34.56.78 after six' }, 'phone'],
    ['a phone number as the customer reference', { customerRef: '06 12 34 56 78' }, 'pseudonymised'],
    ['an e-mail address as the owner', { ownerId: 'agent@example.com' }, 'pseudonymised'],
    ['a category that is not a slug', { category: 'Billing Issue' }, 'slug'],
    ['a complaint id with a key separator', { complaintId: 'cmp#1' }, 'letters, digits'],
    ['an unknown severity', { severity: 'urgent' }, 'severity'],
    ['a remedy sought longer than 500 characters', { remedySought: 'x'.repeat(501) }, 'remedySought'],
    ['an unknown field', { customerName: 'Jane Doe' }, 'customerName'],
  ])('refuses a receipt with %s, saying why without repeating the value', (_, change, reason) => {
    const result = ComplaintReceivedDetail.safeParse({ ...received, ...change });
    expect(result.success).toBe(false);
    const text = JSON.stringify(result.error?.issues);
    expect(text).toContain(reason);
    for (const value of Object.values(change)) if (value.length < 100) expect(text).not.toContain(value);
  });

  it.each([
    'Refund of invoice INV-20261102 (paid 2026-10-28)',
    'Credit of 84.20 EUR on the next bill',
    'Debited twice on 2026-10-28 10:30 and on 28/10/2026 at 10h45',
    'Refund of 5000 points on account A12345678',
  ])('accepts a remedy that only names references, dates and amounts: %s', (remedy) => {
    const result = ComplaintResolvedDetail.safeParse({ ...resolved, remedy });
    expect(issuesOf(result)).toEqual([]);
  });

  it('refuses a resolution without an outcome the product knows', () => {
    const result = ComplaintResolvedDetail.safeParse({ ...resolved, outcome: 'closed' });
    expect(issuesOf(result)).toEqual([expect.stringMatching(/^outcome: /)]);
  });

  it('are consumed and routed to the complaint register, all five of them', () => {
    const types = complaintEvents.map((event) => event.detailType);
    expect(canonicalEvents.map((event) => event.detailType)).toEqual(expect.arrayContaining(types));
    const rule = rules.find((r) => r.name === 'ComplaintEventsToRegister');
    expect(rule?.target).toBe('record-complaint-event');
    expect(rule?.eventPattern).toEqual({ source: ['ccc.complaints'], 'detail-type': types });
  });
});
