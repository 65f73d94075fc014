import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { unwrap } from '../api/client.js';
import type { components } from '../api/schema.js';
import { may } from '../auth/principal.js';
import { useFormat } from '../i18n/format.js';
import { defineMessages, useMessages } from '../i18n/i18n.js';
import { useApp } from '../ui/app-context.js';
import { Empty, Field, Loaded, PageTitle, StatusBadge, TableScroll } from '../ui/common.js';
import { statusLabel, statusWords } from '../ui/status-words.js';
import { useApi } from '../ui/use-api.js';
import { AccessLogTable } from './parts/access-log-table.js';
import { daysBefore } from './parts/dates.js';
import { usePaged } from './parts/paged.js';
import { Facts, MoreButton, YesNo } from './parts/parts.js';
import type { TenantViewProps } from './tenant-view.js';
import './views.css';

type Recording = components['schemas']['Recording'];

const words = defineMessages({
  en: {
    title: 'Data protection',
    subtitle: 'Erasure requests and who listened to which recording (GDPR Art. 17 and 30).',
    erasures: 'Erasure requests',
    erasuresCaption: 'Requests to erase a data subject, newest received first.',
    request: 'Request',
    customer: 'Customer (pseudonymous)',
    received: 'Received',
    dueBy: 'Due by',
    status: 'Status',
    onTime: 'On time',
    deleted: 'Recordings deleted',
    held: 'Recordings held',
    anonymised: 'Contacts anonymised',
    noErasures: 'No erasure request.',
    accesses: 'Recording accesses (last 30 days)',
    accessesCaption: 'Every access to any recording of the client organisation in the last 30 days, newest first.',
    noAccesses: 'No recording was accessed in the last 30 days.',
    lookup: 'Look up a recording',
    contactId: 'Contact id',
    find: 'Look up',
    recording: (contactId: string) => `Recording of contact ${contactId}`,
    format: 'Format',
    duration: 'Duration',
    recorded: 'Recorded',
    stored: 'Stored',
    retention: 'Retention',
    retentionValue: (cls: string, days: string, origin: string) => `${cls}, ${days} days (${origin})`,
    deleteAfter: 'Deleted after',
    legalHold: 'Legal hold',
    holdValue: (reason: string, by: string, when: string) => `${reason} (${by}, ${when})`,
    state: 'State',
    storedState: 'Stored',
    deletedState: (reason: string, when: string) => `Deleted (${reason}) ${when}`,
    sha256: 'SHA-256',
    size: 'Size',
    bytes: (bytes: string) => `${bytes} bytes`,
    accessLog: 'Access log of this recording',
    accessLogCaption: 'Every access to this recording, newest first.',
    noAccess: 'Nobody has accessed this recording.',
    seconds: (value: string) => `${value} s`,
  },
  fr: {
    title: 'Protection des données',
    subtitle: 'Les demandes d’effacement et qui a écouté quel enregistrement (RGPD art. 17 et 30).',
    erasures: 'Demandes d’effacement',
    erasuresCaption: 'Les demandes d’effacement d’une personne concernée, de la plus récente à la plus ancienne.',
    request: 'Demande',
    customer: 'Client (pseudonyme)',
    received: 'Reçue le',
    dueBy: 'Échéance',
    status: 'État',
    onTime: 'Dans les délais',
    deleted: 'Enregistrements supprimés',
    held: 'Enregistrements conservés',
    anonymised: 'Contacts anonymisés',
    noErasures: 'Aucune demande d’effacement.',
    accesses: 'Accès aux enregistrements (30 derniers jours)',
    accessesCaption:
      'Chaque accès à un enregistrement de l’organisation cliente sur les 30 derniers jours, du plus récent au plus ancien.',
    noAccesses: 'Aucun enregistrement n’a été consulté ces 30 derniers jours.',
    lookup: 'Rechercher un enregistrement',
    contactId: 'Identifiant du contact',
    find: 'Rechercher',
    recording: (contactId: string) => `Enregistrement du contact ${contactId}`,
    format: 'Format',
    duration: 'Durée',
    recorded: 'Enregistré le',
    stored: 'Stocké le',
    retention: 'Conservation',
    retentionValue: (cls: string, days: string, origin: string) => `${cls}, ${days} jours (${origin})`,
    deleteAfter: 'Supprimé après le',
    legalHold: 'Conservation légale',
    holdValue: (reason: string, by: string, when: string) => `${reason} (${by}, ${when})`,
    state: 'État',
    storedState: 'Stocké',
    deletedState: (reason: string, when: string) => `Supprimé (${reason}) le ${when}`,
    sha256: 'SHA-256',
    size: 'Taille',
    bytes: (bytes: string) => `${bytes} octets`,
    accessLog: 'Journal des accès à cet enregistrement',
    accessLogCaption: 'Chaque accès à cet enregistrement, du plus récent au plus ancien.',
    noAccess: 'Personne n’a consulté cet enregistrement.',
    seconds: (value: string) => `${value} s`,
  },
});

