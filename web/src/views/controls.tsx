import { unwrap } from '../api/client.js';
import type { components } from '../api/schema.js';
import { useFormat } from '../i18n/format.js';
import { defineMessages, useMessages } from '../i18n/i18n.js';
import { Empty, Loaded, PageTitle, StatusBadge, TableScroll } from '../ui/common.js';
import { statusLabel, statusWords } from '../ui/status-words.js';
import { useApi } from '../ui/use-api.js';
import { daysBefore } from './parts/dates.js';
import { usePaged } from './parts/paged.js';
import { BackLink, Facts, MoreButton, viewHref } from './parts/parts.js';
import type { TenantViewProps } from './tenant-view.js';
import './views.css';

type ControlState = components['schemas']['ControlState'];
type ControlDetailValue = components['schemas']['ControlDetailValue'];
type Transition = components['schemas']['ControlHistoryEntry'];

const words = defineMessages({
  en: {
    title: 'Controls',
    subtitle: 'Every control of ISO 18295 and the GDPR as last evaluated, and why.',
    caption: 'The controls, their requirement and their state.',
    control: 'Control',
    clause: 'Clause',
    source: 'Source',
    requirement: 'Requirement',
    cadence: 'Evaluated',
    severity: 'Grade of a breach',
    status: 'Status',
    since: 'Since',
    disabled: 'Switched off',
    disabledBy: (reason: string) => `Switched off by the agreement: ${reason}`,
    hourly: 'hourly',
    daily: 'daily',
    recent: 'Transitions in the last 30 days',
    recentCaption: 'Every change of state of any control in the last 30 days, newest first.',
    from: 'From',
    to: 'To',
    at: 'At',
    nonconformity: 'Nonconformity',
    noTransitions: 'No control changed state in the last 30 days.',
    detail: 'The figures behind it',
    noDetail: 'No figures recorded yet.',
    history: 'History',
    historyCaption: 'Its transitions, newest first.',
    noHistory: 'It has not changed state yet.',
    ledger: 'Ledger entry',
    facts: 'The control',
    detailTitle: (controlId: string) => `Control ${controlId}`,
  },
  fr: {
    title: 'Contrôles',
    subtitle: 'Chaque contrôle ISO 18295 et RGPD à sa dernière évaluation, et pourquoi.',
    caption: 'Les contrôles, leur exigence et leur état.',
    control: 'Contrôle',
    clause: 'Article',
    source: 'Source',
    requirement: 'Exigence',
    cadence: 'Évalué',
    severity: 'Gravité d’un écart',
    status: 'État',
    since: 'Depuis',
    disabled: 'Désactivé',
    disabledBy: (reason: string) => `Désactivé par le contrat : ${reason}`,
    hourly: 'toutes les heures',
    daily: 'chaque jour',
    recent: 'Changements des 30 derniers jours',
    recentCaption: 'Chaque changement d’état d’un contrôle sur les 30 derniers jours, du plus récent au plus ancien.',
    from: 'De',
    to: 'À',
    at: 'Le',
    nonconformity: 'Non-conformité',
    noTransitions: 'Aucun contrôle n’a changé d’état ces 30 derniers jours.',
    detail: 'Les chiffres qui le justifient',
    noDetail: 'Aucun chiffre enregistré pour l’instant.',
    history: 'Historique',
    historyCaption: 'Ses changements d’état, du plus récent au plus ancien.',
    noHistory: 'Il n’a pas encore changé d’état.',
    ledger: 'Entrée du registre',
    facts: 'Le contrôle',
    detailTitle: (controlId: string) => `Contrôle ${controlId}`,
  },
});

const localWords = defineMessages({
  en: { disabled: 'Switched off' },
  fr: { disabled: 'Désactivé' },
});

/** `/app/tenants/:tenantId/controls[/:controlId]`: the controls and their states, or one control with its history. */
export function ControlsView(props: TenantViewProps) {
  return props.itemId === undefined ? <ControlList {...props} /> : <ControlPage {...props} itemId={props.itemId} />;
}

function ControlStatus(props: { control: Pick<ControlState, 'status' | 'enabled'> }) {
  const s = useMessages(statusWords);
  const l = useMessages(localWords);
  if (!props.control.enabled) return <StatusBadge status="disabled" label={l.disabled} />;
  return <StatusBadge status={props.control.status} label={statusLabel(s, props.control.status)} />;
}

