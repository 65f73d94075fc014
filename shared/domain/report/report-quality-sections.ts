/**
 * The report's sections after the KPIs: complaints and their timeliness, agents' competence, recordings and data
 * protection, the controls and the month's changes, open nonconformities with their actions, and the ledger's
 * verification. Each shows its figures as the route named in report-figures.ts answered them.
 */
import { AGEING_BUCKETS } from '../complaint/complaint-figures.js';
import {
  type Cell,
  countFact,
  type FactsBlock,
  type ReportSection,
  type SectionContext,
  type TableBlock,
  type Tone,
} from './report-blocks.js';
import type { ControlStatusName, ReportControl } from './report-figures.js';

const CONTROL_TONES: Readonly<Record<ControlStatusName, Tone>> = {
  compliant: 'good',
  'at-risk': 'warning',
  breached: 'bad',
  'no-data': 'neutral',
};

function table(caption: string, columns: TableBlock['columns'], rows: Cell[][], empty: string): TableBlock {
  return { kind: 'table', caption, columns, rows, empty };
}

function complaints(context: SectionContext): ReportSection {
  const { figures, words, format } = context;
  const c = figures.complaints;
  const w = words.complaints;
  const onTime = (share: typeof c.acknowledgedOnTime): Cell => ({
    text: w.onTime(format.integer(share.onTime), format.integer(share.due), format.percent(share.share)),
    numeric: true,
  });
  const counts: FactsBlock = {
    kind: 'facts',
    caption: w.figures,
    facts: [
      countFact(w.received, c.received, format),
      countFact(w.open, c.open, format),
      { label: w.overdue, value: { text: format.integer(c.overdue), numeric: true, tone: c.overdue ? 'bad' : 'good' } },
      countFact(w.closed, c.closed, format),
      countFact(w.escalatedExternal, c.escalatedExternal, format),
      { label: w.acknowledgedOnTime, value: onTime(c.acknowledgedOnTime) },
      { label: w.resolvedOnTime, value: onTime(c.resolvedOnTime) },
      { label: w.per1000Contacts, value: { text: format.decimal(c.per1000Contacts, 2), numeric: true } },
    ],
  };
  const count = (value: number): Cell => ({ text: format.integer(value), numeric: true });
  const previous = w.previous(format.date(c.previousPeriod.from), format.date(c.previousPeriod.to));
  return {
    id: 'complaints',
    heading: words.sections.complaints,
    blocks: [
      counts,
      table(
        w.ageing,
        [{ label: w.age }, { label: w.count, numeric: true }],
        AGEING_BUCKETS.map((bucket) => [{ text: w.ageBucket(bucket) }, count(c.ageing[bucket])]),
        words.none,
      ),
      table(
        w.categories,
        [{ label: w.category }, { label: w.count, numeric: true }, { label: previous, numeric: true }],
        c.topCategories.map((t) => [{ text: t.category }, count(t.count), count(t.previous)]),
        words.none,
      ),
    ],
  };
}

function competence({ figures, words, format }: SectionContext): ReportSection {
  const c = figures.competence;
  const w = words.competence;
  const alarm = (label: string, value: number) => ({
    label,
    value: { text: format.integer(value), numeric: true, tone: (value > 0 ? 'bad' : 'good') as Tone },
  });
  return {
    id: 'competence',
    heading: words.sections.competence,
    blocks: [
      {
        kind: 'facts',
        caption: w.caption,
        facts: [
          countFact(w.active, c.active, format),
          alarm(w.missingInduction, c.missingInduction),
          { label: w.expiring, value: { text: format.integer(c.expiring), numeric: true, tone: 'warning' } },
          alarm(w.expired, c.expired),
          countFact(w.qaMet, c.qaMet, format),
          alarm(w.openViolations, c.openViolations),
        ],
      },
    ],
  };
}

function controlRows({ words, format }: SectionContext, controls: ReportControl[]): Cell[][] {
  return controls.map((c) => [
    { text: c.controlId },
    { text: c.clause },
    { text: c.requirement },
    { text: words.severity[c.severity] },
    { text: words.controlStatus[c.status], tone: CONTROL_TONES[c.status] },
    { text: c.since === null ? '' : format.dateTime(c.since) },
  ]);
}

function controlColumns({ words }: SectionContext): TableBlock['columns'] {
  const w = words.controls;
  return [w.control, w.clause, w.requirement, w.severity, w.status, w.since].map((label) => ({ label }));
}

