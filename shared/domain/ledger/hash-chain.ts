import { createHash } from 'node:crypto';

/**
 * The evidence ledger's hash chain, pure. Each entry commits to its content (through `payloadHash`) and to the entry
 * before it (`previousHash`), so changing, removing or reordering any stored entry breaks every hash after it.
 */
export interface LedgerEntry {
  tenantId: string;
  /** 1, 2, 3... without gaps. */
  sequence: number;
  /** When the fact happened. */
  occurredAt: string;
  /** When it was written; set by the ledger, never by the caller. */
  recordedAt: string;
  /** Who: a principal's subject, or `system:<function>` for automated facts. */
  actor: string;
  /** What, `noun.past-tense` (`recording.accessed`, `agreement.updated`, `control.breached`). */
  kind: string;
  /** The evidence itself; no personal data beyond pseudonymised references. */
  payload: Record<string, unknown>;
  payloadHash: string;
  previousHash: string;
  hash: string;
}

/** The hash of the chain's origin: a tenant's first entry points to it. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every depth, so that equal content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

type Unhashed = Omit<LedgerEntry, 'payloadHash' | 'hash'>;

/** Seals an entry: computes its payload hash and its chained hash. */
export function sealEntry(entry: Unhashed): LedgerEntry {
  const { tenantId, sequence, occurredAt, recordedAt, actor, kind, payload, previousHash } = entry;
  const payloadHash = sha256(canonicalJson(payload));
  const header = { tenantId, sequence, occurredAt, recordedAt, actor, kind, payloadHash, previousHash };
  return { ...header, payload, hash: sha256(canonicalJson(header)) };
}

export interface ChainVerdict {
  valid: boolean;
  entries: number;
  /** The sequence number of the first entry that does not verify. */
  firstBrokenAt?: number;
  reason?: string;
}

/** Re-verifies entries given in sequence order, streaming: call `push` per entry, then `verdict`. */
export class ChainVerifier {
  private count = 0;
  private previousHash = GENESIS_HASH;
  private broken: { at: number; reason: string } | undefined;

  push(entry: LedgerEntry): void {
    this.count++;
    if (this.broken !== undefined) return;
    const expectedSequence = this.count;
    const fail = (reason: string) => {
      this.broken = { at: entry.sequence ?? expectedSequence, reason };
    };
    const resealed = sealEntry(entry);
    if (entry.sequence !== expectedSequence) fail(`expected sequence ${expectedSequence}`);
    else if (entry.previousHash !== this.previousHash) fail('previousHash does not match the entry before');
    else if (resealed.payloadHash !== entry.payloadHash) fail('payload does not match its hash');
    else if (resealed.hash !== entry.hash) fail('entry does not match its hash');
    else this.previousHash = entry.hash;
  }

  verdict(): ChainVerdict {
    return this.broken === undefined
      ? { valid: true, entries: this.count }
      : { valid: false, entries: this.count, firstBrokenAt: this.broken.at, reason: this.broken.reason };
  }
}
