/**
 * Vendors that publish a contact as several events (Amazon Connect contact events, Genesys Cloud detail events) are
 * translated in two pure steps: each event is parsed into a *fact* about one contact, and the facts gathered so far
 * are *reduced* to a finished contact once they say the contact is over. Events arrive in any order and may be
 * delivered twice, so a fact is keyed (a second copy of the same fact changes nothing) and reduction never depends on
 * arrival order.
 */
import type { Translation, Vendor } from './vendor-contact.js';

/** Which contact a fact is about. Stable across all the events of one contact, whatever their order. */
export interface AssemblyKey {
  vendor: Vendor;
  instance: string;
  contactId: string;
}

/** A JSON-serialisable fact; absent members are left out. */
export type Fact = Record<string, string | number | boolean | Record<string, string> | undefined>;

/** A note left on another contact by this event (a callback or transfer leg naming its previous contact). */
export interface AssemblyLink {
  key: AssemblyKey;
  mark: string;
}

export type ParsedVendorEvent =
  | { kind: 'fact'; key: AssemblyKey; factKey: string; fact: Fact; links: AssemblyLink[] }
  /** An event about a contact that still matters to another one (a transfer leg): only its links are kept. */
  | { kind: 'links'; reason: string; links: AssemblyLink[] }
  /** Well-formed, but carries nothing a contact needs (another event type, a task). */
  | { kind: 'ignore'; reason: string }
  | { kind: 'reject'; reason: string };

/** What has been gathered about one contact. */
export interface AssemblyState {
  key: AssemblyKey;
  facts: Record<string, Fact>;
  marks: Record<string, true>;
}

export type Reduction = Translation | { kind: 'incomplete' };

/**
 * A vendor's two pure steps. `final` asks for the best contact the facts allow because no more events are expected
 * (the assembly waited past its deadline): a contact that is known to have ended is then translated without its
 * last event (Amazon Connect's COMPLETED, Genesys Cloud's after-call work), which carry only after-contact work.
 */
export interface VendorEventAdapter {
  vendor: Vendor;
  parse(event: { source?: unknown; 'detail-type'?: unknown; detail?: unknown; resources?: unknown }): ParsedVendorEvent;
  reduce(state: AssemblyState, options: { final: boolean }): Reduction;
}
