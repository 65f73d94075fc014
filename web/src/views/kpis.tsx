import type { EChartsCoreOption } from 'echarts/core';
import { useMemo } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { unwrap } from '../api/client.js';
import type { components } from '../api/schema.js';
import { Chart } from '../charts/chart.js';
import { type Format, useFormat } from '../i18n/format.js';
import { defineMessages, useMessages } from '../i18n/i18n.js';
import { Empty, Field, Loaded, PageTitle, StatusBadge, TableScroll } from '../ui/common.js';
import { statusLabel, statusWords } from '../ui/status-words.js';
import { useApi } from '../ui/use-api.js';
import type { TenantViewProps } from './tenant-view.js';

type Entry = components['schemas']['KpiSeriesEntry'];
type Interval = components['schemas']['KpiIntervalReport']['intervals'][number];
type Channel = Entry['channel'];

const words = defineMessages({
  en: {
    title: (tenantId: string) => `KPIs of ${tenantId}`,
    subtitle: (timeZone: string) => `Against the agreement's targets, per channel; days in ${timeZone}`,
    month: 'Month',
    channel: 'Channel for the charts',
    day: 'Day for the intraday view',
    totals: 'The month per channel',
    totalsCaption: (month: string) => `${month}: each KPI, its target and whether it was met`,
    kpi: 'KPI',
    value: 'Value',
    target: 'Target',
    status: 'Status',
    atLeast: (value: string) => `at least ${value}`,
    atMost: (value: string) => `at most ${value}`,
    none: 'none',
    daily: 'Service level day by day',
    dailyLabel: (channel: string, month: string) =>
      `Line chart: ${channel} service level per day in ${month}, with its target`,
    intraday: 'Intraday, quarter-hour by quarter-hour',
    intradayLabel: (channel: string, day: string) =>
      `Bar chart: ${channel} contacts offered per quarter-hour on ${day}, with the service level`,
    numbers: 'The numbers in the chart',
    date: 'Day',
    time: 'Quarter-hour',
    noTraffic: 'No contacts in this month.',
    noDay: 'No contacts on this day.',
    offered: 'Offered',
    handled: 'Handled',
    abandoned: 'Abandoned',
    serviceLevel: 'Service level',
    abandonmentRate: 'Abandonment rate',
    averageSpeedOfAnswerSeconds: 'Average speed of answer',
    averageHandleSeconds: 'Average handle time',
    firstContactResolutionRate: 'First-contact resolution',
    waitP90Seconds: '90th percentile wait',
    voice: 'Voice',
    email: 'E-mail',
    chat: 'Chat',
    social: 'Social',
    messaging: 'Messaging',
  },
  fr: {
    title: (tenantId: string) => `Indicateurs de ${tenantId}`,
    subtitle: (timeZone: string) => `Face aux objectifs du contrat, par canal ; jours en ${timeZone}`,
    month: 'Mois',
    channel: 'Canal des graphiques',
    day: 'Jour de la vue intrajournalière',
    totals: 'Le mois par canal',
    totalsCaption: (month: string) => `${month} : chaque indicateur, son objectif et s’il est atteint`,
    kpi: 'Indicateur',
    value: 'Valeur',
    target: 'Objectif',
    status: 'État',
    atLeast: (value: string) => `au moins ${value}`,
    atMost: (value: string) => `au plus ${value}`,
    none: 'aucun',
    daily: 'Niveau de service jour par jour',
    dailyLabel: (channel: string, month: string) =>
      `Courbe : niveau de service ${channel} par jour en ${month}, avec son objectif`,
    intraday: 'Intrajournalier, par quart d’heure',
    intradayLabel: (channel: string, day: string) =>
      `Histogramme : contacts ${channel} présentés par quart d’heure le ${day}, avec le niveau de service`,
    numbers: 'Les chiffres du graphique',
    date: 'Jour',
    time: 'Quart d’heure',
    noTraffic: 'Aucun contact ce mois-ci.',
    noDay: 'Aucun contact ce jour-là.',
    offered: 'Présentés',
    handled: 'Traités',
    abandoned: 'Abandonnés',
    serviceLevel: 'Niveau de service',
    abandonmentRate: 'Taux d’abandon',
    averageSpeedOfAnswerSeconds: 'Délai moyen de réponse',
    averageHandleSeconds: 'Durée moyenne de traitement',
    firstContactResolutionRate: 'Résolution au premier contact',
    waitP90Seconds: 'Attente au 90e centile',
    voice: 'Voix',
    email: 'E-mail',
    chat: 'Chat',
    social: 'Réseaux sociaux',
    messaging: 'Messagerie',
  },
});

