/**
 * DP-REC-ENCRYPT (ISO18295.md §2.8): recordings are encrypted at rest. A recording stored without the data key
 * breaches it.
 * @see GDPR Art. 32(1)(a)
 */
import { defineControl } from '../control-definition.js';
import { capped } from './detail.js';

export const DP_REC_ENCRYPT = defineControl({
  controlId: 'DP-REC-ENCRYPT',
  clause: 'GDPR Art. 32(1)(a)',
  source: 'GDPR',
  requirement: 'Recordings are encrypted at rest: none is stored without the data key',
  cadence: 'daily',
  severity: 'major',
  switchable: false,
  facts: ['recordings'],
  evaluate: ({ recordings }) => {
    const { stored, unencrypted, unencryptedCount } = recordings;
    const status = unencryptedCount > 0 ? 'breached' : stored === 0 ? 'no-data' : 'compliant';
    return { status, detail: { stored, ...capped('unencrypted', unencrypted), unencryptedCount } };
  },
});
