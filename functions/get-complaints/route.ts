import { z } from 'zod';
import { Channel } from '../../events/telephony.js';
import { CalendarDate } from '../../shared/domain/agreement/agreement-schema.js';
import { daysBetween, isCalendarDate } from '../../shared/domain/calendar/calendar-date.js';
import { ComplaintFiguresSchema } from '../../shared/domain/complaint/complaint-figures.js';
import { defineRoute } from '../../shared/http/api-route.js';
import { NoQuery, PageQuery, TenantPath } from '../../shared/http/common-schemas.js';

const common = { function: 'get-complaints', tags: ['complaints'], authorization: 'jwt' as const };
const roles = ['compliance-officer', 'client-manager', 'auditor'] as const;

export const COMPLAINT_FILTERS = ['all', 'open', 'overdue', 'closed'] as const;

/** The longest window the figures may be asked for, in days (a leap year). */
export const MAX_FIGURES_DAYS = 366;

export const ComplaintsQuery = z.strictObject({
  status: z
    .enum(COMPLAINT_FILTERS)
    .default('all')
    .meta({
      description:
        '`all` (default: open, then awaiting their receipt, then closed), `open` (open, overdue or not), `overdue` ' +
        '(open with a deadline missed now), `closed`',
    }),
  ...PageQuery,
});

export const ComplaintPath = TenantPath.extend({
  complaintId: z
    .string()
    .min(1)
    .max(128)
    .meta({ description: "The complaint's identifier in the tenant's complaint tool", example: 'cmp-2026-0042' }),
});

const Instant = z.string().meta({ description: 'ISO 8601 date-time', example: '2026-03-02T09:15:00.000Z' });

const Status = z.enum(['pending-receipt', 'open', 'overdue', 'closed']).meta({
  description:
    'As of the request: `overdue` when open with a deadline missed; `pending-receipt` when events arrived before ' +
    'the receipt, which is awaited (they are kept and applied once it comes)',
});

const DeadlineState = z
  .object({
    dueAt: Instant.meta({ description: 'When the step is due, in business time of the agreement' }),
    atRiskAt: Instant.meta({ description: "When it turns at risk (the agreement's at-risk share of the deadline)" }),
    metAt: Instant.optional().meta({ description: 'When the step was done' }),
    state: z.enum(['pending', 'at-risk', 'missed', 'met', 'late']).meta({
      description: '`met` done in time, `late` done after `dueAt`; `pending`, `at-risk`, `missed` not done yet',
    }),
  })
  .meta({
    id: 'ComplaintDeadline',
    example: { dueAt: '2026-03-04T17:00:00.000Z', atRiskAt: '2026-03-04T10:15:00.000Z', state: 'at-risk' },
  });

const Deadlines = z
  .object({ acknowledge: DeadlineState.optional(), resolve: DeadlineState.optional() })
  .meta({ id: 'ComplaintDeadlines', description: 'None before the receipt' });

const Severity = z.enum(['low', 'medium', 'high', 'critical']);

const summaryFields = {
  complaintId: z.string(),
  status: Status,
  channel: Channel.optional(),
  category: z.string().optional(),
  severity: Severity.optional(),
  receivedAt: Instant.optional(),
  acknowledgedAt: Instant.optional().meta({ description: 'The first acknowledgement' }),
  resolvedAt: Instant.optional().meta({ description: 'The latest resolution, while closed' }),
  deadlines: Deadlines,
};

export const ComplaintSummary = z.object(summaryFields).meta({
  id: 'ComplaintSummary',
  example: {
    complaintId: 'cmp-2026-0042',
    status: 'open',
    channel: 'voice',
    category: 'billing',
    severity: 'medium',
    receivedAt: '2026-03-02T09:15:00.000Z',
    acknowledgedAt: '2026-03-02T11:00:00.000Z',
    deadlines: {
      acknowledge: {
        dueAt: '2026-03-04T17:00:00.000Z',
        atRiskAt: '2026-03-04T10:15:00.000Z',
        metAt: '2026-03-02T11:00:00.000Z',
        state: 'met',
      },
      resolve: { dueAt: '2026-03-16T17:00:00.000Z', atRiskAt: '2026-03-12T15:00:00.000Z', state: 'pending' },
    },
  },
});

export const ComplaintList = z
  .object({
    tenantId: z.string(),
    status: z.enum(COMPLAINT_FILTERS),
    complaints: z.array(ComplaintSummary).meta({
      description:
        'Open ones by their earliest deadline not yet met (most urgent first), closed ones by resolution, newest first',
    }),
    nextCursor: z.string().optional(),
  })
  .meta({ id: 'ComplaintList' });

