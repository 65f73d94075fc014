/**
 * The last step of every vendor translation: a placed vendor contact becomes a canonical `contact.completed` detail,
 * checked against the canonical (strict) schema so that nothing invalid is ever published or stored.
 */
import { keyOf } from '../../../events/adapters/lenient.js';
import type { VendorContact } from '../../../events/adapters/vendor-contact.js';
import { personalDataKind } from '../../../events/personal-data.js';
import { ContactCompletedDetail } from '../../../events/telephony.js';
import type { ResolvedPlacement } from './vendor-mapping.js';

export type CanonicalResult = { ok: true; detail: ContactCompletedDetail } | { ok: false; reason: string };

const LANGUAGE_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

function attribute(contact: VendorContact, name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const value = contact.attributes?.[keyOf(name)]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** The optional fields the mapping says where to find, each dropped when it would be wrong or personal. */
function pickedAttributes(contact: VendorContact, names: ResolvedPlacement['attributes']) {
  const reason = attribute(contact, names?.reason) ?? contact.reason;
  const language = attribute(contact, names?.language);
  const customerRef = attribute(contact, names?.customerRef);
  return {
    ...(reason === undefined ? {} : { reason: reason.slice(0, 128) }),
    ...(language !== undefined && LANGUAGE_TAG.test(language) ? { language } : {}),
    ...(customerRef !== undefined && customerRef.length <= 128 && personalDataKind(customerRef) === undefined
      ? { customerRef }
      : {}),
  };
}

/**
 * Builds the canonical detail. `occurredAt` is the contact's end (docs/events.md).
 *
 * @returns the detail, or the reason it would not be a valid `contact.completed` (field names, never values).
 */
export function toCanonicalContact(contact: VendorContact, placement: ResolvedPlacement): CanonicalResult {
  const { origin: _origin, attributes: _attributes, reason: _reason, agentId, ...fields } = contact;
  const candidate = {
    schemaVersion: 1,
    tenantId: placement.tenantId,
    centerId: placement.centerId,
    occurredAt: contact.endedAt,
    ...fields,
    // A vendor that names agents by login (a CTR without an agent ARN may give an e-mail address) loses the agent,
    // not the contact: the canonical schema refuses personal data there.
    ...(agentId !== undefined && personalDataKind(agentId) === undefined ? { agentId } : {}),
    queue: placement.queue,
    ...pickedAttributes(contact, placement.attributes),
  };
  const parsed = ContactCompletedDetail.safeParse(candidate);
  if (parsed.success) return { ok: true, detail: parsed.data };
  const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(detail)'}: ${i.message}`).join('; ');
  return { ok: false, reason: `not a valid contact.completed: ${issues}` };
}
