/**
 * Every word of the monthly report, in French (the product's default) and English. One type holds both, so a label
 * added to one language and not the other fails to compile. Sentences that carry figures are functions of the
 * figures already formatted (report-format.ts), so word order stays natural in each language.
 */
import type { Channel } from '../../../events/telephony.js';
import type { KpiName } from '../kpi/kpi-names.js';
import type { KpiSeriesEntry } from '../kpi/kpi-report-schema.js';
import type { ControlStatusName, ReportLanguage, ReportNonconformity } from './report-figures.js';

export type KpiStatusName = KpiSeriesEntry['status'][KpiName];

export interface ReportWording {
  title: string;
  subject(month: string, tenantId: string): string;
  period(from: string, to: string): string;
  header: { tenant: string; period: string; timeZone: string; generatedAt: string; ledger: string };
  sections: {
    summary: string;
    kpis: string;
    trend: string;
    complaints: string;
    competence: string;
    dataProtection: string;
    controls: string;
    nonconformities: string;
    ledger: string;
  };
  summary: {
    controls(compliant: number, atRisk: number, breached: number, noData: number): string;
    kpisMissed(count: number): string;
    nonconformities(open: number, overdue: number): string;
  };
  channels: Record<Channel, string>;
  kpis: Record<KpiName, string>;
  kpiStatus: Record<KpiStatusName, string>;
  controlStatus: Record<ControlStatusName, string>;
  severity: Record<'major' | 'minor', string>;
  grade: Record<ReportNonconformity['grade'], string>;
  nonconformityStatus: Record<ReportNonconformity['status'], string>;
  actionStatus: Record<ReportNonconformity['actions'][number]['status'], string>;
  erasureStatus: Record<string, string>;
  yes: string;
  no: string;
  pending: string;
  none: string;
  target(direction: 'min' | 'max', value: string): string;
  kpiTable: { caption(channel: string): string; indicator: string; value: string; target: string; status: string };
  volumes: {
    caption: string;
    channel: string;
    offered: string;
    handled: string;
    abandoned: string;
    shortAbandoned: string;
    callbackRequested: string;
    outbound: string;
  };
  charts: {
    serviceLevel: string;
    abandonmentRate: string;
    contacts: string;
    day: string;
    channel: string;
    measure: string;
    targetNote: string;
    ratioAlt(kpi: string, period: string, perChannel: string): string;
    ratioAltChannel(channel: string, value: string, target: string | undefined): string;
    contactsAlt(period: string, perChannel: string): string;
    contactsAltChannel(channel: string, offered: string, handled: string): string;
  };
  complaints: {
    figures: string;
    received: string;
    open: string;
    overdue: string;
    closed: string;
    escalatedExternal: string;
    acknowledgedOnTime: string;
    resolvedOnTime: string;
    onTime(onTime: string, due: string, share: string): string;
    per1000Contacts: string;
    ageing: string;
    age: string;
    ageBucket(bucket: string): string;
    count: string;
    categories: string;
    category: string;
    previous(from: string, to: string): string;
  };
  competence: {
    caption: string;
    active: string;
    missingInduction: string;
    expiring: string;
    expired: string;
    qaMet: string;
    openViolations: string;
  };
  dataProtection: {
    controls: string;
    erasureRequests: string;
    requestId: string;
    receivedAt: string;
    status: string;
    onTime: string;
  };
  controls: {
    states: string;
    changes: string;
    control: string;
    clause: string;
    requirement: string;
    severity: string;
    status: string;
    since: string;
    at: string;
    from: string;
    to: string;
    nonconformity: string;
  };
  nonconformities: {
    open: string;
    actions: string;
    id: string;
    grade: string;
    description: string;
    openedAt: string;
    dueOn: string;
    status: string;
    overdue: string;
    action: string;
    owner: string;
  };
  ledger: {
    verified(entries: string): string;
    broken(entries: string, at: string): string;
    entries: string;
    status: string;
    valid: string;
    invalid: string;
    firstBrokenAt: string;
    anchoredAt: string;
    notAnchored: string;
  };
  page(page: number, pages: number): string;
  footer: string;
}

