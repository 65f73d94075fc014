import { unwrap } from '../api/client.js';
import type { components } from '../api/schema.js';
import { useFormat } from '../i18n/format.js';
import { defineMessages, useMessages } from '../i18n/i18n.js';
import { Empty, Loaded, PageTitle, StatusBadge, TableScroll } from '../ui/common.js';
import { statusLabel, statusWords } from '../ui/status-words.js';
import { useApi } from '../ui/use-api.js';
import { viewHref } from './parts/parts.js';
import type { TenantViewProps } from './tenant-view.js';
import './views.css';

type Readiness = components['schemas']['Readiness'];

const words = defineMessages({
  en: {
    title: 'Certification readiness',
    subtitle: (today: string) => `Where the client organisation stands against ISO 18295-1, judged on ${today}.`,
    clauses: 'Clauses',
    clausesCaption: 'Each clause, whether it is ready for a certification audit, its controls and what is missing.',
    clause: 'Clause',
    readiness: 'Readiness',
    controls: 'Controls',
    evidence: 'Evidence',
    gaps: 'Gaps',
    noGaps: 'None',
    evidenceText: (documents: string, audits: string, open: string) =>
      `${documents} documents · ${audits} audits · ${open} open nonconformities`,
    lastAudited: (when: string) => `last audited ${when}`,
    disabled: 'Switched off',
    missing: 'Missing before a certification audit',
    missingCaption: 'The gap analysis: what an auditor would ask for and does not exist yet.',
    kind: 'Kind',
    ref: 'About',
    description: 'What is missing',
    noMissing: 'Nothing is missing.',
    path: 'Certification path',
    next: 'Next',
    current: 'current step',
    certified: (on: string, surveillance: string, recertification: string) =>
      `Certified on ${on}; next surveillance audit by ${surveillance}; recertification by ${recertification}.`,
    notCertified: 'Not certified yet.',
    dueOn: (when: string) => `due by ${when}`,
    document: 'Document',
    'internal-audit': 'Internal audit',
    'management-review': 'Management review',
    control: 'Control',
    nonconformity: 'Nonconformity',
    ledger: 'Evidence ledger',
  },
  fr: {
    title: 'Préparation à la certification',
    subtitle: (today: string) => `Où en est l’organisation cliente au regard de l’ISO 18295-1, au ${today}.`,
    clauses: 'Articles',
    clausesCaption:
      'Chaque article, s’il est prêt pour un audit de certification, ses contrôles et ce qui manque encore.',
    clause: 'Article',
    readiness: 'Préparation',
    controls: 'Contrôles',
    evidence: 'Preuves',
    gaps: 'Écarts',
    noGaps: 'Aucun',
    evidenceText: (documents: string, audits: string, open: string) =>
      `${documents} documents · ${audits} audits · ${open} non-conformités ouvertes`,
    lastAudited: (when: string) => `dernier audit le ${when}`,
    disabled: 'Désactivé',
    missing: 'Manques avant un audit de certification',
    missingCaption: 'L’analyse des écarts : ce qu’un auditeur demanderait et qui n’existe pas encore.',
    kind: 'Type',
    ref: 'Objet',
    description: 'Ce qui manque',
    noMissing: 'Rien ne manque.',
    path: 'Parcours de certification',
    next: 'Prochaine étape',
    current: 'étape en cours',
    certified: (on: string, surveillance: string, recertification: string) =>
      `Certifiée le ${on} ; prochain audit de surveillance avant le ${surveillance} ; renouvellement avant le ${recertification}.`,
    notCertified: 'Pas encore certifiée.',
    dueOn: (when: string) => `avant le ${when}`,
    document: 'Document',
    'internal-audit': 'Audit interne',
    'management-review': 'Revue de direction',
    control: 'Contrôle',
    nonconformity: 'Non-conformité',
    ledger: 'Registre de preuves',
  },
});

/** `/app/tenants/:tenantId/readiness`: readiness per clause, the gap analysis and the certification path. */
export function ReadinessView(props: TenantViewProps) {
  const w = useMessages(words);
  const format = useFormat();
  const { tenantId } = props;
  const readiness = useApi(
    (api) => unwrap(api.GET('/v1/tenants/{tenantId}/readiness', { params: { path: { tenantId } } })),
    [tenantId],
  );
  return (
    <section>
      <PageTitle
        title={w.title}
        subtitle={readiness.state === 'ready' ? w.subtitle(format.date(readiness.data.today)) : undefined}
      />
      <Loaded value={readiness}>
        {(data) => (
          <>
            <CertificationPath readiness={data} />
            <Clauses readiness={data} tenantId={tenantId} />
            <Missing readiness={data} />
          </>
        )}
      </Loaded>
    </section>
  );
}

