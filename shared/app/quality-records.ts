/**
 * The quality records' use cases (audits, nonconformities and their corrective actions; ISO18295.md §2.7, §5): ports
 * and what the controls engine asks of them.
 */
import type { AgreementVersion } from '../domain/agreement/agreement-schema.js';
import type { StoreWrite } from './evidence-ledger.js';

/** What a breached control opens a nonconformity from. */
export interface BreachInput {
  tenantId: string;
  controlId: string;
  clause: string;
  severity: 'major' | 'minor';
  /** When the control entered `breached` (ISO instant). */
  breachedSince: string;
  /** The scalars of the control's detail when it breached. */
  summary: Record<string, unknown>;
  /** The agreement in force: its `certification.closureDays` give the due date. */
  agreement: AgreementVersion;
}

/**
 * Port: the nonconformity a breach opens, as writes for the breach's own transaction (with its ledger entry). While
 * a nonconformity opened by the same control is still open, no new one is opened: `items` is empty and the id is the
 * open one's. Otherwise `items` puts a new one, conditioned on its absence.
 */
export interface BreachNonconformities {
  openWrites(input: BreachInput): Promise<{ nonconformityId: string; items: StoreWrite[] }>;
}
