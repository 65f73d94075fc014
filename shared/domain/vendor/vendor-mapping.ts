/**
 * Which tenant (client organisation) and centre (site) a vendor contact belongs to (README.md, "Vendor formats"). Vendors know
 * their own instances and queues, not our tenants, so the placement is configuration: a JSON document validated
 * here, mapping a vendor instance and queue to a tenant and centre, with an optional default per instance.
 *
 * @example config/vendor-mapping.example.json
 */
import { z } from 'zod';
import { instanceIdOf } from '../../../events/adapters/amazon-connect-record.js';
import { keyOf, lastSegment } from '../../../events/adapters/lenient.js';
import { VENDORS, type VendorOrigin } from '../../../events/adapters/vendor-contact.js';
import { Identifier } from '../../../events/envelope.js';

const Placement = z.strictObject({ tenantId: Identifier, centerId: Identifier });

const QueueRoute = z
  .strictObject({
    /** The vendor's queue id, queue ARN or queue name (names compare without regard to case). */
    queue: z.string().min(1),
    tenantId: Identifier.optional(),
    centerId: Identifier.optional(),
    /** The queue's name in reports (`billing`); defaults to the vendor's queue name, else its id. */
    name: z.string().min(1).max(128).optional(),
  })
  .refine((q) => (q.tenantId === undefined) === (q.centerId === undefined), {
    message: 'a queue route names both tenantId and centerId, or neither (to only rename the queue)',
  });

/** Names of contact attributes (Connect) or tags that carry optional canonical fields. */
const AttributeNames = z.strictObject({
  reason: z.string().min(1).optional(),
  language: z.string().min(1).optional(),
  /** Must hold a pseudonymous id: values that look like a phone number or an e-mail address are dropped. */
  customerRef: z.string().min(1).optional(),
});

const InstanceRoute = z.strictObject({
  vendor: z.enum(VENDORS),
  /** Amazon Connect: the instance ARN or id. Genesys Cloud: the organization id. */
  instance: z.string().min(1),
  description: z.string().optional(),
  default: Placement.optional(),
  queues: z.array(QueueRoute).default([]),
  attributes: AttributeNames.optional(),
});

/** The vendor mapping document. */
export const VendorMapping = z
  .strictObject({
    $schema: z.string().optional(),
    description: z.string().optional(),
    instances: z.array(InstanceRoute),
  })
  .superRefine((m, ctx) => {
    const seen = new Set<string>();
    m.instances.forEach((route, i) => {
      const id = `${route.vendor}/${instanceIdOf(route.instance)}`;
      if (seen.has(id)) ctx.addIssue({ code: 'custom', path: ['instances', i], message: `${id} is mapped twice` });
      seen.add(id);
    });
  });
export type VendorMapping = z.infer<typeof VendorMapping>;
export type InstanceRoute = VendorMapping['instances'][number];

/** No mapping configured: every vendor contact is unmapped unless the import names a tenant and centre. */
export const EMPTY_VENDOR_MAPPING: VendorMapping = { instances: [] };

/** Where a contact is placed, and under which queue name it is counted. */
export interface ResolvedPlacement {
  tenantId: string;
  centerId: string;
  queue: string;
  attributes?: InstanceRoute['attributes'];
}

export type PlacementResult = { ok: true; placement: ResolvedPlacement } | { ok: false; reason: string };

function findInstance(mapping: VendorMapping, origin: VendorOrigin): InstanceRoute | undefined {
  const wanted = instanceIdOf(origin.instance);
  return mapping.instances.find((r) => r.vendor === origin.vendor && instanceIdOf(r.instance) === wanted);
}

function findQueue(route: InstanceRoute | undefined, origin: VendorOrigin) {
  const id = origin.queueId;
  const name = origin.queueName === undefined ? undefined : keyOf(origin.queueName);
  return route?.queues.find(
    (q) => (id !== undefined && lastSegment(q.queue) === id) || (name !== undefined && keyOf(q.queue) === name),
  );
}

/**
 * Places a vendor contact: the queue's route, else the instance's default, else `fallback` (the import command's
 * `--tenant`/`--center`), else it is unmapped and the reason says what to add to the mapping.
 */
export function resolvePlacement(
  mapping: VendorMapping,
  origin: VendorOrigin,
  fallback?: { tenantId: string; centerId: string },
): PlacementResult {
  const route = findInstance(mapping, origin);
  const queueRoute = findQueue(route, origin);
  const placement =
    (queueRoute?.tenantId && queueRoute.centerId
      ? { tenantId: queueRoute.tenantId, centerId: queueRoute.centerId }
      : undefined) ??
    route?.default ??
    fallback;
  if (placement === undefined) {
    const queue = origin.queueName ?? origin.queueId;
    const what = route === undefined ? 'is not in the vendor mapping' : 'has no default and no route for this queue';
    return {
      ok: false,
      reason: `unmapped contact: ${origin.vendor} instance ${instanceIdOf(origin.instance)}${
        queue === undefined ? '' : ` (queue ${queue})`
      } ${what}`,
    };
  }
  const queue = queueRoute?.name ?? origin.queueName ?? origin.queueId ?? 'unqueued';
  return {
    ok: true,
    placement: { ...placement, queue, ...(route?.attributes ? { attributes: route.attributes } : {}) },
  };
}
