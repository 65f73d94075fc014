import type { Translation } from '../../../events/adapters/vendor-contact.js';
import type { ContactCompletedDetail } from '../../../events/telephony.js';
import { toCanonicalContact } from './to-canonical.js';
import { resolvePlacement, type VendorMapping } from './vendor-mapping.js';

/** A vendor translation, placed and checked: what to record or publish, what to skip, or what to dead-letter. */
export type PlacedContact =
  | { kind: 'contact'; detail: ContactCompletedDetail }
  | { kind: 'skip'; reason: string }
  | { kind: 'reject'; reason: string; tenantId?: string };

/**
 * Places a translated vendor contact with its tenant and centre and makes it canonical. An unmapped or invalid
 * contact is rejected with the reason (README.md, "Vendor formats"); a rejection names the tenant when placement worked, so its
 * dead letter is filed under that tenant.
 */
export function placeContact(
  translation: Translation,
  mapping: VendorMapping,
  fallback?: { tenantId: string; centerId: string },
): PlacedContact {
  if (translation.kind !== 'contact') return translation;
  const placed = resolvePlacement(mapping, translation.contact.origin, fallback);
  if (!placed.ok) return { kind: 'reject', reason: placed.reason };
  const canonical = toCanonicalContact(translation.contact, placed.placement);
  return canonical.ok
    ? { kind: 'contact', detail: canonical.detail }
    : { kind: 'reject', reason: canonical.reason, tenantId: placed.placement.tenantId };
}
