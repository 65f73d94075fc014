/** A control's current state, as the controls route reads it (CONTRACT.md §5, `GET .../controls`). */
export interface ControlState {
  tenantId: string;
  controlId: string;
  clause: string;
  status: 'compliant' | 'at-risk' | 'breached' | 'no-data';
  since: string;
  detail: Record<string, unknown>;
}

/**
 * One change of a control's status, as kept in its history (one item per transition, written in the transaction that
 * changes the state, with the ledger entry). `at` is when the evaluation saw it; `detail` the figures then.
 */
export interface ControlHistoryEntry {
  tenantId: string;
  controlId: string;
  from: ControlState['status'];
  to: ControlState['status'];
  at: string;
  detail: Record<string, unknown>;
  /** The ledger entry of the transition (its sequence), and the nonconformity a breach opened, if any. */
  ledgerSequence?: number;
  nonconformityId?: string;
}
