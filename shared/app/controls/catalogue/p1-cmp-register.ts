/**
 * P1-CMP-REGISTER (ISO18295.md §2.1): every complaint is in the register with an owner, and no complaint is hidden in
 * a contact whose reason the agreement counts as one (shared/app/complaint-register-check.ts checks the contacts;
 * shared/app/evaluate-complaints.ts adds the owner rule). Evaluated hourly with the other complaint controls.
 * @see ISO 18295-1 4.4
 */
import { registerEvaluation } from '../../evaluate-complaints.js';
import { defineControl } from '../control-definition.js';

export const P1_CMP_REGISTER = defineControl({
  controlId: 'P1-CMP-REGISTER',
  clause: '4.4',
  source: 'ISO 18295-1',
  requirement:
    'Every complaint is registered with an owner, and every contact the agreement marks as a complaint has its ' +
    'complaint registered within the window',
  cadence: 'hourly',
  severity: 'major',
  switchable: false,
  facts: ['complaints'],
  evaluate: ({ complaints }) => registerEvaluation(complaints.register, complaints.received),
});