export const listComplaintsRoute = defineRoute({
  ...common,
  method: 'GET',
  path: '/v1/tenants/{tenantId}/complaints',
  operationId: 'listComplaints',
  summary: "The tenant's complaint register",
  description:
    'Complaints with their acknowledgement and resolution deadlines, assessed at the request (business time of the ' +
    'agreement in force when each was received). `status=overdue` lists the open complaints with a deadline ' +
    'missed now, most overdue first; `open` every open complaint, most urgent first; `closed` by resolution, ' +
    'newest first. The list is read from an index: a complaint event is listed within a second or so.',
  roles,
  request: { path: TenantPath, query: ComplaintsQuery },
  responses: { 200: { description: 'The complaints', schema: ComplaintList } },
  example: { query: { status: 'overdue', limit: '20' } },
});

const TimelineEntry = z
  .object({
    type: z.enum([
      'complaint.received',
      'complaint.acknowledged',
      'complaint.resolved',
      'complaint.escalated',
      'complaint.reopened',
    ]),
    at: Instant,
    fields: z.record(z.string(), z.string()).meta({
      description:
        "The event's own fields, less the tenant, the complaint id and the time above (all the complaint events' " +
        'fields are text: centre, channel, category, outcome, remedy, escalation body, …)',
    }),
  })
  .meta({ id: 'ComplaintTimelineEntry' });

export const ComplaintDetail = z
  .object({
    tenantId: z.string(),
    ...summaryFields,
    centerId: z.string().optional(),
    customerRef: z.string().optional().meta({ description: "The customer's pseudonymous reference" }),
    contactId: z.string().optional().meta({ description: 'The contact the complaint was made in' }),
    remedySought: z.string().optional(),
    firstResolvedAt: Instant.optional().meta({
      description: 'The first resolution (what on-time resolution measures)',
    }),
    outcome: z.enum(['upheld', 'partially-upheld', 'rejected', 'withdrawn']).optional(),
    remedy: z.string().optional(),
    escalations: z.array(z.object({ at: Instant, to: z.enum(['internal', 'external']), body: z.string().optional() })),
    reopenings: z.number().int().nonnegative(),
    nextChangeAt: Instant.optional().meta({
      description: 'When the deadlines change by time alone (an at-risk point or a due time)',
    }),
    agreementVersion: z
      .number()
      .int()
      .nonnegative()
      .meta({ description: 'The agreement version whose deadlines apply (0: default)' }),
    timeline: z.array(TimelineEntry).meta({ description: 'Every event kept, in the order they happened' }),
  })
  .meta({ id: 'ComplaintDetail' });

export const getComplaintRoute = defineRoute({
  ...common,
  method: 'GET',
  path: '/v1/tenants/{tenantId}/complaints/{complaintId}',
  operationId: 'getComplaint',
  summary: 'A complaint: its facts, timeline and deadlines',
  description:
    'What the events kept add up to (whatever order they arrived in), each event in the order it happened, and the ' +
    'acknowledgement and resolution deadlines with their state as of the request. Unknown complaint: 404.',
  roles,
  request: { path: ComplaintPath, query: NoQuery },
  responses: { 200: { description: 'The complaint', schema: ComplaintDetail } },
  example: { path: { complaintId: 'cmp-2026-0042' } },
});

export const FiguresQuery = z
  .strictObject({
    from: CalendarDate.meta({ description: 'First tenant-local day of the period, included' }),
    to: CalendarDate.meta({ description: 'Last tenant-local day of the period, included' }),
  })
  .superRefine((q, ctx) => {
    if (!isCalendarDate(q.from) || !isCalendarDate(q.to)) return;
    if (q.from > q.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must not be before from' });
    else if (daysBetween(q.from, q.to) + 1 > MAX_FIGURES_DAYS)
      ctx.addIssue({ code: 'custom', path: ['to'], message: `a period spans at most ${MAX_FIGURES_DAYS} days` });
  });

export const ComplaintFiguresReport = z
  .object({
    tenantId: z.string(),
    from: z.string(),
    to: z.string(),
    contacts: z.number().int().nonnegative().nullable().meta({
      description: 'Contacts offered in the period (KPI aggregates); null without any contact recorded',
    }),
    figures: ComplaintFiguresSchema,
  })
  .meta({ id: 'ComplaintFiguresReport' });

export const getComplaintFiguresRoute = defineRoute({
  ...common,
  method: 'GET',
  path: '/v1/tenants/{tenantId}/complaint-figures',
  operationId: 'getComplaintFigures',
  summary: 'Complaint figures of a period',
  description:
    'Over the complaints received in tenant-local days `from`…`to` (at most 366): the shares acknowledged and ' +
    'resolved on time, complaints per 1,000 contacts offered, the top categories with their count in the previous ' +
    'period of equal length (the trend), and the ageing of the complaints open now.',
  roles,
  request: { path: TenantPath, query: FiguresQuery },
  responses: { 200: { description: 'The figures', schema: ComplaintFiguresReport } },
  example: { query: { from: '2026-03-01', to: '2026-03-31' } },
});
