import { z } from 'zod';
import { defineRoute } from '../../shared/http/api-route.js';
import { NoQuery, PageQuery, TenantPath } from '../../shared/http/common-schemas.js';

const common = { function: 'get-controls', tags: ['controls'], authorization: 'jwt' as const };
const roles = ['compliance-officer', 'client-manager', 'auditor'] as const;

/** Any JSON value: the figures of a control's detail differ from control to control. */
const DetailValue: z.ZodType<unknown> = z
  .lazy(() =>
    z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(DetailValue), z.record(z.string(), DetailValue)]),
  )
  .meta({ id: 'ControlDetailValue' });

const Detail = z.record(z.string(), DetailValue).meta({ description: 'The figures and evidence references behind it' });

export const ControlStatus = z.enum(['compliant', 'at-risk', 'breached', 'no-data']);

const Instant = z.string().meta({ description: 'ISO 8601 date-time', example: '2026-11-03T09:15:00.000Z' });

export const ControlStateView = z
  .object({
    controlId: z.string().meta({ description: 'The id of ISO18295.md §2 (P1-HR-INDUCTION, DP-REC-ACCESS, ...)' }),
    clause: z.string(),
    source: z.enum(['ISO 18295-1', 'ISO 18295-2', 'GDPR', 'certification practice']),
    requirement: z.string().meta({ description: 'What the control asks, in plain words' }),
    cadence: z.enum(['hourly', 'daily']).meta({ description: 'How often it is evaluated' }),
    severity: z.enum(['major', 'minor']).meta({ description: 'The grade of the nonconformity a breach opens' }),
    switchable: z.boolean().meta({ description: 'Whether the agreement may switch it off' }),
    enabled: z.boolean().meta({ description: 'False when the agreement switches it off: it is not evaluated' }),
    disabledReason: z.string().optional().meta({ description: "The agreement's reason, when it is off" }),
    status: ControlStatus,
    since: Instant.nullable().meta({ description: 'When it entered this status; null while no data' }),
    detail: Detail,
  })
  .meta({ id: 'ControlState' });

export const ControlList = z
  .object({ tenantId: z.string(), controls: z.array(ControlStateView) })
  .meta({ id: 'ControlList' });

export const getControlsRoute = defineRoute({
  ...common,
  method: 'GET',
  path: '/v1/tenants/{tenantId}/controls',
  operationId: 'getControls',
  summary: "Every control's current state",
  description:
    'Each control of the catalogue (ISO18295.md §2) with its clause, cadence and severity, its state, since when and ' +
    'the detail behind it. A control never evaluated for the tenant reads `no-data`; one the agreement switches off ' +
    'reads `enabled: false` with the reason. The hourly controls (complaint deadlines) change with the hourly ' +
    'evaluation, P1-HR-INDUCTION and DP-REC-ACCESS also as contacts, training records and accesses arrive, the ' +
    'others with the daily evaluation.',
  roles,
  request: { path: TenantPath, query: NoQuery },
  responses: { 200: { description: 'The controls', schema: ControlList } },
  example: {},
});

export const ControlPath = TenantPath.extend({
  controlId: z.string().min(1).max(64).meta({ description: 'The id of ISO18295.md §2', example: 'P1-CMP-ACK' }),
});

export const ControlHistoryEntryView = z
  .object({
    controlId: z.string(),
    from: ControlStatus,
    to: ControlStatus,
    at: Instant.meta({ description: 'When the evaluation saw the change' }),
    detail: Detail,
    ledgerSequence: z.number().int().optional().meta({ description: "The transition's evidence-ledger entry" }),
    nonconformityId: z.string().optional().meta({ description: 'The nonconformity a breach opened' }),
  })
  .meta({ id: 'ControlHistoryEntry' });

export const ControlDetailView = ControlStateView.extend({
  history: z.array(ControlHistoryEntryView).meta({ description: 'Its transitions, newest first' }),
  nextCursor: z.string().optional(),
}).meta({ id: 'ControlDetail' });

export const getControlRoute = defineRoute({
  ...common,
  method: 'GET',
  path: '/v1/tenants/{tenantId}/controls/{controlId}',
  operationId: 'getControl',
  summary: 'A control: its state and its history of transitions',
  description:
    'The same as one entry of `GET .../controls`, with its transitions newest first, a page at a time. Unknown ' +
    'control: 404.',
  roles,
  request: { path: ControlPath, query: z.strictObject(PageQuery) },
  responses: { 200: { description: 'The control', schema: ControlDetailView } },
  example: { path: { controlId: 'P1-CMP-ACK' } },
});

/** The longest window of the history, in days (a leap year). */
export const MAX_HISTORY_DAYS = 366;

export const HistoryQuery = z
  .strictObject({
    from: z.iso.datetime({ offset: true }).meta({ description: 'Start of the window, included (ISO 8601)' }),
    to: z.iso.datetime({ offset: true }).meta({ description: 'End of the window, excluded (ISO 8601)' }),
  })
  .superRefine((q, ctx) => {
    const from = Date.parse(q.from);
    const to = Date.parse(q.to);
    if (Number.isNaN(from) || Number.isNaN(to)) return;
    if (from >= to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must be after from' });
    else if (to - from > MAX_HISTORY_DAYS * 86_400_000)
      ctx.addIssue({ code: 'custom', path: ['to'], message: `a window spans at most ${MAX_HISTORY_DAYS} days` });
  });

export const ControlHistoryList = z
  .object({
    tenantId: z.string(),
    from: Instant,
    to: Instant,
    transitions: z.array(ControlHistoryEntryView).meta({ description: 'Every control, oldest first' }),
  })
  .meta({ id: 'ControlHistory' });

export const getControlHistoryRoute = defineRoute({
  ...common,
  method: 'GET',
  path: '/v1/tenants/{tenantId}/control-history',
  operationId: 'getControlHistory',
  summary: "Every control's transitions in a window",
  description:
    'The transitions of all the controls with `from <= at < to`, oldest first (at most 1000; read from an index, ' +
    'so a transition is listed within a second or so).',
  roles,
  request: { path: TenantPath, query: HistoryQuery },
  responses: { 200: { description: 'The transitions', schema: ControlHistoryList } },
  example: { query: { from: '2026-10-01T00:00:00Z', to: '2026-11-01T00:00:00Z' } },
});
