/**
 * Port: the append-only evidence ledger. A state change and its entry are written together, so the use cases that
 * change state hand the ledger the writes of their change (opaque here: the store that implements both ports builds
 * and commits them in one transaction).
 */
import type { LedgerEntry } from '../domain/ledger/hash-chain.js';

/** One write of a state change, as the store that implements the ports builds it; opaque to use cases. */
export type StoreWrite = unknown;

/** Who did what, to which resource, as the caller knows it; the ledger adds sequence, times and hashes. */
export interface Evidence {
  tenantId: string;
  occurredAt: string;
  actor: string;
  actorRole: string;
  kind: string;
  resource?: string;
  contentBefore?: string | null;
  contentAfter?: string | null;
  requestId?: string;
  payload: Record<string, unknown>;
}

/**
 * What a state change prepares, from state it has just read: the items to write and the evidence of the change, or
 * `unchanged` when there is nothing to do (an idempotent retry). Preparing is repeated after a lost race.
 */
export type PreparedChange<T> = { items: StoreWrite[]; evidence: Evidence; result: T } | { unchanged: true; result: T };

/** The outcome of {@link EvidenceLedger.commit}: the caller's result, and the entry when something changed. */
export interface CommittedChange<T> {
  result: T;
  entry?: LedgerEntry;
}

/** Port: the append-only evidence ledger. */
export interface EvidenceLedger {
  /**
   * Writes a state change and its ledger entry in one transaction, so that neither exists without the other.
   * `prepare` reads the state it changes and is called again, with fresh reads, after a concurrent writer won.
   */
  commit<T>(tenantId: string, prepare: () => Promise<PreparedChange<T>>): Promise<CommittedChange<T>>;
  /** Records a fact that changes no other item (an access, a verification). */
  append(evidence: Evidence): Promise<LedgerEntry>;
}