function dataProtection(context: SectionContext): ReportSection {
  const { figures, words, format } = context;
  const w = words.dataProtection;
  const onTime = (value: boolean | null): Cell =>
    value === null
      ? { text: words.pending, tone: 'neutral' }
      : { text: value ? words.yes : words.no, tone: value ? 'good' : 'bad' };
  return {
    id: 'data-protection',
    heading: words.sections.dataProtection,
    blocks: [
      table(w.controls, controlColumns(context), controlRows(context, figures.dataProtection.controls), words.none),
      table(
        w.erasureRequests,
        [w.requestId, w.receivedAt, w.status, w.onTime].map((label) => ({ label })),
        figures.dataProtection.erasureRequests.map((r) => [
          { text: r.requestId },
          { text: format.dateTime(r.receivedAt) },
          { text: words.erasureStatus[r.status] ?? r.status },
          onTime(r.onTime),
        ]),
        words.none,
      ),
    ],
  };
}

function controls(context: SectionContext): ReportSection {
  const { figures, words, format } = context;
  const w = words.controls;
  const status = (s: ControlStatusName): Cell => ({ text: words.controlStatus[s], tone: CONTROL_TONES[s] });
  return {
    id: 'controls',
    heading: words.sections.controls,
    blocks: [
      table(w.states, controlColumns(context), controlRows(context, figures.controls.states), words.none),
      table(
        w.changes,
        [w.at, w.control, w.from, w.to, w.nonconformity].map((label) => ({ label })),
        figures.controls.changes.map((c) => [
          { text: format.dateTime(c.at) },
          { text: c.controlId },
          status(c.from),
          status(c.to),
          { text: c.nonconformityId ?? '' },
        ]),
        words.none,
      ),
    ],
  };
}

function nonconformities({ figures, words, format }: SectionContext): ReportSection {
  const w = words.nonconformities;
  const open = figures.nonconformities.open;
  const openActions = open.flatMap((nc) =>
    nc.actions.filter((a) => a.status !== 'done').map((a) => ({ nonconformityId: nc.nonconformityId, ...a })),
  );
  return {
    id: 'nonconformities',
    heading: words.sections.nonconformities,
    blocks: [
      table(
        w.open,
        [w.id, words.controls.clause, w.grade, w.description, w.openedAt, w.dueOn, w.status, w.overdue].map(
          (label) => ({ label }),
        ),
        open.map((nc) => [
          { text: nc.nonconformityId },
          { text: nc.clause },
          { text: words.grade[nc.grade], tone: nc.grade === 'major' ? 'bad' : 'warning' },
          { text: nc.description },
          { text: format.dateTime(nc.openedAt) },
          { text: nc.dueOn === undefined ? '' : format.date(nc.dueOn) },
          { text: words.nonconformityStatus[nc.status] },
          nc.overdue ? { text: words.yes, tone: 'bad' } : { text: words.no },
        ]),
        words.none,
      ),
      table(
        w.actions,
        [w.id, w.action, w.owner, w.dueOn, w.status].map((label) => ({ label })),
        openActions.map((a) => [
          { text: a.nonconformityId },
          { text: a.description },
          { text: a.ownerId },
          { text: format.date(a.dueOn) },
          { text: words.actionStatus[a.status] },
        ]),
        words.none,
      ),
    ],
  };
}

function ledger({ figures, words, format }: SectionContext): ReportSection {
  const l = figures.ledger;
  const w = words.ledger;
  return {
    id: 'ledger',
    heading: words.sections.ledger,
    blocks: [
      {
        kind: 'facts',
        facts: [
          { label: w.status, value: l.valid ? { text: w.valid, tone: 'good' } : { text: w.invalid, tone: 'bad' } },
          countFact(w.entries, l.entries, format),
          ...(l.firstBrokenAt === undefined ? [] : [countFact(w.firstBrokenAt, l.firstBrokenAt, format)]),
          {
            label: w.anchoredAt,
            value: { text: l.anchoredAt === undefined ? w.notAnchored : format.dateTime(l.anchoredAt) },
          },
        ],
      },
    ],
  };
}

export function qualitySections(context: SectionContext): ReportSection[] {
  return [complaints, competence, dataProtection, controls, nonconformities, ledger].map((section) => section(context));
}
