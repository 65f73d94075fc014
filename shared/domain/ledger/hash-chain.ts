import { createHash } from 'node:crypto';

/**
 * The evidence ledger's hash chain, pure. Each entry commits to its content (through `payloadHash`) and to the entry
 * before it (`previousHash`), so changing, removing or reordering any stored entry breaks every hash after it. The
 * chain alone cannot show that its newest entries were cut off, nor that someone rewrote it whole and consistently:
 * the head (the last sequence and hash, kept beside the chain) and anchors (copies of the head kept outside the
 * table, in write-once storage) close those gaps; {@link ChainVerifier} checks all three.
 */
export interface LedgerEntry {
  /** 2 for entries that say who, what and which request (absent on the first entries of older ledgers). */
  format?: 2;
  tenantId: string;
  /** 1, 2, 3... without gaps. */
  sequence: number;
  /** When the fact happened. */
  occurredAt: string;
  /** When it was written; set by the ledger, never by the caller. */
  recordedAt: string;
  /** Who: a principal's subject, or `system:<function>` for automated facts. */
  actor: string;
  /** The role under which the actor acted (`system` for automated facts). */
  actorRole?: string;
  /** What, `noun.past-tense` (`agreement.version-added`, `recording.accessed`, `control.breached`). */
  kind: string;
  /** The thing that changed, `<type>/<id>` (`agreement/3`). */
  resource?: string;
  /** SHA-256 of the canonical JSON of the resource before the change; `null` when it did not exist. */
  contentBefore?: string | null;
  /** SHA-256 of the canonical JSON of the resource after the change; `null` when it was deleted. */
  contentAfter?: string | null;
  /** The API request (or event) that caused it, to join the ledger with access logs. */
  requestId?: string;
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

/** The SHA-256 of a document's canonical JSON: what `contentBefore` and `contentAfter` hold. */
export function contentHash(document: unknown): string {
  return sha256(canonicalJson(document));
}

type Unhashed = Omit<LedgerEntry, 'payloadHash' | 'hash'>;

/** What the chained hash covers: every field but the payload (covered by `payloadHash`) and the hash itself. */
function header(entry: Unhashed, payloadHash: string): Record<string, unknown> {
  const { tenantId, sequence, occurredAt, recordedAt, actor, kind, previousHash } = entry;
  const common = { tenantId, sequence, occurredAt, recordedAt, actor, kind, payloadHash, previousHash };
  if (entry.format !== 2) return common;
  const { actorRole, resource, contentBefore, contentAfter, requestId } = entry;
  return { ...common, format: 2, actorRole, resource, contentBefore, contentAfter, requestId };
}

/** Seals an entry: computes its payload hash and its chained hash. */
export function sealEntry(entry: Unhashed): LedgerEntry {
  const payloadHash = sha256(canonicalJson(entry.payload));
  const sealed = { ...entry, payloadHash } as LedgerEntry;
  return { ...sealed, hash: sha256(canonicalJson(header(entry, payloadHash))) };
}

/** The newest sequence and hash of a tenant's chain, as its head item or an anchor records it. */
export interface ChainHead {
  sequence: number;
  hash: string;
}

/** A copy of the head kept outside the table, with the time it was taken. */
export interface LedgerAnchor extends ChainHead {
  tenantId: string;
  anchoredAt: string;
}

export interface ChainVerdict {
  valid: boolean;
  entries: number;
  /** The sequence number of the first entry that does not verify (or that is missing). */
  firstBrokenAt?: number;
  reason?: string;
  /** How many anchors the chain was checked against, and the newest of them. */
  anchors: { checked: number; latestSequence?: number; latestAnchoredAt?: string };
}

/**
 * Re-verifies entries given in sequence order, streaming: call `push` per entry, then `verdict` with the head item
 * and the anchors. It reports the first sequence that cannot be trusted:
 * - an edited, reordered or removed entry breaks the chain there;
 * - entries cut off the end leave the head (or an anchor) pointing past the last entry;
 * - a chain rewritten whole, head included, no longer matches an anchor taken before the rewrite; everything after
 *   the last anchor that still matches is then suspect, so the verdict names the entry after it.
 */
export class ChainVerifier {
  private count = 0;
  private previousHash = GENESIS_HASH;
  private broken: { at: number; reason: string } | undefined;
  private readonly anchored = new Map<number, LedgerAnchor>();
  private lastMatchedAnchor = 0;
  private readonly anchorList: LedgerAnchor[];

  constructor(anchors: readonly LedgerAnchor[] = []) {
    this.anchorList = [...anchors].sort((a, b) => a.sequence - b.sequence);
    for (const anchor of this.anchorList) this.anchored.set(anchor.sequence, anchor);
  }

  push(entry: LedgerEntry): void {
    this.count++;
    if (this.broken !== undefined) return;
    const expectedSequence = this.count;
    const fail = (reason: string, at = entry.sequence ?? expectedSequence) => {
      this.broken = { at, reason };
    };
    const resealed = sealEntry(entry);
    const anchor = this.anchored.get(expectedSequence);
    if (entry.sequence !== expectedSequence) fail(`expected sequence ${expectedSequence}`, expectedSequence);
    else if (entry.previousHash !== this.previousHash) fail('previousHash does not match the entry before');
    else if (resealed.payloadHash !== entry.payloadHash) fail('payload does not match its hash');
    else if (resealed.hash !== entry.hash) fail('entry does not match its hash');
    else if (anchor !== undefined && anchor.hash !== entry.hash)
      fail(
        `entry ${anchor.sequence} differs from its anchor of ${anchor.anchoredAt}: the chain was rewritten after entry ${this.lastMatchedAnchor}`,
        this.lastMatchedAnchor + 1,
      );
    else {
      this.previousHash = entry.hash;
      if (anchor !== undefined) this.lastMatchedAnchor = anchor.sequence;
    }
  }

  verdict(head?: ChainHead): ChainVerdict {
    const latest = this.anchorList.at(-1);
    const anchors = {
      checked: this.anchorList.length,
      ...(latest === undefined ? {} : { latestSequence: latest.sequence, latestAnchoredAt: latest.anchoredAt }),
    };
    const broken = this.broken ?? this.tailProblem(head, latest);
    return broken === undefined
      ? { valid: true, entries: this.count, anchors }
      : { valid: false, entries: this.count, firstBrokenAt: broken.at, reason: broken.reason, anchors };
  }

  /** After every entry verified: is anything missing at the end? */
  private tailProblem(head: ChainHead | undefined, latest: LedgerAnchor | undefined) {
    const next = this.count + 1;
    if (latest !== undefined && latest.sequence > this.count)
      return {
        at: Math.max(next, this.lastMatchedAnchor + 1),
        reason: `entries ${next} to ${latest.sequence} are missing: an anchor of ${latest.anchoredAt} records ${latest.sequence} entries`,
      };
    if (head === undefined) return this.count === 0 ? undefined : { at: next, reason: 'the ledger head is missing' };
    if (head.sequence > this.count)
      return { at: next, reason: `entries ${next} to ${head.sequence} are missing: the head records ${head.sequence}` };
    if (head.sequence < this.count)
      return { at: head.sequence + 1, reason: `the head records ${head.sequence} entries, the chain has more` };
    if (this.count > 0 && head.hash !== this.previousHash)
      return { at: this.count, reason: 'the newest entry does not match the ledger head' };
    return undefined;
  }
}