function ControlList(props: TenantViewProps) {
  const w = useMessages(words);
  const s = useMessages(statusWords);
  const format = useFormat();
  const { tenantId, timeZone } = props;
  const controls = useApi(
    (api) => unwrap(api.GET('/v1/tenants/{tenantId}/controls', { params: { path: { tenantId } } })),
    [tenantId],
  );
  return (
    <section>
      <PageTitle title={w.title} subtitle={w.subtitle} />
      <Loaded value={controls}>
        {(data) => (
          <TableScroll label={w.title}>
            <table data-testid="controls-table">
              <caption>{w.caption}</caption>
              <thead>
                <tr>
                  <th scope="col">{w.control}</th>
                  <th scope="col">{w.clause}</th>
                  <th scope="col">{w.source}</th>
                  <th scope="col">{w.requirement}</th>
                  <th scope="col">{w.cadence}</th>
                  <th scope="col">{w.severity}</th>
                  <th scope="col">{w.status}</th>
                  <th scope="col">{w.since}</th>
                </tr>
              </thead>
              <tbody>
                {data.controls.map((control) => (
                  <tr key={control.controlId} data-control={control.controlId} data-status={control.status}>
                    <th scope="row" class="nowrap">
                      <a href={viewHref(tenantId, 'controls', control.controlId)}>{control.controlId}</a>
                    </th>
                    <td>{control.clause}</td>
                    <td class="nowrap">{control.source}</td>
                    <td class="wide">
                      {control.requirement}
                      {!control.enabled && control.disabledReason && (
                        <span class="field-hint"> {w.disabledBy(control.disabledReason)}</span>
                      )}
                    </td>
                    <td>{control.cadence === 'hourly' ? w.hourly : w.daily}</td>
                    <td>
                      <StatusBadge status={control.severity} label={statusLabel(s, control.severity)} />
                    </td>
                    <td>
                      <ControlStatus control={control} />
                    </td>
                    <td class="nowrap">{format.dateTime(control.since, timeZone)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </Loaded>
      <RecentTransitions tenantId={tenantId} timeZone={timeZone} />
    </section>
  );
}

function RecentTransitions(props: { tenantId: string; timeZone: string }) {
  const w = useMessages(words);
  const { tenantId } = props;
  const history = useApi(
    (api) => {
      const to = new Date();
      return unwrap(
        api.GET('/v1/tenants/{tenantId}/control-history', {
          params: { path: { tenantId }, query: { from: daysBefore(to, 30).toISOString(), to: to.toISOString() } },
        }),
      );
    },
    [tenantId],
  );
  return (
    <section aria-labelledby="recent-title">
      <h2 id="recent-title">{w.recent}</h2>
      <Loaded value={history}>
        {(data) =>
          data.transitions.length === 0 ? (
            <Empty>{w.noTransitions}</Empty>
          ) : (
            <TransitionTable
              tenantId={tenantId}
              timeZone={props.timeZone}
              caption={w.recentCaption}
              transitions={[...data.transitions].reverse()}
              showControl
              testId="control-transitions-table"
            />
          )
        }
      </Loaded>
    </section>
  );
}

function TransitionTable(props: {
  tenantId: string;
  timeZone: string;
  caption: string;
  transitions: readonly Transition[];
  showControl?: boolean;
  testId: string;
}) {
  const w = useMessages(words);
  const s = useMessages(statusWords);
  const format = useFormat();
  return (
    <TableScroll label={props.caption}>
      <table data-testid={props.testId}>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{w.at}</th>
            {props.showControl && <th scope="col">{w.control}</th>}
            <th scope="col">{w.from}</th>
            <th scope="col">{w.to}</th>
            <th scope="col">{w.nonconformity}</th>
            <th scope="col" class="number">
              {w.ledger}
            </th>
          </tr>
        </thead>
        <tbody>
          {props.transitions.map((transition) => (
            <tr key={`${transition.controlId}-${transition.at}`}>
              <th scope="row" class="nowrap">
                <time dateTime={transition.at}>{format.dateTime(transition.at, props.timeZone)}</time>
              </th>
              {props.showControl && (
                <td class="nowrap">
                  <a href={viewHref(props.tenantId, 'controls', transition.controlId)}>{transition.controlId}</a>
                </td>
              )}
              <td>
                <StatusBadge status={transition.from} label={statusLabel(s, transition.from)} />
              </td>
              <td>
                <StatusBadge status={transition.to} label={statusLabel(s, transition.to)} />
              </td>
              <td>
                {transition.nonconformityId ? (
                  <a href={viewHref(props.tenantId, 'nonconformities', transition.nonconformityId)}>
                    {transition.nonconformityId}
                  </a>
                ) : (
                  '—'
                )}
              </td>
              <td class="number">{transition.ledgerSequence ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function ControlPage(props: TenantViewProps & { itemId: string }) {
  const w = useMessages(words);
  const s = useMessages(statusWords);
  const format = useFormat();
  const { tenantId, itemId, timeZone } = props;
  const paged = usePaged(
    async (api, cursor) => {
      const control = await unwrap(
        api.GET('/v1/tenants/{tenantId}/controls/{controlId}', {
          params: { path: { tenantId, controlId: itemId }, query: cursor === undefined ? {} : { cursor } },
        }),
      );
      return { items: [control], nextCursor: control.nextCursor };
    },
    [tenantId, itemId],
  );
  return (
    <section>
      <BackLink href={viewHref(tenantId, 'controls')} />
      <PageTitle title={w.detailTitle(itemId)} />
      <Loaded value={paged}>
        {(pages) => {
          const [control] = pages;
          if (control === undefined) return <Empty />;
          const history = pages.flatMap((page) => page.history);
          return (
            <>
              <p>{control.requirement}</p>
              <h2>{w.facts}</h2>
              <Facts
                testId="control-facts"
                items={[
                  [w.status, <ControlStatus control={control} />],
                  [w.since, format.dateTime(control.since, timeZone)],
                  [w.clause, control.clause],
                  [w.source, control.source],
                  [w.cadence, control.cadence === 'hourly' ? w.hourly : w.daily],
                  [w.severity, <StatusBadge status={control.severity} label={statusLabel(s, control.severity)} />],
                  ...(control.enabled ? [] : [[w.disabled, control.disabledReason ?? '—'] as const]),
                ]}
              />
              <h2>{w.detail}</h2>
              <DetailFigures detail={control.detail} timeZone={timeZone} />
              <h2>{w.history}</h2>
              {history.length === 0 ? (
                <Empty>{w.noHistory}</Empty>
              ) : (
                <TransitionTable
                  tenantId={tenantId}
                  timeZone={timeZone}
                  caption={w.historyCaption}
                  transitions={history}
                  testId="control-history-table"
                />
              )}
              <MoreButton paged={paged} count={history.length} />
            </>
          );
        }}
      </Loaded>
    </section>
  );
}

/** The scalar figures of a control's `detail` (lists of scalars joined), in the API's own field names made readable. */
function DetailFigures(props: { detail: Record<string, ControlDetailValue>; timeZone: string }) {
  const w = useMessages(words);
  const format = useFormat();
  const scalar = (value: ControlDetailValue): string | undefined => {
    if (value === null) return '—';
    if (typeof value === 'number') return Number.isInteger(value) ? format.integer(value) : String(value);
    if (typeof value === 'string' && INSTANT.test(value)) return format.dateTime(value, props.timeZone);
    if (typeof value === 'boolean' || typeof value === 'string') return String(value);
    if (Array.isArray(value) && value.every((item) => item === null || typeof item !== 'object'))
      return value.length === 0 ? '—' : value.map(String).join(', ');
    return undefined;
  };
  // One level of nesting is spelled out (`lastViolation` → "Last violation · contact id"); deeper ones are not shown.
  const items = Object.entries(props.detail).flatMap(([key, value]): (readonly [string, string])[] => {
    const shown = scalar(value);
    if (shown !== undefined) return [[humanise(key), shown]];
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
    return Object.entries(value).flatMap(([inner, innerValue]) => {
      const innerShown = scalar(innerValue);
      return innerShown === undefined
        ? []
        : [[`${humanise(key)} · ${humanise(inner).toLowerCase()}`, innerShown] as const];
    });
  });
  if (items.length === 0) return <Empty>{w.noDetail}</Empty>;
  return <Facts testId="control-detail" items={items} />;
}

/** An ISO 8601 instant among the figures: shown in the tenant's time zone. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** `breachedContacts` → `Breached contacts`: the API's field names, readable. */
function humanise(key: string): string {
  const spaced = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}
