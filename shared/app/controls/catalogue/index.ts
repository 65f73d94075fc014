/**
 * The control catalogue (issue 12 item 1): every control the product evaluates, one file per control in this folder,
 * each named by its id. Adding a control is adding its file and its line here (test/unit/shared/app/controls/
 * catalogue.test.ts fails when a file of the folder is not listed). Ordered as ISO18295.md §2 lists them.
 */
import type { ControlDefinition } from '../control-definition.js';
import { DP_DSR_TIMELY } from './dp-dsr-timely.js';
import { DP_REC_ACCESS } from './dp-rec-access.js';
import { DP_REC_ACCESSLOG } from './dp-rec-accesslog.js';
import { DP_REC_ENCRYPT } from './dp-rec-encrypt.js';
import { DP_REC_RETENTION } from './dp-rec-retention.js';
import { P1_CMP_ACK } from './p1-cmp-ack.js';
import { P1_CMP_REGISTER } from './p1-cmp-register.js';
import { P1_CMP_RESOLVE } from './p1-cmp-resolve.js';
import { P1_CX_FCR } from './p1-cx-fcr.js';
import { P1_HR_COMPETENCE_CURRENCY } from './p1-hr-competence-currency.js';
import { P1_HR_INDUCTION } from './p1-hr-induction.js';
import { P1_HR_SKILLS_DEV } from './p1-hr-skills-dev.js';
import { P1_LEAD_CXSTRAT } from './p1-lead-cxstrat.js';
import { P1_OPS_ABANDON } from './p1-ops-abandon.js';
import { P1_OPS_ASYNC } from './p1-ops-async.js';
import { P1_OPS_SL } from './p1-ops-sl.js';
import { X_IMP_FINDINGS } from './x-imp-findings.js';
import { X_IMP_INTAUDIT } from './x-imp-intaudit.js';

export const CONTROL_CATALOGUE: readonly ControlDefinition[] = [
  P1_CX_FCR,
  P1_CMP_REGISTER,
  P1_CMP_ACK,
  P1_CMP_RESOLVE,
  P1_LEAD_CXSTRAT,
  P1_HR_INDUCTION,
  P1_HR_COMPETENCE_CURRENCY,
  P1_HR_SKILLS_DEV,
  P1_OPS_SL,
  P1_OPS_ABANDON,
  P1_OPS_ASYNC,
  X_IMP_INTAUDIT,
  X_IMP_FINDINGS,
  DP_REC_RETENTION,
  DP_REC_ACCESS,
  DP_REC_ACCESSLOG,
  DP_REC_ENCRYPT,
  DP_DSR_TIMELY,
];

const BY_ID = new Map(CONTROL_CATALOGUE.map((definition) => [definition.controlId, definition]));

/** The control of the catalogue with this id, if any. */
export function controlDefinition(controlId: string): ControlDefinition | undefined {
  return BY_ID.get(controlId);
}