const fr: ReportWording = {
  title: 'Rapport mensuel de surveillance',
  subject: (month, tenantId) => `Rapport mensuel de surveillance — ${month} — ${tenantId}`,
  period: (from, to) => `du ${from} au ${to}`,
  header: {
    tenant: 'Organisation',
    period: 'Période',
    timeZone: 'Fuseau horaire',
    generatedAt: 'Produit le',
    ledger: 'Registre de preuves',
  },
  sections: {
    summary: 'En bref',
    kpis: 'Indicateurs et objectifs par canal',
    trend: 'Évolution quotidienne',
    complaints: 'Réclamations',
    competence: 'Compétences des conseillers',
    dataProtection: 'Enregistrements et protection des données',
    controls: 'Conformité des contrôles',
    nonconformities: 'Non-conformités et actions ouvertes',
    ledger: 'Vérification du registre de preuves',
  },
  summary: {
    controls: (compliant, atRisk, breached, noData) =>
      `Contrôles : ${compliant} conformes, ${atRisk} à risque, ${breached} en écart, ${noData} sans données.`,
    kpisMissed: (count) => `Objectifs d'indicateurs non atteints sur le mois : ${count}.`,
    nonconformities: (open, overdue) => `Non-conformités ouvertes : ${open}, dont ${overdue} en retard.`,
  },
  channels: { voice: 'Voix', email: 'E-mail', chat: 'Chat', social: 'Réseaux sociaux', messaging: 'Messagerie' },
  kpis: {
    serviceLevel: 'Niveau de service',
    abandonmentRate: "Taux d'abandon",
    averageSpeedOfAnswerSeconds: 'Délai moyen de réponse',
    averageHandleSeconds: 'Durée moyenne de traitement',
    firstContactResolutionRate: 'Résolution au premier contact',
    repeatContactResolutionRate: 'Résolution sans recontact',
    waitP90Seconds: 'Attente (90e centile)',
  },
  kpiStatus: {
    met: 'Atteint',
    'at-risk': 'À surveiller',
    missed: 'Non atteint',
    'no-target': "Pas d'objectif",
    'no-data': 'Sans données',
  },
  controlStatus: { compliant: 'Conforme', 'at-risk': 'À risque', breached: 'En écart', 'no-data': 'Sans données' },
  severity: { major: 'Majeure', minor: 'Mineure' },
  grade: { major: 'Majeure', minor: 'Mineure', observation: 'Observation' },
  nonconformityStatus: {
    open: 'Ouverte',
    'in-progress': 'En cours',
    'awaiting-verification': 'En attente de vérification',
    closed: 'Close',
  },
  actionStatus: { planned: 'Prévue', done: 'Réalisée' },
  erasureStatus: { completed: 'Effectuée', 'blocked-by-legal-hold': 'Bloquée (conservation légale)' },
  yes: 'Oui',
  no: 'Non',
  pending: 'En cours',
  none: 'Aucun élément ce mois-ci.',
  target: (direction, value) => `${direction === 'min' ? '≥' : '≤'} ${value}`,
  kpiTable: {
    caption: (channel) => `Indicateurs du mois — ${channel}`,
    indicator: 'Indicateur',
    value: 'Valeur',
    target: 'Objectif',
    status: 'Statut',
  },
  volumes: {
    caption: 'Volumes de contacts du mois',
    channel: 'Canal',
    offered: 'Présentés',
    handled: 'Traités',
    abandoned: 'Abandonnés',
    shortAbandoned: 'Abandons courts',
    callbackRequested: 'Rappels demandés',
    outbound: 'Sortants',
  },
  charts: {
    serviceLevel: 'Niveau de service quotidien',
    abandonmentRate: "Taux d'abandon quotidien",
    contacts: 'Contacts présentés et traités par jour',
    day: 'Jour du mois',
    channel: 'Canal',
    measure: 'Contacts',
    targetNote: "En pointillés : l'objectif du mois de chaque canal, de la couleur du canal.",
    ratioAlt: (kpi, period, perChannel) => `${kpi} par jour et par canal, ${period}. Sur le mois : ${perChannel}.`,
    ratioAltChannel: (channel, value, target) =>
      target === undefined ? `${channel} ${value}` : `${channel} ${value} (objectif ${target})`,
    contactsAlt: (period, perChannel) =>
      `Contacts présentés et traités par jour, ${period}. Sur le mois : ${perChannel}.`,
    contactsAltChannel: (channel, offered, handled) => `${channel} ${offered} présentés, ${handled} traités`,
  },
  complaints: {
    figures: 'Réclamations reçues dans le mois',
    received: 'Reçues',
    open: 'Ouvertes dans les délais',
    overdue: 'Ouvertes en retard',
    closed: 'Closes',
    escalatedExternal: 'Portées devant un médiateur',
    acknowledgedOnTime: 'Accusées réception dans le délai',
    resolvedOnTime: 'Résolues dans le délai',
    onTime: (onTime, due, share) => `${onTime} sur ${due} (${share})`,
    per1000Contacts: 'Pour 1 000 contacts présentés',
    ageing: 'Ancienneté des réclamations ouvertes',
    age: 'Ancienneté',
    ageBucket: (bucket) => `${bucket} jours`,
    count: 'Nombre',
    categories: 'Motifs les plus fréquents',
    category: 'Motif',
    previous: (from, to) => `Période précédente (${from} – ${to})`,
  },
  competence: {
    caption: 'Conseillers à la date du rapport',
    active: 'Conseillers actifs',
    missingInduction: 'Sans formation initiale',
    expiring: 'Formation obligatoire bientôt échue',
    expired: 'Formation obligatoire échue',
    qaMet: 'Couverture qualité atteinte sur le mois',
    openViolations: 'Contacts traités sans la compétence requise (non levés)',
  },
  dataProtection: {
    controls: 'Contrôles de protection des données',
    erasureRequests: "Demandes d'effacement reçues dans le mois",
    requestId: 'Demande',
    receivedAt: 'Reçue le',
    status: 'État',
    onTime: 'Dans le délai',
  },
  controls: {
    states: 'État des contrôles',
    changes: "Changements d'état du mois",
    control: 'Contrôle',
    clause: 'Article',
    requirement: 'Exigence',
    severity: 'Gravité',
    status: 'État',
    since: 'Depuis',
    at: 'Date',
    from: 'Avant',
    to: 'Après',
    nonconformity: 'Non-conformité',
  },
  nonconformities: {
    open: 'Non-conformités ouvertes',
    actions: 'Actions ouvertes',
    id: 'Référence',
    grade: 'Gravité',
    description: 'Description',
    openedAt: 'Ouverte le',
    dueOn: 'Échéance',
    status: 'État',
    overdue: 'En retard',
    action: 'Action',
    owner: 'Responsable',
  },
  ledger: {
    verified: (entries) => `Chaîne vérifiée : ${entries} entrées intègres.`,
    broken: (entries, at) => `Chaîne rompue à l'entrée ${at} (sur ${entries}).`,
    entries: 'Entrées',
    status: 'Intégrité',
    valid: 'Intègre',
    invalid: 'Rompue',
    firstBrokenAt: 'Première entrée rompue',
    anchoredAt: 'Dernier ancrage vérifié',
    notAnchored: 'Aucun ancrage',
  },
  page: (page, pages) => `Page ${page} sur ${pages}`,
  footer: 'Rapport produit automatiquement à partir des chiffres de l’API de conformité ISO 18295.',
};

const en: ReportWording = {
  title: 'Monthly surveillance report',
  subject: (month, tenantId) => `Monthly surveillance report — ${month} — ${tenantId}`,
  period: (from, to) => `${from} to ${to}`,
  header: {
    tenant: 'Organisation',
    period: 'Period',
    timeZone: 'Time zone',
    generatedAt: 'Produced on',
    ledger: 'Evidence ledger',
  },
  sections: {
    summary: 'At a glance',
    kpis: 'Indicators against targets per channel',
    trend: 'Daily trend',
    complaints: 'Complaints',
    competence: 'Agent competence',
    dataProtection: 'Recordings and data protection',
    controls: 'Control compliance',
    nonconformities: 'Nonconformities and open actions',
    ledger: 'Evidence ledger verification',
  },
  summary: {
    controls: (compliant, atRisk, breached, noData) =>
      `Controls: ${compliant} compliant, ${atRisk} at risk, ${breached} breached, ${noData} without data.`,
    kpisMissed: (count) => `Indicator targets missed over the month: ${count}.`,
    nonconformities: (open, overdue) => `Open nonconformities: ${open}, of which ${overdue} overdue.`,
  },
  channels: { voice: 'Voice', email: 'Email', chat: 'Chat', social: 'Social media', messaging: 'Messaging' },
  kpis: {
    serviceLevel: 'Service level',
    abandonmentRate: 'Abandonment rate',
    averageSpeedOfAnswerSeconds: 'Average speed of answer',
    averageHandleSeconds: 'Average handle time',
    firstContactResolutionRate: 'First contact resolution',
    repeatContactResolutionRate: 'Resolution without repeat contact',
    waitP90Seconds: 'Wait (90th percentile)',
  },
  kpiStatus: { met: 'Met', 'at-risk': 'At risk', missed: 'Missed', 'no-target': 'No target', 'no-data': 'No data' },
  controlStatus: { compliant: 'Compliant', 'at-risk': 'At risk', breached: 'Breached', 'no-data': 'No data' },
  severity: { major: 'Major', minor: 'Minor' },
  grade: { major: 'Major', minor: 'Minor', observation: 'Observation' },
  nonconformityStatus: {
    open: 'Open',
    'in-progress': 'In progress',
    'awaiting-verification': 'Awaiting verification',
    closed: 'Closed',
  },
  actionStatus: { planned: 'Planned', done: 'Done' },
  erasureStatus: { completed: 'Completed', 'blocked-by-legal-hold': 'Blocked (legal hold)' },
  yes: 'Yes',
  no: 'No',
  pending: 'Pending',
  none: 'Nothing this month.',
  target: (direction, value) => `${direction === 'min' ? '≥' : '≤'} ${value}`,
  kpiTable: {
    caption: (channel) => `The month's indicators — ${channel}`,
    indicator: 'Indicator',
    value: 'Value',
    target: 'Target',
    status: 'Status',
  },
  volumes: {
    caption: "The month's contact volumes",
    channel: 'Channel',
    offered: 'Offered',
    handled: 'Handled',
    abandoned: 'Abandoned',
    shortAbandoned: 'Short abandons',
    callbackRequested: 'Callbacks requested',
    outbound: 'Outbound',
  },
  charts: {
    serviceLevel: 'Daily service level',
    abandonmentRate: 'Daily abandonment rate',
    contacts: 'Contacts offered and handled per day',
    day: 'Day of the month',
    channel: 'Channel',
    measure: 'Contacts',
    targetNote: "Dashed lines: each channel's target for the month, in the channel's colour.",
    ratioAlt: (kpi, period, perChannel) => `${kpi} per day and channel, ${period}. Over the month: ${perChannel}.`,
    ratioAltChannel: (channel, value, target) =>
      target === undefined ? `${channel} ${value}` : `${channel} ${value} (target ${target})`,
    contactsAlt: (period, perChannel) =>
      `Contacts offered and handled per day, ${period}. Over the month: ${perChannel}.`,
    contactsAltChannel: (channel, offered, handled) => `${channel} ${offered} offered, ${handled} handled`,
  },
  complaints: {
    figures: 'Complaints received in the month',
    received: 'Received',
    open: 'Open within deadlines',
    overdue: 'Open and overdue',
    closed: 'Closed',
    escalatedExternal: 'Escalated to a dispute body',
    acknowledgedOnTime: 'Acknowledged on time',
    resolvedOnTime: 'Resolved on time',
    onTime: (onTime, due, share) => `${onTime} of ${due} (${share})`,
    per1000Contacts: 'Per 1,000 contacts offered',
    ageing: 'Age of open complaints',
    age: 'Age',
    ageBucket: (bucket) => `${bucket} days`,
    count: 'Count',
    categories: 'Most frequent categories',
    category: 'Category',
    previous: (from, to) => `Previous period (${from} – ${to})`,
  },
  competence: {
    caption: 'Agents as of the report',
    active: 'Active agents',
    missingInduction: 'Not inducted',
    expiring: 'Mandatory course lapsing soon',
    expired: 'Mandatory course lapsed',
    qaMet: 'Quality coverage met this month',
    openViolations: 'Contacts handled without a required competence (not cleared)',
  },
  dataProtection: {
    controls: 'Data protection controls',
    erasureRequests: 'Erasure requests received in the month',
    requestId: 'Request',
    receivedAt: 'Received',
    status: 'State',
    onTime: 'On time',
  },
  controls: {
    states: 'State of the controls',
    changes: "The month's state changes",
    control: 'Control',
    clause: 'Clause',
    requirement: 'Requirement',
    severity: 'Severity',
    status: 'State',
    since: 'Since',
    at: 'Date',
    from: 'Before',
    to: 'After',
    nonconformity: 'Nonconformity',
  },
  nonconformities: {
    open: 'Open nonconformities',
    actions: 'Open actions',
    id: 'Reference',
    grade: 'Grade',
    description: 'Description',
    openedAt: 'Opened',
    dueOn: 'Due',
    status: 'State',
    overdue: 'Overdue',
    action: 'Action',
    owner: 'Owner',
  },
  ledger: {
    verified: (entries) => `Chain verified: ${entries} entries intact.`,
    broken: (entries, at) => `Chain broken at entry ${at} (of ${entries}).`,
    entries: 'Entries',
    status: 'Integrity',
    valid: 'Intact',
    invalid: 'Broken',
    firstBrokenAt: 'First broken entry',
    anchoredAt: 'Latest anchor checked',
    notAnchored: 'No anchor',
  },
  page: (page, pages) => `Page ${page} of ${pages}`,
  footer: 'Report produced automatically from the figures of the ISO 18295 compliance API.',
};

export const REPORT_WORDING: Readonly<Record<ReportLanguage, ReportWording>> = { fr, en };
