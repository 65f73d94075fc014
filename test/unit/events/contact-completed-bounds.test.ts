import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { contactCompletedDetailAt } from '../../../events/telephony.js';

const sampleText = readFileSync('events/samples/contact.completed.json', 'utf8');
const sample = JSON.parse(sampleText) as Record<string, unknown>;
/** Received the day after the sample contact. */
const schema = contactCompletedDetailAt(() => new Date('2026-11-03T08:00:00Z'));

function issues(detail: unknown, on = schema) {
  const result = on.safeParse(detail);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

function nested(depth: number): unknown {
  return depth === 0 ? 'leaf' : { level: nested(depth - 1) };
}

describe('Schema: contact.completed bounds', () => {
  it('accepts the sample', () => {
    expect(issues(sample)).toEqual([]);
  });

  it.each([
    ['1e200', '1e200'],
    ['1e400 (Infinity once parsed)', '1e400'],
    ['more than 31 days', '2678401'],
    ['1e-200 (below what the table stores)', '1e-200'],
  ])('refuses talkSeconds of %s', (_label, literal) => {
    const detail = JSON.parse(sampleText.replace('"talkSeconds": 356', `"talkSeconds": ${literal}`));

    expect(issues(detail).some((i) => i.startsWith('talkSeconds:'))).toBe(true);
  });

  it('refuses talk or hold longer than the contact', () => {
    // The sample lasts 458 s (09:14:02 → 09:21:40).
    expect(issues({ ...sample, talkSeconds: 460 })).toEqual([
      'talkSeconds: talkSeconds exceeds the contact’s duration',
    ]);
    expect(issues({ ...sample, holdSeconds: 459 })).toEqual([]);
    expect(issues({ ...sample, afterContactWorkSeconds: 7200 })).toEqual([]);
  });

  it('refuses a contact dated 9999-12-31', () => {
    const at = '9999-12-31T10:00:00Z';
    const found = issues({ ...sample, initiatedAt: at, queuedAt: at, answeredAt: at, endedAt: at, occurredAt: at });

    expect(found).toContain('endedAt: more than 60 minutes after the event was received');
    expect(found).toContain('occurredAt: more than 60 minutes after the event was received');
  });

  it('evaluates the window against the clock it is given, when it checks', () => {
    let now = new Date('2026-11-02T08:30:00Z');
    const moving = contactCompletedDetailAt(() => now);
    // Ends at 08:21:40Z: 8 minutes ago, fine.
    expect(issues(sample, moving)).toEqual([]);
    now = new Date('2026-11-02T07:00:00Z');
    expect(issues(sample, moving)).toContain('endedAt: more than 60 minutes after the event was received');
    now = new Date('2031-11-03T08:00:00Z');
    expect(issues(sample, moving)).toContain('endedAt: more than 1826 days (5 years) before the event was received');
  });

  it('lets a year-long backfill through', () => {
    const aYearLater = contactCompletedDetailAt(() => new Date('2027-11-02T09:00:00Z'));

    expect(issues(sample, aYearLater)).toEqual([]);
  });

  it('refuses a contact lasting more than 31 days', () => {
    expect(issues({ ...sample, initiatedAt: '2026-10-01T09:14:02+01:00' })).toContain(
      'endedAt: a contact lasts at most 31 days',
    );
  });

  it('refuses unknown fields, nested ones included', () => {
    expect(issues({ ...sample, extra: nested(40) })).toEqual([': Unrecognized key: "extra"']);
    expect(issues({ ...sample, queue: { name: 'billing' } })).toHaveLength(1);
  });

  it('refuses a phone number as customerRef and an e-mail address as agentId, saying why', () => {
    expect(issues({ ...sample, customerRef: '+33 6 12 34 56 78', agentId: 'jane.doe@example.com' })).toEqual([
      'agentId: agentId must be a pseudonymised reference, not an e-mail address',
      'customerRef: customerRef must be a pseudonymised reference, not a phone number',
    ]);
  });

  it('states its ranges in the JSON schema', () => {
    const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
      properties: Record<string, { description?: string; maximum?: number }>;
    };

    expect(json.properties.endedAt?.description).toBe(
      'The contact ended: ISO 8601 date-time with offset, at most 5 years before and 60 minutes after the event is received',
    );
    expect(json.properties.talkSeconds?.maximum).toBe(2_678_400);
    expect(json.properties.customerRef?.description).toMatch(/never a phone number, e-mail address/);
  });
});