const PAGE = 50;

/**
 * `/app/tenants/:tenantId/privacy`: the DPO's erasure requests, recording accesses and a recording lookup; each
 * section only for a role its route admits (the auditor reads them too).
 */
export function PrivacyView(props: TenantViewProps) {
  const w = useMessages(words);
  const { principal } = useApp();
  return (
    <section>
      <PageTitle title={w.title} subtitle={w.subtitle} />
      {may(principal, 'GET /v1/tenants/{tenantId}/erasure-requests') && <ErasureRequests {...props} />}
      {may(principal, 'GET /v1/tenants/{tenantId}/recording-access-log') && <RecentAccesses {...props} />}
      {may(principal, 'GET /v1/tenants/{tenantId}/recordings/{contactId}') && <RecordingLookup {...props} />}
    </section>
  );
}

function ErasureRequests(props: TenantViewProps) {
  const w = useMessages(words);
  const s = useMessages(statusWords);
  const format = useFormat();
  const { tenantId, timeZone } = props;
  const requests = usePaged(
    async (api, cursor) => {
      const page = await unwrap(
        api.GET('/v1/tenants/{tenantId}/erasure-requests', {
          params: { path: { tenantId }, query: { limit: PAGE, ...(cursor ? { cursor } : {}) } },
        }),
      );
      return { items: page.requests, nextCursor: page.nextCursor };
    },
    [tenantId],
  );
  return (
    <section aria-labelledby="erasures-title">
      <h2 id="erasures-title">{w.erasures}</h2>
      <Loaded value={requests}>
        {(items) =>
          items.length === 0 ? (
            <Empty>{w.noErasures}</Empty>
          ) : (
            <TableScroll label={w.erasures}>
              <table data-testid="privacy-table">
                <caption>{w.erasuresCaption}</caption>
                <thead>
                  <tr>
                    <th scope="col">{w.request}</th>
                    <th scope="col">{w.customer}</th>
                    <th scope="col">{w.received}</th>
                    <th scope="col">{w.dueBy}</th>
                    <th scope="col">{w.status}</th>
                    <th scope="col">{w.onTime}</th>
                    <th scope="col" class="number">
                      {w.deleted}
                    </th>
                    <th scope="col" class="number">
                      {w.held}
                    </th>
                    <th scope="col" class="number">
                      {w.anonymised}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((request) => (
                    <tr key={request.requestId} data-status={request.status}>
                      <th scope="row" class="mono">
                        {request.requestId}
                      </th>
                      <td class="mono">{request.customerRef}</td>
                      <td class="nowrap">{format.dateTime(request.receivedAt, timeZone)}</td>
                      <td class="nowrap">{format.dateTime(request.dueBy, timeZone)}</td>
                      <td>
                        <StatusBadge status={request.status} label={statusLabel(s, request.status)} />
                      </td>
                      <td>
                        <YesNo value={request.onTime} />
                      </td>
                      <td class="number">{format.integer(request.recordingsDeleted.length)}</td>
                      <td class="number">{format.integer(request.recordingsHeld.length)}</td>
                      <td class="number">{format.integer(request.contactsAnonymised)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )
        }
      </Loaded>
      {requests.state === 'ready' && <MoreButton paged={requests} count={requests.data.length} />}
    </section>
  );
}

function RecentAccesses(props: TenantViewProps) {
  const w = useMessages(words);
  const { tenantId } = props;
  const accesses = usePaged(
    async (api, cursor) => {
      const to = new Date();
      const page = await unwrap(
        api.GET('/v1/tenants/{tenantId}/recording-access-log', {
          params: {
            path: { tenantId },
            query: {
              from: daysBefore(to, 30).toISOString(),
              to: to.toISOString(),
              limit: PAGE,
              ...(cursor ? { cursor } : {}),
            },
          },
        }),
      );
      return { items: page.accesses, nextCursor: page.nextCursor };
    },
    [tenantId],
  );
  return (
    <section aria-labelledby="accesses-title">
      <h2 id="accesses-title">{w.accesses}</h2>
      <Loaded value={accesses}>
        {(items) =>
          items.length === 0 && !accesses.hasMore ? (
            <Empty>{w.noAccesses}</Empty>
          ) : (
            <AccessLogTable
              accesses={items}
              caption={w.accessesCaption}
              timeZone={props.timeZone}
              showContact
              testId="recording-accesses-table"
            />
          )
        }
      </Loaded>
      {accesses.state === 'ready' && <MoreButton paged={accesses} count={accesses.data.length} />}
    </section>
  );
}

function RecordingLookup(props: TenantViewProps) {
  const w = useMessages(words);
  const { path, query, route } = useLocation();
  const contactId = query.contact?.trim() ?? '';
  const [draft, setDraft] = useState(contactId);
  return (
    <section aria-labelledby="lookup-title">
      <h2 id="lookup-title">{w.lookup}</h2>
      <form
        class="toolbar"
        data-testid="recording-lookup"
        onSubmit={(event) => {
          event.preventDefault();
          const next = draft.trim();
          route(next === '' ? path : `${path}?${new URLSearchParams({ ...query, contact: next }).toString()}`);
        }}
      >
        <Field label={w.contactId}>
          <input required value={draft} onInput={(event) => setDraft(event.currentTarget.value)} />
        </Field>
        <div>
          <button type="submit">{w.find}</button>
        </div>
      </form>
      <div aria-live="polite">{contactId !== '' && <RecordingFound {...props} contactId={contactId} />}</div>
    </section>
  );
}

function RecordingFound(props: TenantViewProps & { contactId: string }) {
  const w = useMessages(words);
  const { principal } = useApp();
  const { tenantId, contactId, timeZone } = props;
  const recording = useApi(
    (api) =>
      unwrap(api.GET('/v1/tenants/{tenantId}/recordings/{contactId}', { params: { path: { tenantId, contactId } } })),
    [tenantId, contactId],
  );
  return (
    <>
      <h3>{w.recording(contactId)}</h3>
      <Loaded value={recording}>{(data) => <RecordingFacts recording={data} timeZone={timeZone} />}</Loaded>
      {may(principal, 'GET /v1/tenants/{tenantId}/recordings/{contactId}/access-log') && (
        <RecordingAccessLog {...props} />
      )}
    </>
  );
}

function RecordingFacts(props: { recording: Recording; timeZone: string }) {
  const w = useMessages(words);
  const format = useFormat();
  const { recording: r, timeZone } = props;
  return (
    <Facts
      testId="recording-facts"
      items={[
        [
          w.state,
          r.deleted ? w.deletedState(r.deleted.reason, format.dateTime(r.deleted.at, timeZone)) : w.storedState,
        ],
        [w.format, `${r.format} (${r.contentType})`],
        [w.duration, w.seconds(format.integer(r.durationSeconds))],
        [w.size, w.bytes(format.integer(r.sizeBytes))],
        [w.recorded, format.dateTime(r.recordedAt, timeZone)],
        [w.stored, format.dateTime(r.storedAt, timeZone)],
        [w.retention, w.retentionValue(r.retentionClass, format.integer(r.retentionDays), r.retentionOrigin)],
        [w.deleteAfter, format.dateTime(r.deleteAfter, timeZone)],
        [
          w.legalHold,
          r.hold ? (
            w.holdValue(r.hold.reason, r.hold.by, format.dateTime(r.hold.at, timeZone))
          ) : (
            <YesNo value={r.legalHold} />
          ),
        ],
        [w.customer, r.customerRef ?? '—'],
        [w.sha256, <span class="mono">{r.sha256}</span>],
      ]}
    />
  );
}

function RecordingAccessLog(props: TenantViewProps & { contactId: string }) {
  const w = useMessages(words);
  const { tenantId, contactId } = props;
  const log = usePaged(
    async (api, cursor) => {
      const page = await unwrap(
        api.GET('/v1/tenants/{tenantId}/recordings/{contactId}/access-log', {
          params: { path: { tenantId, contactId }, query: { limit: PAGE, ...(cursor ? { cursor } : {}) } },
        }),
      );
      return { items: page.accesses, nextCursor: page.nextCursor };
    },
    [tenantId, contactId],
  );
  return (
    <>
      <h3>{w.accessLog}</h3>
      <Loaded value={log}>
        {(items) =>
          items.length === 0 ? (
            <Empty>{w.noAccess}</Empty>
          ) : (
            <AccessLogTable
              accesses={items}
              caption={w.accessLogCaption}
              timeZone={props.timeZone}
              testId="recording-access-log-table"
            />
          )
        }
      </Loaded>
      {log.state === 'ready' && <MoreButton paged={log} count={log.data.length} />}
    </>
  );
}
