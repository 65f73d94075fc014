import type { ContactCompletedDetail } from '../../../../../events/telephony.js';

const BASE = Date.parse('2026-11-02T09:00:00+01:00');
const iso = (ms: number) => new Date(ms).toISOString();

/** A valid contact.completed detail: a voice call offered at 09:00 Paris time that waited `wait` seconds. */
export function contact(
  id: string,
  shape: { outcome?: ContactCompletedDetail['outcome']; wait?: number; at?: number } & Partial<ContactCompletedDetail>,
): ContactCompletedDetail {
  const { outcome = 'handled', wait = 10, at = BASE, ...rest } = shape;
  const answered = at + wait * 1000;
  const ended = answered + 300_000;
  return {
    schemaVersion: 1,
    tenantId: 'acme-energy',
    centerId: 'lyon-1',
    contactId: id,
    channel: 'voice',
    direction: 'inbound',
    queue: 'billing',
    initiatedAt: iso(at),
    queuedAt: iso(at),
    ...(outcome === 'handled' ? { answeredAt: iso(answered) } : {}),
    endedAt: iso(outcome === 'abandoned' ? answered : ended),
    occurredAt: iso(outcome === 'abandoned' ? answered : ended),
    outcome,
    ...rest,
  };
}
