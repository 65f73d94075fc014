/**
 * The use case "verify a tenant's evidence ledger": every entry in sequence order, the newest against the head, and
 * the chain against the anchors kept outside the table (the checks themselves are the domain's ChainVerifier).
 */
import { type ChainHead, type ChainVerdict, ChainVerifier, type LedgerEntry } from '../domain/ledger/hash-chain.js';
import type { LedgerAnchorStore } from './anchor-ledgers.js';

/** Port: a tenant's ledger as stored. */
export interface LedgerReader {
  /** Every entry, in sequence order, strongly consistent. */
  entries(tenantId: string): AsyncIterable<LedgerEntry>;
  /** The head, strongly consistent; `undefined` before the first entry (or when someone removed it). */
  storedHead(tenantId: string): Promise<ChainHead | undefined>;
}

/** Without an anchor store (a check of the chain alone) the chain is verified against its head only. */
export async function verifyLedger(
  ledger: LedgerReader,
  anchors: Pick<LedgerAnchorStore, 'list'> | undefined,
  tenantId: string,
): Promise<ChainVerdict> {
  const [anchored, head] = await Promise.all([anchors?.list(tenantId) ?? [], ledger.storedHead(tenantId)]);
  const verifier = new ChainVerifier(anchored);
  for await (const entry of ledger.entries(tenantId)) {
    // Entries appended after the head was read (a run writing while this one verifies) are not in the chain checked.
    if (head !== undefined && entry.sequence > head.sequence) break;
    verifier.push(entry);
  }
  return verifier.verdict(head);
}
