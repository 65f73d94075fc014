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
  /** A contact's recording metadata (one per contact); its accesses share the partition (`sk = ACCESS#...`). */
  recording: (tenantId: string, contactId: string) => ({
    pk: `${tenantPrefix(tenantId)}#RECORDING#${contactId}`,
    sk: 'RECORDING',
  }),
  /** One access to a recording, in the recording's partition, oldest first. */
  recordingAccess: (tenantId: string, contactId: string, at: string, accessId: string) => ({
    pk: `${tenantPrefix(tenantId)}#RECORDING#${contactId}`,
    sk: `ACCESS#${at}#${accessId}`,
  }),
  /** gsi1 of an access: one person's accesses to a tenant's recordings, by time (the hourly bulk-access check). */
  recordingAccessesBy: (tenantId: string, actor: string) => `${tenantPrefix(tenantId)}#RECACCESS-BY#${actor}`,
  /**
   * gsi1 of a stored, unheld recording: due for deletion on the UTC day of its `deleteAfter`, across tenants, for
   * the daily purge; `gsi1sk = <deleteAfter>#<tenantId>#<contactId>`. Removed while held or once deleted.
   */
  recordingsDue: (day: string) => `T#${OPERATOR_TENANT}#RECORDINGS-DUE#${day}`,
  /** gsi2 of a recording with a known data subject: that subject's recordings (erasure, holds); `gsi2sk = contactId`. */
  recordingsByCustomer: (tenantId: string, customerRef: string) =>
    `${tenantPrefix(tenantId)}#RECCUSTOMER#${customerRef}`,
  /** A hold on every recording of a data subject, present and future. */
  customerHold: (tenantId: string, customerRef: string) => ({
    pk: `${tenantPrefix(tenantId)}#HOLD#CUSTOMER#${customerRef}`,
    sk: 'HOLD',
  }),
  /** An erasure request, keyed by its id (the idempotency marker); gsi1 lists a tenant's requests by receipt. */
  erasureRequest: (tenantId: string, requestId: string) => ({
    pk: `${tenantPrefix(tenantId)}#ERASURE#${requestId}`,
    sk: 'ERASURE',
  }),
  /** gsi1 of erasure requests: a tenant's, `gsi1sk = <receivedAt>#<requestId>`. */
  erasureRequests: (tenantId: string) => `${tenantPrefix(tenantId)}#ERASURES`,
  /** The purge's progress: the last UTC day whose due recordings were all deleted or found held. */
  purgeCheckpoint: { pk: `T#${OPERATOR_TENANT}#PURGE`, sk: 'CHECKPOINT' },
  /**
   * An agent's competence profile for a tenant (shared/domain/competence/agent-profile.ts); the agent's applied
   * workforce events (`sk = EVENT#<key>`) and competence violations (`sk = VIOLATION#<contactId>`) share the partition.
   */
  agentProfile: (tenantId: string, agentId: string) => ({
    pk: `${tenantPrefix(tenantId)}#AGENT#${agentId}`,
    sk: 'PROFILE',
  }),
  agentEvent: (tenantId: string, agentId: string, eventKey: string) => ({
    pk: `${tenantPrefix(tenantId)}#AGENT#${agentId}`,
    sk: `EVENT#${eventKey}`,
  }),
  agentViolation: (tenantId: string, agentId: string, contactId: string) => ({
    pk: `${tenantPrefix(tenantId)}#AGENT#${agentId}`,
    sk: `VIOLATION#${contactId}`,
  }),
  /** gsi1 of profiles: a tenant's agents, `gsi1sk = agentId` (the agents route, the contact path's snapshot). */
  agents: (tenantId: string) => `${tenantPrefix(tenantId)}#AGENTS`,
  /** gsi1 of violations: a tenant's, `gsi1sk = <answeredAt>#<agentId>#<contactId>`, open and cleared. */
  competenceViolations: (tenantId: string) => `${tenantPrefix(tenantId)}#HR-VIOLATIONS`,
  /** A control's current state for a tenant (DP-REC-ACCESS and DP-DSR-TIMELY so far). */
  controlState: (tenantId: string, controlId: string) => ({
    pk: `${tenantPrefix(tenantId)}#CONTROL#${controlId}`,
    sk: 'STATE',
  }),
  /** A complaint: its timeline, facts, assessment and the alerts already emitted (shared/store/complaint-repository.ts). */
  complaint: (tenantId: string, complaintId: string) => ({
    pk: `${tenantPrefix(tenantId)}#COMPLAINT#${complaintId}`,
    sk: 'COMPLAINT',
  }),
  /**
   * gsi1 of complaints: a tenant's, by lifecycle. `open`: `gsi1sk = <earliest pending dueAt | 9999>#<complaintId>`
   * (most urgent first; overdue ones sort before now); `closed`: `<resolvedAt>#<complaintId>`; `pending-receipt`:
   * `<first event's at>#<complaintId>`.
   */
  complaints: (tenantId: string, lifecycle: 'open' | 'closed' | 'pending-receipt') =>
    `${tenantPrefix(tenantId)}#COMPLAINTS#${lifecycle}`,
} as const;
