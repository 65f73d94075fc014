/** A control's current state, as the controls route reads it (CONTRACT.md §5, `GET .../controls`). */
export interface ControlState {
  tenantId: string;
  controlId: string;
  clause: string;
  status: 'compliant' | 'at-risk' | 'breached' | 'no-data';
  since: string;
  detail: Record<string, unknown>;
}
