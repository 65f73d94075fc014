import type { Clock } from '../../events/envelope.js';
import type { ChainHead, LedgerAnchor } from '../domain/ledger/hash-chain.js';

/** Port: copies of ledger heads kept where the table's writers cannot change them. */
export interface LedgerAnchorStore {
  /** Writes an anchor; an anchor is never overwritten or deleted. */
  put(anchor: LedgerAnchor & { reason: string }): Promise<void>;
  /** The newest anchor of a tenant, if any. */
  latest(tenantId: string): Promise<LedgerAnchor | undefined>;
  /** Every anchor of a tenant, newest first. */
  list(tenantId: string): Promise<LedgerAnchor[]>;
}

/** Port: the ledger heads to anchor. */
export interface LedgerHeads {
  heads(): AsyncIterable<ChainHead & { tenantId: string }>;
  storedHead(tenantId: string): Promise<ChainHead | undefined>;
}

/** Why an anchor was taken: the hourly schedule, or a report or evidence pack that cites the ledger. */
export type AnchorReason = 'scheduled' | 'report' | 'evidence-pack';

export interface AnchorReport {
  tenants: number;
  anchored: number;
  unchanged: number;
  failed: number;
}

/**
 * Copies a tenant's ledger head to the anchor store unless the newest anchor already records it. Anchors are
 * write-once: a later rewrite of the table, head included, no longer matches them, which is how verification catches
 * someone who could rewrite every ledger item consistently.
 */
export async function anchorHead(
  anchors: LedgerAnchorStore,
  head: ChainHead & { tenantId: string },
  reason: AnchorReason,
  now: Date,
): Promise<'anchored' | 'unchanged'> {
  const latest = await anchors.latest(head.tenantId);
  if (latest !== undefined && latest.sequence === head.sequence && latest.hash === head.hash) return 'unchanged';
  await anchors.put({ ...head, anchoredAt: now.toISOString(), reason });
  return 'anchored';
}

/** Anchors one tenant now (before a report or an evidence pack cites its ledger). */
export async function anchorTenant(
  ledger: LedgerHeads,
  anchors: LedgerAnchorStore,
  tenantId: string,
  reason: AnchorReason,
  now: Date,
): Promise<ChainHead | undefined> {
  const head = await ledger.storedHead(tenantId);
  if (head !== undefined) await anchorHead(anchors, { tenantId, ...head }, reason, now);
  return head;
}

/**
 * The scheduled pass: every tenant's head, one after the other, while time remains (`hasTime`). A tenant that fails
 * is counted and left for the next pass; the others are still anchored.
 */
export async function anchorAllLedgers(
  ledger: LedgerHeads,
  anchors: LedgerAnchorStore,
  now: Clock,
  hasTime: () => boolean,
  onFailure: (tenantId: string, error: unknown) => void,
): Promise<AnchorReport> {
  const report: AnchorReport = { tenants: 0, anchored: 0, unchanged: 0, failed: 0 };
  for await (const head of ledger.heads()) {
    if (!hasTime()) break;
    report.tenants++;
    try {
      report[await anchorHead(anchors, head, 'scheduled', now())]++;
    } catch (error) {
      report.failed++;
      onFailure(head.tenantId, error);
    }
  }
  return report;
}