function Clauses(props: { readiness: Readiness; tenantId: string }) {
  const w = useMessages(words);
  const s = useMessages(statusWords);
  const format = useFormat();
  return (
    <section aria-labelledby="clauses-title">
      <h2 id="clauses-title">{w.clauses}</h2>
      <TableScroll label={w.clauses}>
        <table data-testid="readiness-table">
          <caption>{w.clausesCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{w.clause}</th>
              <th scope="col">{w.readiness}</th>
              <th scope="col">{w.controls}</th>
              <th scope="col">{w.evidence}</th>
              <th scope="col">{w.gaps}</th>
            </tr>
          </thead>
          <tbody>
            {props.readiness.clauses.map((clause) => (
              <tr key={clause.clause} data-clause={clause.clause} data-readiness={clause.readiness}>
                <th scope="row">
                  <span class="control-id">{clause.clause}</span>
                  <span class="control-clause">{clause.title}</span>
                </th>
                <td>
                  <StatusBadge status={clause.readiness} label={statusLabel(s, clause.readiness)} />
                </td>
                <td>
                  {clause.controls.length === 0 ? (
                    '—'
                  ) : (
                    <ul class="plain">
                      {clause.controls.map((control) => (
                        <li key={control.controlId}>
                          <a href={viewHref(props.tenantId, 'controls', control.controlId)} title={control.requirement}>
                            {control.controlId}
                          </a>{' '}
                          <StatusBadge
                            status={control.status}
                            label={control.status === 'disabled' ? w.disabled : statusLabel(s, control.status)}
                          />
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td>
                  {w.evidenceText(
                    format.integer(clause.evidence.documents),
                    format.integer(clause.evidence.audits),
                    format.integer(clause.evidence.openNonconformities),
                  )}
                  {clause.evidence.lastAuditedOn && (
                    <span class="field-hint"> ({w.lastAudited(format.date(clause.evidence.lastAuditedOn))})</span>
                  )}
                </td>
                <td>
                  {clause.gaps.length === 0 ? (
                    w.noGaps
                  ) : (
                    <ul class="link-list">
                      {clause.gaps.map((gap) => (
                        <li key={gap}>{gap}</li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}

function Missing(props: { readiness: Readiness }) {
  const w = useMessages(words);
  const { missing } = props.readiness;
  return (
    <section aria-labelledby="missing-title">
      <h2 id="missing-title">{w.missing}</h2>
      {missing.length === 0 ? (
        <Empty>{w.noMissing}</Empty>
      ) : (
        <TableScroll label={w.missing}>
          <table data-testid="readiness-missing">
            <caption>{w.missingCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{w.description}</th>
                <th scope="col">{w.kind}</th>
                <th scope="col">{w.ref}</th>
              </tr>
            </thead>
            <tbody>
              {missing.map((item) => (
                <tr key={`${item.kind}-${item.ref}`}>
                  <th scope="row">{item.description}</th>
                  <td>{w[item.kind]}</td>
                  <td>{item.ref}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}

function CertificationPath(props: { readiness: Readiness }) {
  const w = useMessages(words);
  const s = useMessages(statusWords);
  const format = useFormat();
  const { path } = props.readiness;
  return (
    <section aria-labelledby="path-title">
      <h2 id="path-title">{w.path}</h2>
      <p data-testid="certification-status">
        {path.certification
          ? w.certified(
              format.date(path.certification.certifiedOn),
              format.date(path.certification.nextSurveillanceDue),
              format.date(path.certification.recertificationDue),
            )
          : w.notCertified}
      </p>
      <p class="notice" data-testid="certification-next">
        <strong>{w.next}:</strong> {path.next}
      </p>
      <ol class="steps" data-testid="certification-path">
        {path.steps.map((step) => (
          <li key={step.key} aria-current={step.step === path.current ? 'step' : undefined} data-status={step.status}>
            {step.title} <StatusBadge status={step.status} label={statusLabel(s, step.status)} />
            {step.step === path.current && <span class="visually-hidden"> ({w.current})</span>}
            {step.dueOn && <span class="field-hint"> {w.dueOn(format.date(step.dueOn))}</span>}
            <span class="evidence">{step.evidence}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
