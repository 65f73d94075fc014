import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalEvents } from '../../../events/catalog.js';
import { DocumentApproved, governanceEvents } from '../../../events/governance.js';
import { AuditCompleted, CorrectiveActionRecorded, MAX_FINDINGS, qualityEvents } from '../../../events/quality.js';
import { rules } from '../../../events/rules.js';
import { MAX_AUDIT_FINDINGS } from '../../../shared/app/quality-records.js';

const sampleOf = (detailType: string) =>
  JSON.parse(readFileSync(`events/samples/${detailType}.json`, 'utf8')) as Record<string, unknown>;

/** The samples are dated November 2026: checked as if received then. */
const receivedOn = () => new Date('2026-11-18T00:00:00Z');

const audit = sampleOf('audit.completed');
const step = sampleOf('corrective-action.recorded');
const base = { schemaVersion: 1, tenantId: 'acme-energy', centerId: 'lyon-1', occurredAt: '2026-11-16T10:05:00+01:00' };

function parseStep(fields: Record<string, unknown>) {
  return CorrectiveActionRecorded.schemaAt?.(receivedOn).safeParse({
    ...base,
    nonconformityId: 'ia-2026-11.f1',
    stepId: 's-1',
    recordedBy: 'quality-002',
    ...fields,
  });
}

const messagesOf = (result: ReturnType<typeof parseStep>) =>
  (result?.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);

