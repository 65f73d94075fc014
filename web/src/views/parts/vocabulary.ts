import { defineMessages } from '../../i18n/i18n.js';

/** Words for the API's enumerations that more than one view shows (channels, severities, grades). */
export const vocabulary = defineMessages({
  en: {
    voice: 'Voice',
    email: 'E-mail',
    chat: 'Chat',
    social: 'Social media',
    messaging: 'Messaging',
    low: 'Low',
    medium: 'Medium',
    high: 'High',
    critical: 'Critical',
    major: 'Major',
    minor: 'Minor',
    observation: 'Observation',
  },
  fr: {
    voice: 'Téléphone',
    email: 'E-mail',
    chat: 'Chat',
    social: 'Réseaux sociaux',
    messaging: 'Messagerie',
    low: 'Faible',
    medium: 'Moyenne',
    high: 'Élevée',
    critical: 'Critique',
    major: 'Majeure',
    minor: 'Mineure',
    observation: 'Observation',
  },
});

/** The word for a value, the value itself when the page does not know it, a dash when there is none. */
export function word(words: Record<string, unknown>, value: string | undefined): string {
  if (value === undefined) return '—';
  const found = words[value];
  return typeof found === 'string' ? found : value;
}
