/**
 * What every vendor adapter produces: a finished contact in canonical terms, but not yet placed with a tenant and a
 * centre. Placement comes from the vendor mapping (configuration), which the adapters know nothing about: they stay
 * pure functions of the vendor payload.
 */
import type { ContactCompletedDetail } from '../telephony.js';

/** The platforms whose contacts are translated; the vendor mapping names instances of these. */
export const VENDORS = ['amazon-connect', 'genesys-cloud'] as const;
export type Vendor = (typeof VENDORS)[number];

/** Where a contact came from: the keys the vendor mapping is looked up with. */
export interface VendorOrigin {
  vendor: Vendor;
  /** Amazon Connect instance id, Genesys Cloud organization id. */
  instance: string;
  /** The vendor's queue id (Connect: the last segment of the queue ARN; Genesys: queueId). */
  queueId?: string;
  /** The vendor's queue name when the payload carries it (Connect contact records do). */
  queueName?: string;
}

type CanonicalContactFields = Omit<
  ContactCompletedDetail,
  'schemaVersion' | 'tenantId' | 'centerId' | 'occurredAt' | 'queue' | 'customerRef' | 'reason' | 'language'
>;

/** A finished customer contact, in canonical terms, before placement. */
export interface VendorContact extends CanonicalContactFields {
  origin: VendorOrigin;
  /** Disposition the platform itself records (Genesys wrap-up code), when it has one. */
  reason?: string;
  /**
   * User-defined key/values of the contact (Connect contact attributes or tags), keys in the lenient spelling
   * (`keyOf`). The vendor mapping names which of them carry the reason, the language or a pseudonymous customer id.
   */
  attributes?: Record<string, string>;
}

/** The result of translating one vendor record (or one assembled set of vendor events). */
export type Translation =
  | { kind: 'contact'; contact: VendorContact }
  /** Well-formed, but not a customer contact that is counted (a task, a transfer leg, a self-service call). */
  | { kind: 'skip'; reason: string }
  /** Unusable: the reason says why, without quoting personal data. */
  | { kind: 'reject'; reason: string };

/** A well-formed record that is not a counted customer contact. */
export const skip = (reason: string): Translation => ({ kind: 'skip', reason });
/** An unusable record; the reason names fields, never personal values. */
export const reject = (reason: string): Translation => ({ kind: 'reject', reason });

/** Whole seconds from milliseconds, as vendors that count in seconds report them. */
export function wholeSeconds(ms: number): number {
  return Math.max(0, Math.round(ms / 1000));
}
