import { defineMessages } from '../../i18n/i18n.js';

/** The words of a corrective step (ISO 18295-1 4.8), shown in the steps table and offered by the step form. */
export const stepWords = defineMessages({
  en: {
    'root-cause': 'Root cause found',
    'action-planned': 'Action planned',
    'action-completed': 'Action done',
    verified: 'Effectiveness verified',
    closed: 'Closed',
  },
  fr: {
    'root-cause': 'Cause racine identifiée',
    'action-planned': 'Action prévue',
    'action-completed': 'Action réalisée',
    verified: 'Efficacité vérifiée',
    closed: 'Clôturée',
  },
});

export const STEPS = ['root-cause', 'action-planned', 'action-completed', 'verified', 'closed'] as const;
export type StepKind = (typeof STEPS)[number];
