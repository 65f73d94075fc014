import { z } from 'zod';
import { Identifier } from '../../events/envelope.js';

/** Path of every tenant-scoped route. */
export const TenantPath = z.strictObject({
  tenantId: Identifier.meta({ description: 'The client organisation', example: 'acme-energy' }),
});

/** No query parameters at all: anything given is rejected. */
export const NoQuery = z.strictObject({});

/** `limit` and `cursor` of every list (docs/api.md). */
export const PageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50).meta({ description: 'Items per page (1–200)' }),
  cursor: z.string().max(2048).optional().meta({ description: 'The `nextCursor` of the previous page' }),
};

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(z.object({ in: z.string(), path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });
