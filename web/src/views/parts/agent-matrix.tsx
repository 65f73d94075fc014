import type { components } from '../../api/schema.js';
import { useFormat } from '../../i18n/format.js';
import { defineMessages, useMessages } from '../../i18n/i18n.js';
import { Empty, StatusBadge, TableScroll } from '../../ui/common.js';
import { statusLabel, statusWords } from '../../ui/status-words.js';
import { Facts, YesNo } from './parts.js';
import { vocabulary, word } from './vocabulary.js';

type AgentCompetenceMatrix = components['schemas']['AgentCompetenceMatrix'];
type CompetenceGap = components['schemas']['CompetenceGap'];

const words = defineMessages({
  en: {
    status: 'Status',
    inducted: 'Inducted',
    violations: 'Open violations',
    qa: 'QA this month',
    qaOf: (count: string, required: string) => `${count} of ${required}`,
    facts: 'The agent',
    centre: 'Centre',
    started: 'Started',
    left: 'Left',
    languages: 'Languages',
    languagesRequired: 'Languages the agreement asks',
    averageScore: 'Average QA score',
    criticalFails: 'Critical fails',
    matrix: 'Competence matrix',
    matrixCaption: 'Every course requirement, induction first, and whether it is met now.',
    requirement: 'Requirement',
    kind: 'Kind',
    category: 'Category',
    completed: 'Completed',
    validUntil: 'Valid until',
    induction: 'Induction',
    mandatory: 'Mandatory',
    never: 'Does not lapse',
    trainings: 'Training records',
    trainingsCaption: 'Every course record, oldest completion first.',
    course: 'Course',
    hours: 'Hours',
    passed: 'Passed',
    score: 'Score',
    noTrainings: 'No training recorded.',
    violationsTitle: 'Contacts handled without the competence',
    violationsCaption: 'Contacts the agent answered while lacking a requirement (P1-HR-INDUCTION), newest first.',
    contact: 'Contact',
    channel: 'Channel',
    queue: 'Queue',
    answered: 'Answered',
    gaps: 'What was lacking',
    cleared: 'Cleared',
    open: 'Open',
    noViolations: 'No contact handled without the competence.',
    qaHistory: 'Quality monitoring',
    qaCaption: 'QA evaluations per month, newest first.',
    month: 'Month',
    evaluations: 'Evaluations',
    noQa: 'No QA evaluation kept.',
    gapNotOnboarded: 'not onboarded',
    gapLanguage: (language: string) => `language ${language}`,
    gapLapsed: (requirement: string, when: string) => `${requirement}, lapsed ${when}`,
  },
  fr: {
    status: 'Statut',
    inducted: 'Formation initiale',
    violations: 'Manquements ouverts',
    qa: 'Évaluations qualité du mois',
    qaOf: (count: string, required: string) => `${count} sur ${required}`,
    facts: 'Le conseiller',
    centre: 'Centre',
    started: 'Arrivé le',
    left: 'Parti le',
    languages: 'Langues',
    languagesRequired: 'Langues demandées par le contrat',
    averageScore: 'Note qualité moyenne',
    criticalFails: 'Erreurs critiques',
    matrix: 'Matrice de compétences',
    matrixCaption: 'Chaque exigence de formation, la formation initiale d’abord, et si elle est satisfaite.',
    requirement: 'Exigence',
    kind: 'Type',
    category: 'Catégorie',
    completed: 'Suivie le',
    validUntil: 'Valable jusqu’au',
    induction: 'Formation initiale',
    mandatory: 'Obligatoire',
    never: 'N’expire pas',
    trainings: 'Formations suivies',
    trainingsCaption: 'Chaque formation enregistrée, de la plus ancienne à la plus récente.',
    course: 'Formation',
    hours: 'Heures',
    passed: 'Réussie',
    score: 'Note',
    noTrainings: 'Aucune formation enregistrée.',
    violationsTitle: 'Contacts traités sans la compétence',
    violationsCaption:
      'Contacts traités par le conseiller alors qu’il lui manquait une exigence (P1-HR-INDUCTION), du plus récent au plus ancien.',
    contact: 'Contact',
    channel: 'Canal',
    queue: 'File',
    answered: 'Répondu le',
    gaps: 'Ce qui manquait',
    cleared: 'Régularisé',
    open: 'Ouvert',
    noViolations: 'Aucun contact traité sans la compétence.',
    qaHistory: 'Suivi qualité',
    qaCaption: 'Évaluations qualité par mois, du plus récent au plus ancien.',
    month: 'Mois',
    evaluations: 'Évaluations',
    noQa: 'Aucune évaluation qualité conservée.',
    gapNotOnboarded: 'non intégré',
    gapLanguage: (language: string) => `langue ${language}`,
    gapLapsed: (requirement: string, when: string) => `${requirement}, expirée le ${when}`,
  },
});

/** One agent's competence matrix (ISO 18295-1 4.4): requirements, trainings, violations and QA, for GET agents/{agentId}. */
export function AgentMatrix(props: { agent: AgentCompetenceMatrix; timeZone: string }) {
  const w = useMessages(words);
  const s = useMessages(statusWords);
  const format = useFormat();
  const { agent: a } = props;
  const required = Object.entries(a.languagesRequired)
    .map(([channel, languages]) => `${channel}: ${languages.join(', ')}`)
    .join('; ');
  return (
    <>
      <h2>{w.facts}</h2>
      <Facts
        testId="agent-facts"
        items={[
          [w.status, <StatusBadge status={a.status} label={statusLabel(s, a.status)} />],
          [w.centre, a.centerId ?? '—'],
          [w.started, format.date(a.startedAt)],
          ...(a.leftAt ? [[w.left, format.date(a.leftAt)] as const] : []),
          [w.inducted, <YesNo value={a.inducted} />],
          [w.languages, a.languages.join(', ') || '—'],
          [w.languagesRequired, required || '—'],
          [w.violations, format.integer(a.openViolations)],
          [w.qa, `${w.qaOf(format.integer(a.qa.count), format.integer(a.qa.required))} (${a.qa.month})`],
          [w.averageScore, a.qa.averageScore === null ? '—' : format.integer(a.qa.averageScore)],
          [w.criticalFails, format.integer(a.qa.criticalFails)],
        ]}
      />
      <h2>{w.matrix}</h2>
      <TableScroll label={w.matrix}>
        <table data-testid="agent-matrix">
          <caption>{w.matrixCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{w.requirement}</th>
              <th scope="col">{w.kind}</th>
              <th scope="col">{w.category}</th>
              <th scope="col">{w.status}</th>
              <th scope="col">{w.completed}</th>
              <th scope="col">{w.validUntil}</th>
            </tr>
          </thead>
          <tbody>
            {a.requirements.map((requirement) => (
              <tr key={requirement.requirementId} data-status={requirement.status}>
                <th scope="row">{requirement.requirementId}</th>
                <td>{w[requirement.kind]}</td>
                <td>{requirement.category}</td>
                <td>
                  <StatusBadge status={requirement.status} label={statusLabel(s, requirement.status)} />
                </td>
                <td class="nowrap">{format.date(requirement.completedAt)}</td>
                <td class="nowrap">
                  {requirement.validUntil
                    ? format.date(requirement.validUntil)
                    : requirement.completedAt
                      ? w.never
                      : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <Trainings agent={a} />
      <Violations agent={a} timeZone={props.timeZone} />
      <QaHistory agent={a} />
    </>
  );
}

function Trainings(props: { agent: AgentCompetenceMatrix }) {
  const w = useMessages(words);
  const format = useFormat();
  const { trainings } = props.agent;
  return (
    <>
      <h2>{w.trainings}</h2>
      {trainings.length === 0 ? (
        <Empty>{w.noTrainings}</Empty>
      ) : (
        <TableScroll label={w.trainings}>
          <table data-testid="agent-trainings">
            <caption>{w.trainingsCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{w.course}</th>
                <th scope="col">{w.category}</th>
                <th scope="col">{w.completed}</th>
                <th scope="col">{w.validUntil}</th>
                <th scope="col" class="number">
                  {w.hours}
                </th>
                <th scope="col">{w.passed}</th>
                <th scope="col" class="number">
                  {w.score}
                </th>
              </tr>
            </thead>
            <tbody>
              {trainings.map((training) => (
                <tr key={training.trainingRecordId}>
                  <th scope="row">{training.courseId}</th>
                  <td>{training.category}</td>
                  <td class="nowrap">{format.date(training.completedAt)}</td>
                  <td class="nowrap">{training.validUntil ? format.date(training.validUntil) : w.never}</td>
                  <td class="number">{format.integer(training.hours)}</td>
                  <td>
                    <YesNo value={training.passed} />
                  </td>
                  <td class="number">{training.score === undefined ? '—' : format.integer(training.score)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}

function Violations(props: { agent: AgentCompetenceMatrix; timeZone: string }) {
  const w = useMessages(words);
  const v = useMessages(vocabulary);
  const format = useFormat();
  const { violations } = props.agent;
  const gap = (value: CompetenceGap) => {
    if (value.kind === 'not-onboarded') return w.gapNotOnboarded;
    if (value.kind === 'language') return w.gapLanguage(value.language ?? '?');
    const requirement = value.requirementId ?? value.kind;
    return value.expiredAt ? w.gapLapsed(requirement, format.date(value.expiredAt)) : requirement;
  };
  return (
    <>
      <h2>{w.violationsTitle}</h2>
      {violations.length === 0 ? (
        <Empty>{w.noViolations}</Empty>
      ) : (
        <TableScroll label={w.violationsTitle}>
          <table data-testid="agent-violations">
            <caption>{w.violationsCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{w.contact}</th>
                <th scope="col">{w.channel}</th>
                <th scope="col">{w.queue}</th>
                <th scope="col">{w.answered}</th>
                <th scope="col">{w.gaps}</th>
                <th scope="col">{w.status}</th>
              </tr>
            </thead>
            <tbody>
              {violations.map((violation) => (
                <tr key={violation.contactId}>
                  <th scope="row" class="mono">
                    {violation.contactId}
                  </th>
                  <td>{word(v, violation.channel)}</td>
                  <td>{violation.queue}</td>
                  <td class="nowrap">{format.dateTime(violation.answeredAt, props.timeZone)}</td>
                  <td>{violation.gaps.map(gap).join('; ')}</td>
                  <td>
                    {violation.status === 'open' ? (
                      <StatusBadge status="open" label={w.open} />
                    ) : (
                      <StatusBadge status="cleared" label={`${w.cleared} ${format.date(violation.clearedAt)}`} />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}

function QaHistory(props: { agent: AgentCompetenceMatrix }) {
  const w = useMessages(words);
  const format = useFormat();
  const { qaHistory } = props.agent;
  return (
    <>
      <h2>{w.qaHistory}</h2>
      {qaHistory.length === 0 ? (
        <Empty>{w.noQa}</Empty>
      ) : (
        <TableScroll label={w.qaHistory}>
          <table data-testid="agent-qa">
            <caption>{w.qaCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{w.month}</th>
                <th scope="col" class="number">
                  {w.evaluations}
                </th>
                <th scope="col" class="number">
                  {w.averageScore}
                </th>
              </tr>
            </thead>
            <tbody>
              {qaHistory.map((month) => (
                <tr key={month.month}>
                  <th scope="row">{format.month(month.month)}</th>
                  <td class="number">{format.integer(month.count)}</td>
                  <td class="number">{month.averageScore === null ? '—' : format.integer(month.averageScore)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}
