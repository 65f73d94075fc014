import { describe, expect, it } from 'vitest';
import {
  ChainVerifier,
  GENESIS_HASH,
  type LedgerAnchor,
  type LedgerEntry,
  sealEntry,
} from '../../../../../shared/domain/ledger/hash-chain.js';

function chain(length: number, amountOf = (i: number) => i * 10): LedgerEntry[] {
  const entries: LedgerEntry[] = [];
  let previousHash = GENESIS_HASH;
  for (let sequence = 1; sequence <= length; sequence++) {
    const entry = sealEntry({
      format: 2,
      tenantId: 't1',
      sequence,
      occurredAt: '2026-11-02T10:00:00.000Z',
      recordedAt: '2026-11-02T10:00:01.000Z',
      actor: 'officer-1',
      actorRole: 'compliance-officer',
      kind: 'credit.granted',
      resource: `credit/${sequence}`,
      contentBefore: null,
      contentAfter: 'a'.repeat(64),
      requestId: `r${sequence}`,
      payload: { amount: amountOf(sequence) },
      previousHash,
    });
    entries.push(entry);
    previousHash = entry.hash;
  }
  return entries;
}

const headOf = (entries: LedgerEntry[]) => ({ sequence: entries.length, hash: entries.at(-1)?.hash ?? GENESIS_HASH });
const anchorOf = (e: LedgerEntry, anchoredAt = '2026-11-02T11:00:00.000Z'): LedgerAnchor => ({
  tenantId: e.tenantId,
  sequence: e.sequence,
  hash: e.hash,
  anchoredAt,
});

function verify(entries: LedgerEntry[], head = headOf(entries), anchors: LedgerAnchor[] = []) {
  const verifier = new ChainVerifier(anchors);
  for (const e of entries) verifier.push(e);
  return verifier.verdict(head);
}

describe('Domain: ledger chain verification', () => {
  it('accepts an intact chain with its head and anchors', () => {
    const entries = chain(5);
    expect(verify(entries, headOf(entries), [anchorOf(entries[1]!), anchorOf(entries[4]!)])).toEqual({
      valid: true,
      entries: 5,
      anchors: { checked: 2, latestSequence: 5, latestAnchoredAt: '2026-11-02T11:00:00.000Z' },
    });
  });

  it('covers who, role, resource, content hashes and request id by the chained hash', () => {
    for (const field of ['actorRole', 'resource', 'contentBefore', 'contentAfter', 'requestId'] as const) {
      const entries = chain(3);
      entries[1] = { ...entries[1]!, [field]: 'forged' };
      expect(verify(entries), field).toMatchObject({ valid: false, firstBrokenAt: 2 });
    }
  });

  it('names a removed middle entry, not the one after it', () => {
    const entries = chain(4);
    expect(verify([entries[0]!, entries[2]!, entries[3]!])).toMatchObject({ valid: false, firstBrokenAt: 2 });
  });

  it('catches a cut-off tail from the head', () => {
    const entries = chain(4);
    expect(verify(entries.slice(0, 3), headOf(entries))).toMatchObject({
      valid: false,
      entries: 3,
      firstBrokenAt: 4,
      reason: 'entries 4 to 4 are missing: the head records 4',
    });
  });

  it('catches a missing head and a head that does not match the newest entry', () => {
    const entries = chain(2);
    expect(new ChainVerifier().verdict(undefined)).toMatchObject({ valid: true, entries: 0 });
    const noHead = new ChainVerifier();
    for (const e of entries) noHead.push(e);
    expect(noHead.verdict(undefined)).toMatchObject({ valid: false, firstBrokenAt: 3 });
    expect(verify(entries, { sequence: 2, hash: 'f'.repeat(64) })).toMatchObject({ valid: false, firstBrokenAt: 2 });
  });

  it('catches a whole chain rewritten after an anchor, naming the first entry after the last anchor that holds', () => {
    const original = chain(6);
    const forged = chain(6, (i) => (i === 5 ? 0 : i * 10));
    // Anchored at 2 and 4 before the rewrite, then again at 6.
    const anchors = [anchorOf(original[1]!), anchorOf(original[3]!), anchorOf(original[5]!)];

    expect(verify(forged, headOf(forged))).toMatchObject({ valid: true });
    expect(verify(forged, headOf(forged), anchors)).toMatchObject({
      valid: false,
      firstBrokenAt: 5,
      reason: expect.stringContaining('entry 6 differs from its anchor'),
    });
  });

  it('catches entries cut off and the head moved back, from an anchor past the end', () => {
    const entries = chain(5);
    const kept = entries.slice(0, 3);
    expect(verify(kept, headOf(kept), [anchorOf(entries[4]!)])).toMatchObject({
      valid: false,
      entries: 3,
      firstBrokenAt: 4,
      reason: expect.stringContaining('entries 4 to 5 are missing'),
    });
  });

  it('still verifies entries written before the ledger said who and which request', () => {
    const old = sealEntry({
      tenantId: 't1',
      sequence: 1,
      occurredAt: '2026-11-01T00:00:00.000Z',
      recordedAt: '2026-11-01T00:00:00.000Z',
      actor: 'officer-1',
      kind: 'api.putAgreement',
      payload: { status: 201 },
      previousHash: GENESIS_HASH,
    });
    expect(verify([old])).toMatchObject({ valid: true, entries: 1 });
    expect(verify([{ ...old, actor: 'someone-else' }])).toMatchObject({ valid: false, firstBrokenAt: 1 });
  });
});
