/**
 * DP-REC-ACCESSLOG (ISO18295.md §2.8): every access is logged immutably. Every access and change is an entry of the
 * evidence ledger (shared/app/evidence-ledger.ts), so the log is intact while the ledger's hash chain verifies.
 * @see GDPR Art. 5(2), 30, 32
 */
import { defineControl } from '../control-definition.js';

export const DP_REC_ACCESSLOG = defineControl({
  controlId: 'DP-REC-ACCESSLOG',
  clause: 'GDPR Art. 5(2), 30, 32',
  source: 'GDPR',
  requirement: "Every access to a recording is logged immutably: the evidence ledger's hash chain is intact",
  cadence: 'daily',
  severity: 'major',
  switchable: false,
  facts: ['ledger'],
  evaluate: ({ ledger }) => {
    const { valid, entries, firstBrokenAt, lastAnchoredAt } = ledger;
    if (entries === 0) return { status: 'no-data', detail: { entries } };
    if (!valid) return { status: 'breached', detail: { entries, firstBrokenAt: firstBrokenAt ?? null } };
    return { status: 'compliant', detail: { entries, lastAnchoredAt: lastAnchoredAt ?? null } };
  },
});
