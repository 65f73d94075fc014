/** A control's current state, as the controls route reads it (CONTRACT.md §5, `GET .../controls`). */
export interface ControlState {
  tenantId: string;
  controlId: string;
  clause: string;
  status: 'compliant' | 'at-risk' | 'breached' | 'no-data';
  since: string;
  detail: Record<string, unknown>;
}

/** A control the product evaluates so far, with the clause it serves. */
export interface EvaluatedControl {
  controlId: string;
  clause: string;
  requirement: string;
}

/**
 * The controls whose state the product keeps so far (ISO18295.md §2.1, §2.3, §2.8). The controls engine (issue 12) turns
 * this list into the catalogue of every control; until then a control not listed here is not reported.
 */
export const EVALUATED_CONTROLS: readonly EvaluatedControl[] = [
  {
    controlId: 'P1-HR-INDUCTION',
    clause: '6',
    requirement: 'No agent handles live contacts before completing the induction the agreement requires',
  },
  {
    controlId: 'P1-HR-COMPETENCE-CURRENCY',
    clause: '6',
    requirement: 'Every active agent holds the mandatory courses of the agreement, current',
  },
  {
    controlId: 'P1-HR-SKILLS-DEV',
    clause: '6',
    requirement: "Each agent gets the agreement's minimum quality evaluations every month",
  },
  {
    controlId: 'DP-REC-ACCESS',
    clause: '4.5 / GDPR Art. 5(1)(f), 32',
    requirement: 'Recordings are reached only for a stated purpose, without unusual (bulk or off-hours) access',
  },
  {
    controlId: 'P1-CMP-REGISTER',
    clause: '4.4',
    requirement:
      'Every complaint is registered with an owner, and every contact the agreement marks as a complaint has its ' +
      'complaint registered within the window',
  },
  {
    controlId: 'P1-CMP-ACK',
    clause: '4.4',
    requirement: "Every complaint is acknowledged within the agreement's deadline, in business time",
  },
  {
    controlId: 'P1-CMP-RESOLVE',
    clause: '4.4',
    requirement: "Every complaint is resolved within the agreement's deadline, in business time",
  },
];

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
