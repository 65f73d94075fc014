import type { components } from '../../api/schema.js';
import { useFormat } from '../../i18n/format.js';
import { defineMessages, useMessages } from '../../i18n/i18n.js';
import { StatusBadge, TableScroll } from '../../ui/common.js';

type RecordingAccessEntry = components['schemas']['RecordingAccessEntry'];

const words = defineMessages({
  en: {
    at: 'When',
    contact: 'Contact',
    actor: 'Who',
    role: 'Role',
    purpose: 'Purpose',
    note: 'Justification',
    unusual: 'Unusual',
    ledger: 'Ledger entry',
    bulk: 'Bulk',
    'out-of-hours': 'Out of hours',
    usual: 'No',
    'quality-review': 'Quality review',
    training: 'Training',
    'complaint-investigation': 'Complaint investigation',
    dispute: 'Dispute',
    legal: 'Legal',
    'data-subject-request': 'Data subject request',
    other: 'Other',
  },
  fr: {
    at: 'Quand',
    contact: 'Contact',
    actor: 'Qui',
    role: 'Rôle',
    purpose: 'Finalité',
    note: 'Justification',
    unusual: 'Inhabituel',
    ledger: 'Entrée du registre',
    bulk: 'En masse',
    'out-of-hours': 'Hors horaires',
    usual: 'Non',
    'quality-review': 'Contrôle qualité',
    training: 'Formation',
    'complaint-investigation': 'Instruction d’une réclamation',
    dispute: 'Litige',
    legal: 'Juridique',
    'data-subject-request': 'Demande de la personne concernée',
    other: 'Autre',
  },
});

/** Accesses to recordings, newest first, unusual ones flagged in words (DP-REC-ACCESS), for the DPO and auditor. */
export function AccessLogTable(props: {
  accesses: readonly RecordingAccessEntry[];
  caption: string;
  timeZone: string;
  showContact?: boolean;
  testId: string;
}) {
  const w = useMessages(words);
  const format = useFormat();
  const label = (key: string) => {
    const found = (w as Record<string, unknown>)[key];
    return typeof found === 'string' ? found : key;
  };
  return (
    <TableScroll label={props.caption}>
      <table data-testid={props.testId}>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{w.at}</th>
            {props.showContact && <th scope="col">{w.contact}</th>}
            <th scope="col">{w.actor}</th>
            <th scope="col">{w.role}</th>
            <th scope="col">{w.purpose}</th>
            <th scope="col">{w.note}</th>
            <th scope="col">{w.unusual}</th>
            <th scope="col" class="number">
              {w.ledger}
            </th>
          </tr>
        </thead>
        <tbody>
          {props.accesses.map((access) => (
            <tr key={access.accessId} data-unusual={access.unusual.join(' ') || undefined}>
              <th scope="row" class="nowrap">
                <time dateTime={access.at}>{format.dateTime(access.at, props.timeZone)}</time>
              </th>
              {props.showContact && <td class="mono nowrap">{access.contactId}</td>}
              <td class="mono nowrap">{access.actor}</td>
              <td>{access.role}</td>
              <td>{label(access.purpose)}</td>
              <td>{access.note ?? '—'}</td>
              <td>
                {access.unusual.length === 0
                  ? w.usual
                  : access.unusual.map((flag) => <StatusBadge key={flag} status="unusual" label={label(flag)} />)}
              </td>
              <td class="number">{access.ledgerSequence}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
