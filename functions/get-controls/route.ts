import { z } from 'zod';
import { defineRoute } from '../../shared/http/api-route.js';
import { NoQuery, TenantPath } from '../../shared/http/common-schemas.js';

/** Any JSON value: the figures of a control's detail differ from control to control. */
const DetailValue: z.ZodType<unknown> = z
  .lazy(() =>
    z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(DetailValue), z.record(z.string(), DetailValue)]),
  )
  .meta({ id: 'ControlDetailValue' });

export const ControlStatus = z.enum(['compliant', 'at-risk', 'breached', 'no-data']);

export const ControlStateView = z
  .object({
    controlId: z.string().meta({ description: 'The id of ISO18295.md §2 (P1-HR-INDUCTION, DP-REC-ACCESS, ...)' }),
    clause: z.string(),
    requirement: z.string().meta({ description: 'What the control asks, in plain words' }),
    status: ControlStatus,
    since: z.string().nullable().meta({ description: 'When it entered this status; null while no data' }),
    detail: z.record(z.string(), DetailValue).meta({ description: 'The figures and evidence references behind it' }),
  })
  .meta({ id: 'ControlState' });

export const ControlList = z
  .object({ tenantId: z.string(), controls: z.array(ControlStateView) })
  .meta({ id: 'ControlList' });

export const getControlsRoute = defineRoute({
  function: 'get-controls',
  tags: ['controls'],
  authorization: 'jwt',
  method: 'GET',
  path: '/v1/tenants/{tenantId}/controls',
  operationId: 'getControls',
  summary: "Every evaluated control's current state",
  description:
    'The state of each control the product evaluates so far (people: P1-HR-INDUCTION, P1-HR-COMPETENCE-CURRENCY, ' +
    'P1-HR-SKILLS-DEV; recordings: DP-REC-ACCESS; complaints: P1-CMP-REGISTER, P1-CMP-ACK, P1-CMP-RESOLVE), with ' +
    'since when and the detail behind it. A control never evaluated for the tenant reads `no-data`. ' +
    'P1-HR-INDUCTION changes as contacts and training records arrive; the complaint controls with the hourly ' +
    'complaint sweep; the others with the daily evaluation.',
  roles: ['compliance-officer', 'client-manager', 'auditor'],
  request: { path: TenantPath, query: NoQuery },
  responses: { 200: { description: 'The controls', schema: ControlList } },
  example: {},
});