/** The KPIs shown per channel, and how each is written. */
const KPIS = [
  { key: 'serviceLevel', kind: 'share' },
  { key: 'abandonmentRate', kind: 'share' },
  { key: 'averageSpeedOfAnswerSeconds', kind: 'seconds' },
  { key: 'averageHandleSeconds', kind: 'seconds' },
  { key: 'firstContactResolutionRate', kind: 'share' },
] as const;

type KpiKey = (typeof KPIS)[number]['key'];

function localToday(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The last complete month in the tenant's zone: the month of the latest monthly report. */
export function lastCompleteMonth(timeZone: string, now = new Date()): string {
  const [year, month] = localToday(timeZone, now).split('-').map(Number) as [number, number];
  const previous = new Date(Date.UTC(year, month - 2, 1));
  return previous.toISOString().slice(0, 7);
}

function monthBounds(month: string): { from: string; to: string } {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

function written(format: Format, kind: 'share' | 'seconds', value: number | null | undefined): string {
  return kind === 'share' ? format.percent(value) : format.seconds(value);
}

/** `/app/tenants/:t/kpis?month=&channel=&day=`: a month's KPIs against target, its days, and one day's quarter-hours. */
export function KpisView(props: TenantViewProps) {
  const w = useMessages(words);
  const { query, route } = useLocation();
  const { tenantId, timeZone } = props;
  const month = /^\d{4}-\d{2}$/.test(query.month ?? '') ? (query.month as string) : lastCompleteMonth(timeZone);
  const { from, to } = monthBounds(month);
  const setQuery = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams({ ...query, ...changes } as Record<string, string>);
    for (const [key, value] of Object.entries(changes)) if (value === undefined) next.delete(key);
    route(`?${next.toString()}`, true);
  };

  const report = useApi(
    async (api) => {
      const path = { tenantId };
      const [total, daily] = await Promise.all([
        unwrap(api.GET('/v1/tenants/{tenantId}/kpis', { params: { path, query: { from, to, granularity: 'total' } } })),
        unwrap(api.GET('/v1/tenants/{tenantId}/kpis', { params: { path, query: { from, to, granularity: 'day' } } })),
      ]);
      return { total: total.series, daily: daily.series };
    },
    [tenantId, from, to],
  );

  return (
    <section>
      <PageTitle title={w.title(tenantId)} subtitle={w.subtitle(timeZone)} />
      <form class="toolbar" onSubmit={(event) => event.preventDefault()}>
        <Field label={w.month}>
          <input
            type="month"
            value={month}
            max={localToday(timeZone).slice(0, 7)}
            onChange={(event) => {
              const value = event.currentTarget.value;
              if (/^\d{4}-\d{2}$/.test(value)) setQuery({ month: value, day: undefined });
            }}
          />
        </Field>
      </form>
      <Loaded value={report}>
        {(data) => <MonthKpis {...data} month={month} tenantId={tenantId} query={query} setQuery={setQuery} />}
      </Loaded>
    </section>
  );
}

function MonthKpis(props: {
  total: readonly Entry[];
  daily: readonly Entry[];
  month: string;
  tenantId: string;
  query: Record<string, string>;
  setQuery: (changes: Record<string, string | undefined>) => void;
}) {
  const w = useMessages(words);
  const format = useFormat();
  const channels = props.total.filter((entry) => entry.offered > 0).map((entry) => entry.channel);
  if (channels.length === 0) return <Empty>{w.noTraffic}</Empty>;
  const requested = props.query.channel as Channel | undefined;
  const channel: Channel =
    requested !== undefined && channels.includes(requested) ? requested : (channels[0] as Channel);
  const days = props.daily.filter((entry) => entry.channel === channel);
  const busyDays = days.filter((entry) => entry.offered > 0);
  const requestedDay = props.query.day;
  const day =
    requestedDay !== undefined && days.some((entry) => entry.period === requestedDay)
      ? requestedDay
      : (busyDays.at(-1)?.period ?? days.at(-1)?.period ?? `${props.month}-01`);
  return (
    <>
      <h2>{w.totals}</h2>
      <div class="kpi-grid">
        {props.total
          .filter((entry) => entry.offered > 0)
          .map((entry) => (
            <ChannelCard key={entry.channel} entry={entry} month={format.month(props.month)} />
          ))}
      </div>

      <form class="toolbar" onSubmit={(event) => event.preventDefault()}>
        <Field label={w.channel}>
          <select
            value={channel}
            onChange={(event) => props.setQuery({ channel: event.currentTarget.value, day: undefined })}
          >
            {channels.map((candidate) => (
              <option value={candidate} key={candidate}>
                {w[candidate]}
              </option>
            ))}
          </select>
        </Field>
      </form>
      <DailyChart days={days} channel={channel} month={props.month} />
      <h2>{w.intraday}</h2>
      <form class="toolbar" onSubmit={(event) => event.preventDefault()}>
        <Field label={w.day}>
          <select value={day} onChange={(event) => props.setQuery({ day: event.currentTarget.value })}>
            {days.map((entry) => (
              <option value={entry.period} key={entry.period}>
                {format.date(entry.period)} · {format.integer(entry.offered)}
              </option>
            ))}
          </select>
        </Field>
      </form>
      <IntradayChart tenantId={props.tenantId} channel={channel} day={day} />
    </>
  );
}

function ChannelCard(props: { entry: Entry; month: string }) {
  const w = useMessages(words);
  const s = useMessages(statusWords);
  const format = useFormat();
  const { entry } = props;
  return (
    <article class="card" data-testid={`kpi-card-${entry.channel}`}>
      <h3>{w[entry.channel]}</h3>
      <TableScroll label={`${w[entry.channel]} · ${w.totals}`}>
        <table data-testid={`kpi-table-${entry.channel}`}>
          <caption>{w.totalsCaption(props.month)}</caption>
          <thead>
            <tr>
              <th scope="col">{w.kpi}</th>
              <th scope="col" class="number">
                {w.value}
              </th>
              <th scope="col">{w.target}</th>
              <th scope="col">{w.status}</th>
            </tr>
          </thead>
          <tbody>
            {(['offered', 'handled', 'abandoned'] as const).map((key) => (
              <tr key={key}>
                <th scope="row">{w[key]}</th>
                <td class="number" data-kpi={key} data-value={String(entry[key])}>
                  {format.integer(entry[key])}
                </td>
                <td />
                <td />
              </tr>
            ))}
            {KPIS.map(({ key, kind }) => {
              const value = entry[key as KpiKey];
              const target = entry.targets[key];
              const status = entry.status[key] ?? 'no-target';
              return (
                <tr key={key}>
                  <th scope="row">{w[key]}</th>
                  <td class="number" data-kpi={key} data-value={value === null ? '' : String(value)}>
                    {written(format, kind, value)}
                  </td>
                  <td>
                    {target === undefined
                      ? w.none
                      : (target.direction === 'min' ? w.atLeast : w.atMost)(written(format, kind, target.target))}
                  </td>
                  <td>
                    <StatusBadge status={status} label={statusLabel(s, status)} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
    </article>
  );
}

function DailyChart(props: { days: readonly Entry[]; channel: Channel; month: string }) {
  const w = useMessages(words);
  const format = useFormat();
  const target = props.days.find((entry) => entry.targets.serviceLevel !== undefined)?.targets.serviceLevel?.target;
  const option = useMemo<EChartsCoreOption>(
    () => ({
      animation: false,
      aria: { enabled: true },
      grid: { left: 48, right: 16, top: 24, bottom: 40 },
      tooltip: { trigger: 'axis', valueFormatter: (value: number) => format.percent(value) },
      xAxis: { type: 'category', data: props.days.map((entry) => entry.period.slice(8)) },
      yAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: (value: number) => format.percent(value) } },
      series: [
        {
          name: w.serviceLevel,
          type: 'line',
          connectNulls: false,
          data: props.days.map((entry) => entry.serviceLevel),
          markLine:
            target === undefined
              ? undefined
              : {
                  symbol: 'none',
                  lineStyle: { type: 'dashed' },
                  label: { formatter: `${w.target} ${format.percent(target)}` },
                  data: [{ yAxis: target }],
                },
        },
      ],
    }),
    [props.days, target, format, w],
  );
  return (
    <section class="chart-block" aria-labelledby="daily-title">
      <h2 id="daily-title">{w.daily}</h2>
      <Chart option={option} label={w.dailyLabel(w[props.channel], format.month(props.month))} testId="daily-chart" />
      <details>
        <summary>{w.numbers}</summary>
        <TableScroll label={w.daily}>
          <table data-testid="daily-table">
            <thead>
              <tr>
                <th scope="col">{w.date}</th>
                <th scope="col" class="number">
                  {w.offered}
                </th>
                <th scope="col" class="number">
                  {w.serviceLevel}
                </th>
                <th scope="col" class="number">
                  {w.abandonmentRate}
                </th>
              </tr>
            </thead>
            <tbody>
              {props.days.map((entry) => (
                <tr key={entry.period} data-day={entry.period}>
                  <th scope="row">{format.date(entry.period)}</th>
                  <td class="number">{format.integer(entry.offered)}</td>
                  <td class="number" data-value={entry.serviceLevel === null ? '' : String(entry.serviceLevel)}>
                    {format.percent(entry.serviceLevel)}
                  </td>
                  <td class="number">{format.percent(entry.abandonmentRate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </details>
    </section>
  );
}

function IntradayChart(props: { tenantId: string; channel: Channel; day: string }) {
  const w = useMessages(words);
  const { tenantId, channel, day } = props;
  const intervals = useApi(
    async (api) =>
      (
        await unwrap(
          api.GET('/v1/tenants/{tenantId}/kpis/intervals', {
            params: { path: { tenantId }, query: { date: day, channel } },
          }),
        )
      ).intervals,
    [tenantId, channel, day],
  );
  return (
    <Loaded value={intervals}>
      {(data) =>
        data.some((interval) => interval.offered > 0) ? (
          <IntradayFigures intervals={data} channel={channel} day={day} />
        ) : (
          <Empty>{w.noDay}</Empty>
        )
      }
    </Loaded>
  );
}

function IntradayFigures(inner: { intervals: readonly Interval[]; channel: Channel; day: string }) {
  const w = useMessages(words);
  const format = useFormat();
  const option = useMemo<EChartsCoreOption>(
    () => ({
      animation: false,
      aria: { enabled: true },
      grid: { left: 48, right: 48, top: 32, bottom: 40 },
      legend: { top: 0 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: inner.intervals.map((interval) => interval.localTime) },
      yAxis: [
        { type: 'value', name: w.offered, minInterval: 1 },
        { type: 'value', min: 0, max: 1, axisLabel: { formatter: (value: number) => format.percent(value) } },
      ],
      series: [
        { name: w.offered, type: 'bar', data: inner.intervals.map((interval) => interval.offered) },
        {
          name: w.serviceLevel,
          type: 'line',
          yAxisIndex: 1,
          data: inner.intervals.map((interval) => interval.serviceLevel),
        },
      ],
    }),
    [inner.intervals, format, w],
  );
  return (
    <div class="chart-block">
      <Chart
        option={option}
        label={w.intradayLabel(w[inner.channel], format.date(inner.day))}
        testId="intraday-chart"
      />
      <details>
        <summary>{w.numbers}</summary>
        <TableScroll label={w.intraday}>
          <table data-testid="intraday-table">
            <thead>
              <tr>
                <th scope="col">{w.time}</th>
                <th scope="col" class="number">
                  {w.offered}
                </th>
                <th scope="col" class="number">
                  {w.handled}
                </th>
                <th scope="col" class="number">
                  {w.serviceLevel}
                </th>
                <th scope="col" class="number">
                  {w.waitP90Seconds}
                </th>
              </tr>
            </thead>
            <tbody>
              {inner.intervals
                .filter((interval) => interval.offered > 0)
                .map((interval) => (
                  <tr key={interval.start}>
                    <th scope="row">{interval.localTime}</th>
                    <td class="number">{format.integer(interval.offered)}</td>
                    <td class="number">{format.integer(interval.handled)}</td>
                    <td class="number">{format.percent(interval.serviceLevel)}</td>
                    <td class="number">{format.seconds(interval.waitP90Seconds)}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </TableScroll>
      </details>
    </div>
  );
}
