/**
 * Key builders for the single table. Every partition key begins with the tenant (`T#<tenantId>#...`) so that IAM
 * `dynamodb:LeadingKeys` can confine a principal to its tenants. docs/access-patterns.md lists what each serves.
 */
import { IDENTIFIER_PATTERN } from '../../events/envelope.js';

export { UNKNOWN_TENANT } from '../app/dead-letters.js';

/** Cross-tenant index partitions that only the operator reads are filed under this pseudo-tenant. */
export const OPERATOR_TENANT = '_ops';

export function tenantPrefix(tenantId: string): string {
  if (!IDENTIFIER_PATTERN.test(tenantId)) throw new RangeError(`tenantId does not match ${IDENTIFIER_PATTERN.source}`);
  return `T#${tenantId}`;
}

export const keys = {
  contact: (tenantId: string, contactId: string) => ({
    pk: `${tenantPrefix(tenantId)}#CONTACT#${contactId}`,
    sk: 'CONTACT',
  }),
  /** gsi1: a tenant's contacts of one local day, in arrival order (auditors sample from it). */
  contactsByDay: (tenantId: string, day: string) => `${tenantPrefix(tenantId)}#CONTACTS#${day}`,
  /** gsi2: a data subject's contacts (erasure, repeat-contact resolution). */
  contactsByCustomer: (tenantId: string, customerRef: string) => `${tenantPrefix(tenantId)}#CUSTOMER#${customerRef}`,
  deadLetter: (tenantId: string, receivedAt: string, id: string) => ({
    pk: `${tenantPrefix(tenantId)}#DEADLETTER`,
    sk: `${receivedAt}#${id}`,
  }),
  /** gsi1: every dead letter across tenants, for the operator, newest last. */
  deadLettersAll: 'DEADLETTER',
  /** A redelivered contact that differs from the stored one: one item per contact and received version. */
  contactConflict: (tenantId: string, contactId: string, version: string) => ({
    pk: `${tenantPrefix(tenantId)}#CONFLICT`,
    sk: `${contactId}#${version}`,
  }),
  /** gsi1: every conflicting duplicate across tenants, for the operator, by last delivery. */
  contactConflictsAll: `T#${OPERATOR_TENANT}#CONFLICTS`,
} as const;