describe('Quality and governance events', () => {
  it.each([...qualityEvents, ...governanceEvents].map((e) => [e.detailType, e] as const))(
    '%s: its sample is valid, it is in the catalogue and a rule routes it to record-quality-event',
    (detailType, event) => {
      const detail = event.schemaAt?.(receivedOn).parse(sampleOf(detailType));
      expect(event.idempotencyKey(detail as never)).toMatch(new RegExp(`^${detailType.replace('.', '\\.')}#.+#.+$`));
      expect(canonicalEvents).toContain(event);
      const rule = rules.find(
        (r) =>
          (r.eventPattern.source as string[]).includes(event.source) &&
          (r.eventPattern['detail-type'] as string[]).includes(detailType),
      );
      expect(rule?.target).toBe('record-quality-event');
    },
  );

  it('keys a corrective step by its nonconformity and step id, and a document by its version', () => {
    const parsed = CorrectiveActionRecorded.schema.parse(step);
    expect(CorrectiveActionRecorded.idempotencyKey(parsed)).toBe(
      'corrective-action.recorded#ia-2026-11.f1#ca-ia-2026-11-f1-002',
    );
    const doc = DocumentApproved.schemaAt?.(receivedOn).parse(sampleOf('document.approved'));
    expect(DocumentApproved.idempotencyKey(doc as never)).toBe('document.approved#complaint-procedure#3.1');
  });

  it.each([
    [
      'an e-mail address in a finding',
      { findings: [{ findingId: 'f1', clause: '4.4', grade: 'minor', description: 'Mail jane.doe@example.com' }] },
      'e-mail',
    ],
    [
      'a phone number in a finding',
      {
        findings: [
          { findingId: 'f1', clause: '4.4', grade: 'minor', description: 'Agent on +33 6 12 34 56 78 untrained' },
        ],
      },
      'phone',
    ],
    ['an e-mail address as the auditor', { auditor: 'lead@auditors.example' }, 'pseudonymised'],
    [
      'an unknown grade',
      { findings: [{ findingId: 'f1', clause: '4.4', grade: 'critical', description: 'x' }] },
      'grade',
    ],
    [
      'the same finding twice',
      { findings: [1, 2].map(() => ({ findingId: 'f1', clause: '6', grade: 'minor', description: 'x' })) },
      'unique',
    ],
    ['an end before its start', { startedOn: '2026-11-14' }, 'before startedOn'],
    ['no clause in scope', { clausesInScope: [] }, 'clausesInScope'],
    ['an audit id with a key separator', { auditId: 'ia#1' }, 'letters, digits'],
    ['an unknown field', { auditorName: 'Jane Doe' }, 'auditorName'],
    [
      `more than ${MAX_FINDINGS} findings`,
      {
        findings: Array.from({ length: MAX_FINDINGS + 1 }, (_, i) => ({
          findingId: `f${i}`,
          clause: '6',
          grade: 'minor',
          description: 'x',
        })),
      },
      'findings',
    ],
  ])('refuses an audit with %s, saying why without repeating the value', (_, change, reason) => {
    const result = AuditCompleted.schemaAt?.(receivedOn).safeParse({ ...audit, ...change });
    expect(result?.success).toBe(false);
    const text = JSON.stringify(result?.error?.issues);
    expect(text).toContain(reason);
    expect(text).not.toContain('jane.doe@example.com');
    expect(text).not.toContain('+33 6 12 34 56 78');
  });

  it('accepts a finding that names dates and references only', () => {
    const description = 'Complaint CMP-20261002 of 2026-10-02 resolved on 28/10/2026, after 18 business days';
    const findings = [{ findingId: 'f1', clause: '4.4', grade: 'major', description }];
    expect(AuditCompleted.schemaAt?.(receivedOn).safeParse({ ...audit, findings }).success).toBe(true);
  });

  it.each([
    [{ step: 'root-cause', rootCause: 'No daily check of due complaints' }],
    [{ step: 'action-planned', actionId: 'a1', description: 'Daily check', ownerId: 'lead-004', dueOn: '2026-12-01' }],
    [{ step: 'action-completed', actionId: 'a1', completedOn: '2026-11-30', evidenceRef: 'DMS-881' }],
    [{ step: 'action-completed', actionId: 'a1', completedOn: '2026-11-30' }],
    [{ step: 'verified', effective: false, note: 'Two late ones again' }],
    [{ step: 'verified', effective: true }],
    [{ step: 'closed' }],
  ])('accepts the step %j', (fields) => {
    expect(messagesOf(parseStep(fields))).toEqual([]);
  });

  it.each([
    [{ step: 'root-cause' }, 'rootCause: root-cause requires rootCause'],
    [
      { step: 'action-planned', actionId: 'a1', description: 'x', ownerId: 'o-1' },
      'dueOn: action-planned requires dueOn',
    ],
    [{ step: 'verified' }, 'effective: verified requires effective'],
    [{ step: 'closed', rootCause: 'late' }, 'rootCause: closed does not take rootCause'],
    [{ step: 'verified', effective: true, actionId: 'a1' }, 'actionId: verified does not take actionId'],
    [
      { step: 'root-cause', rootCause: 'Customer 4111 1111 1111 1111 was charged twice' },
      'rootCause must not carry a payment card number',
    ],
    [
      { step: 'action-planned', actionId: 'a1', description: 'x', ownerId: 'jane@example.com', dueOn: '2026-12-01' },
      'ownerId must be a pseudonymised reference',
    ],
    [{ step: 'reopened' }, 'step:'],
  ])('refuses the step %j', (fields, message) => {
    expect(messagesOf(parseStep(fields)).join('\n')).toContain(message);
  });

  it('refuses a document due for review before it was approved, and a title with a phone number', () => {
    const doc = sampleOf('document.approved');
    const schema = DocumentApproved.schemaAt?.(receivedOn);
    expect(JSON.stringify(schema?.safeParse({ ...doc, reviewDue: '2026-11-04' }).error?.issues)).toContain(
      'reviewDue must be after approvedOn',
    );
    expect(JSON.stringify(schema?.safeParse({ ...doc, title: 'Call 06 12 34 56 78' }).error?.issues)).toContain(
      'title must not carry a phone number',
    );
  });

  it('takes no more findings in an event than the domain records in one audit', () => {
    expect(MAX_FINDINGS).toBe(MAX_AUDIT_FINDINGS);
  });
});
