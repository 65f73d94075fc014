import { useState } from 'preact/hooks';
import { unwrap } from '../api/client.js';
import type { components } from '../api/schema.js';
import { may } from '../auth/principal.js';
import { useFormat } from '../i18n/format.js';
import { defineMessages, useMessages } from '../i18n/i18n.js';
import { useApp } from '../ui/app-context.js';
import { Empty, Loaded, PageTitle, StatusBadge, TableScroll } from '../ui/common.js';
import { statusLabel, statusWords } from '../ui/status-words.js';
import type { Loadable } from '../ui/use-api.js';
import { usePaged } from './parts/paged.js';
import { MoreButton } from './parts/parts.js';
import { ProduceReportForm } from './parts/produce-report-form.js';
import type { TenantViewProps } from './tenant-view.js';
import './views.css';

type MonthlyReport = components['schemas']['MonthlyReport'];

const words = defineMessages({
  en: {
    title: 'Monthly reports',
    subtitle: 'The archived monthly compliance reports and to whom they were sent.',
    caption: 'Every month reported, newest first.',
    month: 'Month',
    version: 'Version',
    language: 'Language',
    generated: 'Generated',
    state: 'State',
    recipients: 'Recipients',
    delivered: 'Delivered',
    failed: 'Failed',
    download: 'Download',
    downloadMonth: (month: string) => `Download the report of ${month}`,
    none: 'No report yet.',
    opening: (month: string) => `Fetching the links of ${month}…`,
    files: (month: string, version: number) => `The report of ${month} (version ${version})`,
    expires: (when: string) => `These links work for five minutes, until ${when}. Fetch them again afterwards.`,
    file: 'File',
    deliveries: 'Deliveries',
    deliveriesCaption: 'Each recipient and what the mail service answered.',
    recipient: 'Recipient',
    status: 'Status',
    attempts: 'Attempts',
    at: 'At',
    reason: 'Reason',
    permanent: 'permanent',
    noDeliveries: 'It was sent to nobody.',
    en: 'English',
    fr: 'French',
    pdf: 'PDF',
    html: 'Web page',
    csv: 'CSV data',
    json: 'JSON data',
    image: 'Chart',
  },
  fr: {
    title: 'Rapports mensuels',
    subtitle: 'Les rapports mensuels de conformité archivés et leurs destinataires.',
    caption: 'Chaque mois publié, du plus récent au plus ancien.',
    month: 'Mois',
    version: 'Version',
    language: 'Langue',
    generated: 'Produit le',
    state: 'État',
    recipients: 'Destinataires',
    delivered: 'Remis',
    failed: 'Échecs',
    download: 'Télécharger',
    downloadMonth: (month: string) => `Télécharger le rapport de ${month}`,
    none: 'Aucun rapport pour l’instant.',
    opening: (month: string) => `Obtention des liens de ${month}…`,
    files: (month: string, version: number) => `Le rapport de ${month} (version ${version})`,
    expires: (when: string) => `Ces liens fonctionnent cinq minutes, jusqu’à ${when}. Demandez-les à nouveau ensuite.`,
    file: 'Fichier',
    deliveries: 'Envois',
    deliveriesCaption: 'Chaque destinataire et la réponse du service de messagerie.',
    recipient: 'Destinataire',
    status: 'État',
    attempts: 'Tentatives',
    at: 'Le',
    reason: 'Motif',
    permanent: 'définitif',
    noDeliveries: 'Il n’a été envoyé à personne.',
    en: 'Anglais',
    fr: 'Français',
    pdf: 'PDF',
    html: 'Page web',
    csv: 'Données CSV',
    json: 'Données JSON',
    image: 'Graphique',
  },
});

const PAGE = 24;

/** What a file is, in words, from its content type. */
function fileKind(contentType: string): 'pdf' | 'html' | 'csv' | 'json' | 'image' | undefined {
  if (contentType.includes('pdf')) return 'pdf';
  if (contentType.includes('html')) return 'html';
  if (contentType.includes('csv')) return 'csv';
  if (contentType.includes('json')) return 'json';
  if (contentType.startsWith('image/')) return 'image';
  return undefined;
}

