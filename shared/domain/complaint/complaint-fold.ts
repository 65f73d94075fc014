/**
 * A complaint's facts, folded from its timeline (events/complaints.ts) so that any arrival order gives the same
 * state: the entries are put in the order they happened and walked, and a resolution that arrived before its receipt
 * is applied as if it had come after it (issue 11, "any arrival order gives the same state"). Pure.
 */
import type { ComplaintEvent } from '../../../events/complaints.js';
import type { ComplaintEventType, ComplaintFacts, ComplaintSeverity, TimelineEntry } from './complaint-state.js';

/** The field of each event that says when it happened: the timeline's `at`. */
const TIMESTAMP_FIELD = {
  'complaint.received': 'receivedAt',
  'complaint.acknowledged': 'acknowledgedAt',
  'complaint.resolved': 'resolvedAt',
  'complaint.escalated': 'escalatedAt',
  'complaint.reopened': 'reopenedAt',
} as const satisfies Record<ComplaintEventType, string>;

/** Which of two events at the same instant comes first: a receipt before what answers it, a reopening last. */
const TYPE_ORDER: Record<ComplaintEventType, number> = {
  'complaint.received': 0,
  'complaint.acknowledged': 1,
  'complaint.escalated': 2,
  'complaint.resolved': 3,
  'complaint.reopened': 4,
};

/** Envelope fields a timeline entry does not repeat: the tenant is the partition, the complaint the item. */
const NOT_KEPT = new Set(['schemaVersion', 'tenantId', 'complaintId']);

/** The timeline entry of a validated complaint event; `key` is its idempotency key (events/complaints.ts). */
export function timelineEntryOf(event: ComplaintEvent, key: string): TimelineEntry {
  const timestampField = TIMESTAMP_FIELD[event.type];
  const detail = event.detail as Record<string, unknown>;
  const fields: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(detail)) {
    if (!NOT_KEPT.has(name) && name !== timestampField && value !== undefined) fields[name] = value;
  }
  return { type: event.type, at: detail[timestampField] as string, key, fields };
}

/**
 * The timeline in the order things happened: by instant, then by type, then by key. Entries with the same key are
 * one event delivered twice: the first in this order is kept (its written time and fields break the last tie, so the
 * choice does not depend on arrival order).
 */
function ordered(timeline: readonly TimelineEntry[]): TimelineEntry[] {
  const sortable = timeline.map((entry) => ({
    entry,
    ms: Date.parse(entry.at),
    body: JSON.stringify([entry.at, entry.fields]),
  }));
  sortable.sort(
    (a, b) =>
      a.ms - b.ms ||
      TYPE_ORDER[a.entry.type] - TYPE_ORDER[b.entry.type] ||
      compare(a.entry.key, b.entry.key) ||
      compare(a.body, b.body),
  );
  const seen = new Set<string>();
  const entries: TimelineEntry[] = [];
  for (const { entry } of sortable) {
    if (seen.has(entry.key)) continue;
    seen.add(entry.key);
    entries.push(entry);
  }
  return entries;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function text(fields: Record<string, unknown>, name: string): string | undefined {
  const value = fields[name];
  return typeof value === 'string' ? value : undefined;
}

/** What the walk carries besides the facts: whether the complaint is closed, and since when its clock runs again. */
interface Walk {
  facts: ComplaintFacts;
  closed: boolean;
  reopenedAt?: string;
}

/** The receipt: the earliest one, should a complaint tool register the same complaint twice. */
function applyReceipt(walk: Walk, entry: TimelineEntry): void {
  if (walk.facts.receivedAt !== undefined) return;
  const { fields } = entry;
  Object.assign(
    walk.facts,
    withoutUndefined({
      receivedAt: entry.at,
      centerId: text(fields, 'centerId'),
      channel: text(fields, 'channel'),
      category: text(fields, 'category'),
      severity: text(fields, 'severity') as ComplaintSeverity | undefined,
      customerRef: text(fields, 'customerRef'),
      contactId: text(fields, 'contactId'),
      remedySought: text(fields, 'remedySought'),
      ownerId: text(fields, 'ownerId'),
    }),
  );
}

function applyResolution(walk: Walk, entry: TimelineEntry): void {
  const { facts } = walk;
  facts.firstResolvedAt ??= entry.at;
  facts.resolvedAt = entry.at;
  const outcome = text(entry.fields, 'outcome');
  const remedy = text(entry.fields, 'remedy');
  if (outcome !== undefined) facts.outcome = outcome;
  if (remedy !== undefined) facts.remedy = remedy;
  walk.closed = true;
}

/** A reopening counts only when the complaint is closed at that instant; its resolution is then undone. */
function applyReopening(walk: Walk, entry: TimelineEntry): void {
  if (!walk.closed) return;
  const { facts } = walk;
  walk.closed = false;
  walk.reopenedAt = entry.at;
  facts.reopenings++;
  delete facts.resolvedAt;
  delete facts.outcome;
  delete facts.remedy;
}

function applyAcknowledgement(walk: Walk, entry: TimelineEntry): void {
  walk.facts.acknowledgedAt ??= entry.at;
}

function applyEscalation(walk: Walk, entry: TimelineEntry): void {
  const to = entry.fields.to === 'external' ? 'external' : 'internal';
  const body = text(entry.fields, 'body');
  walk.facts.escalations.push({ at: entry.at, to, ...(body === undefined ? {} : { body }) });
}

const APPLY: Record<ComplaintEventType, (walk: Walk, entry: TimelineEntry) => void> = {
  'complaint.received': applyReceipt,
  'complaint.acknowledged': applyAcknowledgement,
  'complaint.resolved': applyResolution,
  'complaint.escalated': applyEscalation,
  'complaint.reopened': applyReopening,
};

/**
 * What a complaint's timeline adds up to. It depends only on the set of entries, not on their order or on
 * redeliveries. Without a receipt the complaint is `pending-receipt`, with whatever else is known already folded in.
 */
export function foldComplaint(complaintId: string, timeline: readonly TimelineEntry[]): ComplaintFacts {
  const walk: Walk = {
    facts: { complaintId, lifecycle: 'pending-receipt', escalations: [], reopenings: 0 },
    closed: false,
  };
  const entries = ordered(timeline);
  for (const entry of entries) APPLY[entry.type](walk, entry);
  const { facts } = walk;
  // Before the receipt, the site is the one the other events name.
  const centerId = facts.centerId ?? entries.map((entry) => text(entry.fields, 'centerId')).find((id) => id);
  if (centerId !== undefined) facts.centerId = centerId;
  const clockFrom = walk.reopenedAt ?? facts.receivedAt;
  if (clockFrom !== undefined) facts.resolveClockFrom = clockFrom;
  if (facts.receivedAt !== undefined) facts.lifecycle = walk.closed ? 'closed' : 'open';
  return facts;
}

function withoutUndefined<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