/** `/app/tenants/:tenantId/reports`: the monthly reports; "Download" fetches a report's five-minute links. */
export function ReportsView(props: TenantViewProps) {
  const w = useMessages(words);
  const s = useMessages(statusWords);
  const format = useFormat();
  const { api, principal } = useApp();
  const { tenantId, timeZone } = props;
  const [opened, setOpened] = useState<{ month: string; report: Loadable<MonthlyReport> } | undefined>(undefined);
  const reports = usePaged(
    async (client, cursor) => {
      const page = await unwrap(
        client.GET('/v1/tenants/{tenantId}/reports', {
          params: { path: { tenantId }, query: { limit: PAGE, ...(cursor ? { cursor } : {}) } },
        }),
      );
      return { items: page.reports, nextCursor: page.nextCursor };
    },
    [tenantId],
  );
  const open = (month: string) => {
    setOpened({ month, report: { state: 'loading' } });
    unwrap(api.GET('/v1/tenants/{tenantId}/reports/{month}', { params: { path: { tenantId, month } } })).then(
      (report) => setOpened({ month, report: { state: 'ready', data: report } }),
      (error: unknown) =>
        setOpened({
          month,
          report: { state: 'error', error: error instanceof Error ? error : new Error(String(error)) },
        }),
    );
  };
  return (
    <section>
      <PageTitle title={w.title} subtitle={w.subtitle} />
      <Loaded value={reports}>
        {(items) =>
          items.length === 0 ? (
            <Empty>{w.none}</Empty>
          ) : (
            <TableScroll label={w.title}>
              <table data-testid="reports-table">
                <caption>{w.caption}</caption>
                <thead>
                  <tr>
                    <th scope="col">{w.month}</th>
                    <th scope="col" class="number">
                      {w.version}
                    </th>
                    <th scope="col">{w.language}</th>
                    <th scope="col">{w.generated}</th>
                    <th scope="col">{w.state}</th>
                    <th scope="col" class="number">
                      {w.recipients}
                    </th>
                    <th scope="col" class="number">
                      {w.delivered}
                    </th>
                    <th scope="col" class="number">
                      {w.failed}
                    </th>
                    <th scope="col">
                      <span class="visually-hidden">{w.download}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((report) => (
                    <tr key={report.month} data-month={report.month}>
                      <th scope="row" class="nowrap">
                        {format.month(report.month)}
                      </th>
                      <td class="number">{report.version}</td>
                      <td>{w[report.language]}</td>
                      <td class="nowrap">{format.dateTime(report.generatedAt, timeZone)}</td>
                      <td>
                        <StatusBadge status={report.state} label={statusLabel(s, report.state)} />
                      </td>
                      <td class="number">{format.integer(report.recipients)}</td>
                      <td class="number" data-testid="report-delivered">
                        {format.integer(report.delivered)}
                      </td>
                      <td class="number">{format.integer(report.failed)}</td>
                      <td>
                        <button
                          type="button"
                          class="secondary"
                          aria-label={w.downloadMonth(format.month(report.month))}
                          disabled={report.state !== 'archived'}
                          onClick={() => open(report.month)}
                        >
                          {w.download}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )
        }
      </Loaded>
      {reports.state === 'ready' && <MoreButton paged={reports} count={reports.data.length} />}
      {may(principal, 'POST /v1/tenants/{tenantId}/reports/{month}') && (
        <ProduceReportForm
          tenantId={tenantId}
          timeZone={timeZone}
          onProduced={(report) => {
            setOpened({ month: report.month, report: { state: 'ready', data: report } });
            reports.reload();
          }}
        />
      )}
      <div aria-live="polite" data-testid="report-opened">
        {opened && opened.report.state === 'loading' && <p class="loading">{w.opening(format.month(opened.month))}</p>}
        {opened && opened.report.state !== 'loading' && (
          <Loaded value={opened.report}>{(report) => <ReportFiles report={report} timeZone={timeZone} />}</Loaded>
        )}
      </div>
    </section>
  );
}

function ReportFiles(props: { report: MonthlyReport; timeZone: string }) {
  const w = useMessages(words);
  const s = useMessages(statusWords);
  const format = useFormat();
  const { report, timeZone } = props;
  const expiresAt = report.links.map((link) => link.expiresAt).sort()[0];
  return (
    <section aria-labelledby="report-files-title" class="result">
      <h2 id="report-files-title">{w.files(format.month(report.month), report.version)}</h2>
      <p class="hint">{w.expires(format.dateTime(expiresAt, timeZone))}</p>
      <ul class="link-list" data-testid="report-links">
        {report.links.map((link) => {
          const kind = fileKind(link.contentType);
          return (
            <li key={link.path}>
              <a href={link.url} download={link.path.split('/').pop()}>
                {link.path}
              </a>{' '}
              {kind && <span class="field-hint">({w[kind]})</span>}
            </li>
          );
        })}
      </ul>
      <h3>{w.deliveries}</h3>
      {report.deliveries.length === 0 ? (
        <Empty>{w.noDeliveries}</Empty>
      ) : (
        <TableScroll label={w.deliveries}>
          <table data-testid="report-deliveries">
            <caption>{w.deliveriesCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{w.recipient}</th>
                <th scope="col">{w.language}</th>
                <th scope="col">{w.status}</th>
                <th scope="col" class="number">
                  {w.attempts}
                </th>
                <th scope="col">{w.at}</th>
                <th scope="col">{w.reason}</th>
              </tr>
            </thead>
            <tbody>
              {report.deliveries.map((delivery) => (
                <tr key={delivery.recipientHash}>
                  <th scope="row" class={delivery.email ? undefined : 'mono'}>
                    {delivery.email ?? `${delivery.recipientHash.slice(0, 12)}…`}
                  </th>
                  <td>{w[delivery.language]}</td>
                  <td>
                    <StatusBadge status={delivery.status} label={statusLabel(s, delivery.status)} />
                  </td>
                  <td class="number">{format.integer(delivery.attempts)}</td>
                  <td class="nowrap">{format.dateTime(delivery.at, timeZone)}</td>
                  <td>
                    {delivery.reason ?? '—'}
                    {delivery.permanent && <span class="field-hint"> ({w.permanent})</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}
