/**
 * The use case "produce a tenant's monthly surveillance report" (issue 13, DESIGN.md §6, ISO18295.md §3.3): the
 * month's figures (monthly-report-figures.ts) rendered through the renderer port, archived first in the reports
 * bucket (so whatever delivery does, the report is kept), sent to each recipient of the agreement, and recorded with
 * its `report.published` ledger entry in one transaction, then announced on the bus.
 *
 * One message per recipient, not one per language group: SES refuses a whole message when one address is refused,
 * so a message per recipient lets one bad address fail alone, be recorded alone and be retried alone, and no
 * recipient sees the others' addresses. The message (`message.eml`, without a `To:`) is archived once per language
 * and each send adds its recipient, so a retry sends exactly what the first attempt did.
 */
import { createHash } from 'node:crypto';
import { type REPORT_PUBLISHED, reportPublishedEvent } from '../../events/compliance.js';
import type { AgreementVersion } from '../domain/agreement/agreement-schema.js';
import { versionInForceAt } from '../domain/agreement/agreement-versions.js';
import { localDate } from '../domain/calendar/zoned-time.js';
import type { MonthlyReportFigures, ReportLanguage } from '../domain/report/report-figures.js';
import type { EventPublisher } from './assemble-vendor-contact.js';
import type { EvidenceLedger, StoreWrite } from './evidence-ledger.js';
import { type MonthlyReportSources, monthlyReportFigures, reportMonth } from './monthly-report-figures.js';

export interface RenderedReport {
  subject: string;
  html: string;
  text: string;
  charts: { cid: string; filename: string; png: Uint8Array; alt: string }[];
  pdf: Uint8Array;
  csv: { filename: string; content: string }[];
}

/** Port: presents the figures (shared/adapters/report-renderer.ts). */
export interface ReportRenderer {
  render(figures: MonthlyReportFigures): Promise<RenderedReport>;
}

/** Port: the reports bucket's `reports/` objects. */
export interface ReportArchive {
  put(key: string, body: Uint8Array, contentType: string): Promise<void>;
  get(key: string): Promise<Uint8Array>;
  presign(key: string, seconds: number, filename: string): Promise<{ url: string; expiresAt: Date }>;
}

/** What one send came to, after the mailer's own retries of transient failures. */
export type SendOutcome =
  | { status: 'delivered'; messageId: string; attempts: number }
  | { status: 'failed'; reason: string; permanent: boolean; attempts: number };

/** Port: composes the report's message and sends it (shared/adapters/ses-mailer.ts). */
export interface ReportMailer {
  /** The raw MIME message of a rendered report, without recipients. */
  compose(report: RenderedReport): Promise<Uint8Array>;
  send(message: Uint8Array, to: string): Promise<SendOutcome>;
}

export interface ArchivedFile {
  /** The path under the version's prefix (`report.pdf`, `en/report.pdf`, ...). */
  path: string;
  key: string;
  contentType: string;
  bytes: number;
  sha256: string;
}

export interface ReportDelivery {
  /** Kept on the report item (the agreement holds it too); never in the ledger, the event or the logs. */
  email: string;
  /** SHA-256 of the lower-cased address: what the ledger names the recipient by. */
  recipientHash: string;
  language: ReportLanguage;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  at?: string;
  messageId?: string;
  reason?: string;
  permanent?: boolean;
}

export interface MonthlyReportRecord {
  tenantId: string;
  month: string;
  /** 1 for the first production, one more for each forced one (each archived under its own prefix). */
  version: number;
  /** `generating` while its files are written (a claim that keeps two producers apart), then `archived`. */
  state: 'generating' | 'archived';
  forced: boolean;
  actor: string;
  language: ReportLanguage;
  timeZone: string;
  generatedAt: string;
  prefix: string;
  files: ArchivedFile[];
  /** The PDF's key and SHA-256, and the manifest's. */
  reportKey: string;
  sha256: string;
  manifestSha256: string;
  /** Each language's archived message. */
  messages: Partial<Record<ReportLanguage, string>>;
  deliveries: ReportDelivery[];
  /** The report's latest ledger entry. */
  ledgerSequence?: number;
}

/** The stored state a write expects: no item, or the item of this version and generation. */
export type ReportExpectation = 'absent' | { version: number; generatedAt: string };

/** Port: report items (shared/store/report-repository.ts). */
export interface ReportStore {
  report(tenantId: string, month: string): Promise<MonthlyReportRecord | undefined>;
  /** Newest month first. */
  page(tenantId: string, limit: number, after?: string): Promise<{ reports: MonthlyReportRecord[]; next?: string }>;
  /** Writes the item if the stored one is as expected; throws {@link ReportConflictError} otherwise. */
  save(record: MonthlyReportRecord, expected: ReportExpectation): Promise<void>;
  /** The same write, for the ledger's transaction. */
  write(record: MonthlyReportRecord, expected: ReportExpectation): StoreWrite;
}

export interface MonthlyReportsDeps {
  sources: MonthlyReportSources;
  renderer: ReportRenderer;
  archive: ReportArchive;
  mailer: ReportMailer;
  store: ReportStore;
  ledger: EvidenceLedger;
  publisher: EventPublisher;
  /**
   * The report was recorded and sent but its `report.published` event not published: the report stands (a retry
   * would send nothing), so the failure is handed here (the handler logs it) rather than failing the production.
   */
  onPublishFailure?: (report: MonthlyReportRecord, error: unknown) => void;
}

export interface ProduceOptions {
  force?: boolean;
  actor: string;
  actorRole: string;
  requestId?: string;
  now: Date;
}

/**
 * `produced`: generated, archived and sent now; `redelivered`: existed, sent again to the recipients it had not
 * reached; `unchanged`: existed and every recipient had it, nothing sent.
 */
export interface ProducedReport {
  outcome: 'produced' | 'redelivered' | 'unchanged';
  report: MonthlyReportRecord;
}

/** The month asked for has not ended in the tenant's time zone. */
export class MonthNotEndedError extends Error {
  override name = 'MonthNotEndedError';
}

/** Another producer holds the month (or wrote it in between): nothing was sent by this one. */
export class ReportConflictError extends Error {
  override name = 'ReportConflictError';
}

/** A download link lives five minutes, as an evidence pack's does. */
export const REPORT_LINK_SECONDS = 300;
/** A claim older than this was abandoned (the function's timeout is far shorter): it may be taken over. */
const ABANDONED_CLAIM_MS = 15 * 60_000;
const SYSTEM_ACTOR = { actor: 'system:monthly-reports', actorRole: 'system' };

export const reportPrefix = (tenantId: string, month: string, version: number) =>
  `reports/${tenantId}/${month}/v${version}/`;

export function recipientHash(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('hex');
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The month before `yyyy-mm`. */
function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 7);
}

/** The tenant-local month at `now`, in the zone of the agreement in force then. */
function currentMonth(tenantId: string, versions: AgreementVersion[], now: Date): string {
  return localDate(now, versionInForceAt(tenantId, versions, now).timeZone.value).slice(0, 7);
}

/**
 * The e-mail's HTML as a file that opens on its own: each `cid:` image (which only the message's own parts resolve)
 * becomes a `data:` URI, since a presigned link to the archived page cannot reach the charts archived beside it.
 */
export function selfContainedHtml(rendered: Pick<RenderedReport, 'html' | 'charts'>): string {
  return rendered.charts.reduce(
    (html, chart) =>
      html.replaceAll(`cid:${chart.cid}`, `data:image/png;base64,${Buffer.from(chart.png).toString('base64')}`),
    rendered.html,
  );
}

/** Every file of one language's rendering, under `dir` (empty for the report's own language). */
function renderedFiles(rendered: RenderedReport, message: Uint8Array, dir: string) {
  const text = new TextEncoder();
  return [
    { path: `${dir}report.pdf`, contentType: 'application/pdf', body: rendered.pdf },
    {
      path: `${dir}report.html`,
      contentType: 'text/html; charset=utf-8',
      body: text.encode(selfContainedHtml(rendered)),
    },
    ...rendered.charts.map((c) => ({ path: `${dir}${c.filename}`, contentType: 'image/png', body: c.png })),
    ...rendered.csv.map((c) => ({
      path: `${dir}${c.filename}`,
      contentType: 'text/csv; charset=utf-8',
      body: text.encode(c.content),
    })),
    { path: `${dir}message.eml`, contentType: 'message/rfc822', body: message },
  ];
}

/** Adds the recipient to an archived message: a header line before the others is still the message's header. */
function addressed(message: Uint8Array, to: string): Uint8Array {
  const header = new TextEncoder().encode(`To: ${to}\r\n`);
  const out = new Uint8Array(header.byteLength + message.byteLength);
  out.set(header);
  out.set(message, header.byteLength);
  return out;
}

export class MonthlyReports {
  constructor(private readonly deps: MonthlyReportsDeps) {}

  /**
   * The daily surveillance's call: last month's report if the tenant-local date at `now` is in a later month and
   * that report was not produced yet; the month produced, or undefined. A month that ended before the tenant's
   * first agreement took effect has nothing to report and no one to send it to: none is produced.
   */
  async produceDue(tenantId: string, now: Date): Promise<{ month: string } | undefined> {
    const versions = await this.deps.sources.agreements.versions(tenantId);
    const month = previousMonth(currentMonth(tenantId, versions, now));
    const lastDay = reportMonth(tenantId, month, versions).to;
    if (!versions.some((v) => v.effectiveFrom !== null && v.effectiveFrom <= lastDay)) return undefined;
    if ((await this.deps.store.report(tenantId, month)) !== undefined) return undefined;
    const { outcome } = await this.produce(tenantId, month, { ...SYSTEM_ACTOR, now });
    return outcome === 'produced' ? { month } : undefined;
  }

  /**
   * Produces `month` (`yyyy-mm`) once: a month produced before is sent again only to the recipients it has not
   * reached; `force` generates it again (a new version) and sends it to every recipient. Throws
   * {@link MonthNotEndedError} and {@link ReportConflictError}.
   */
  async produce(tenantId: string, month: string, options: ProduceOptions): Promise<ProducedReport> {
    const { now } = options;
    const versions = await this.deps.sources.agreements.versions(tenantId);
    if (month >= currentMonth(tenantId, versions, now))
      throw new MonthNotEndedError(`${month} has not ended yet in the tenant's time zone`);
    const existing = await this.deps.store.report(tenantId, month);
    if (existing?.state === 'archived' && !options.force) {
      if (existing.deliveries.every((d) => d.status === 'delivered')) return { outcome: 'unchanged', report: existing };
      return { outcome: 'redelivered', report: await this.redeliver(existing, options) };
    }
    const abandoned =
      existing?.state === 'generating' && now.getTime() - Date.parse(existing.generatedAt) > ABANDONED_CLAIM_MS;
    if (existing?.state === 'generating' && !abandoned)
      throw new ReportConflictError(`the report of ${month} is being produced`);
    return { outcome: 'produced', report: await this.generate(tenantId, month, versions, existing, options) };
  }

  report(tenantId: string, month: string): Promise<MonthlyReportRecord | undefined> {
    return this.deps.store.report(tenantId, month);
  }

  /** Newest month first; `after` is the last month of the previous page. */
  list(tenantId: string, limit: number, after?: string) {
    return this.deps.store.page(tenantId, limit, after);
  }

  /** A link to each archived file of the report's own language that a reader downloads. */
  async links(report: MonthlyReportRecord) {
    const wanted = report.files.filter((f) => !f.path.includes('/') && f.path !== 'message.eml');
    return Promise.all(
      wanted.map(async (f) => {
        const link = await this.deps.archive.presign(f.key, REPORT_LINK_SECONDS, f.path);
        return { path: f.path, contentType: f.contentType, url: link.url, expiresAt: link.expiresAt.toISOString() };
      }),
    );
  }

  private async generate(
    tenantId: string,
    month: string,
    versions: AgreementVersion[],
    existing: MonthlyReportRecord | undefined,
    options: ProduceOptions,
  ): Promise<MonthlyReportRecord> {
    const { now } = options;
    const version =
      existing === undefined ? 1 : existing.state === 'archived' ? existing.version + 1 : existing.version;
    const { agreement } = reportMonth(tenantId, month, versions);
    const language = agreement.language.value;
    const claim: MonthlyReportRecord = {
      tenantId,
      month,
      version,
      state: 'generating',
      forced: options.force === true && existing !== undefined,
      actor: options.actor,
      language,
      timeZone: agreement.timeZone.value,
      generatedAt: now.toISOString(),
      prefix: reportPrefix(tenantId, month, version),
      files: [],
      reportKey: '',
      sha256: '',
      manifestSha256: '',
      messages: {},
      deliveries: agreement.reportRecipients.map((r) => ({
        email: r.email,
        recipientHash: recipientHash(r.email),
        language: r.language ?? language,
        status: 'pending' as const,
        attempts: 0,
      })),
    };
    const expected: ReportExpectation =
      existing === undefined ? 'absent' : { version: existing.version, generatedAt: existing.generatedAt };
    await this.deps.store.save(claim, expected);
    const held = { version, generatedAt: claim.generatedAt };

    const archived = await this.archive(claim, await monthlyReportFigures(this.deps.sources, tenantId, month, now));
    await this.deps.store.save(archived, held);
    const sent = await this.send(archived, archived.deliveries, now);
    const report = await this.record(sent, held, options, 'report.published');
    const { delivered, failed } = counts(report);
    if (report.ledgerSequence !== undefined)
      await this.announce(report, [
        reportPublishedEvent({
          tenantId,
          occurredAt: report.generatedAt,
          month,
          language,
          reportKey: report.reportKey,
          sha256: report.sha256,
          recipients: report.deliveries.length,
          delivered,
          failed,
          ledgerSequence: report.ledgerSequence,
        }),
      ]);
    return report;
  }

  private async announce(report: MonthlyReportRecord, events: Parameters<EventPublisher['publish']>[0]) {
    try {
      await this.deps.publisher.publish(events);
    } catch (error) {
      if (this.deps.onPublishFailure === undefined) throw error;
      this.deps.onPublishFailure(report, error);
    }
  }

  /** Renders each language the recipients read, writes every file, then `manifest.json` with their SHA-256. */
  private async archive(claim: MonthlyReportRecord, figures: MonthlyReportFigures): Promise<MonthlyReportRecord> {
    const languages = [claim.language, ...new Set(claim.deliveries.map((d) => d.language))].filter(
      (l, i, all) => all.indexOf(l) === i,
    );
    const files: ArchivedFile[] = [];
    const messages: MonthlyReportRecord['messages'] = {};
    for (const language of languages) {
      const rendered = await this.deps.renderer.render({ ...figures, language });
      const message = await this.deps.mailer.compose(rendered);
      const dir = language === claim.language ? '' : `${language}/`;
      for (const file of renderedFiles(rendered, message, dir)) {
        const key = `${claim.prefix}${file.path}`;
        await this.deps.archive.put(key, file.body, file.contentType);
        files.push({
          path: file.path,
          key,
          contentType: file.contentType,
          bytes: file.body.byteLength,
          sha256: sha256(file.body),
        });
      }
      messages[language] = `${claim.prefix}${dir}message.eml`;
    }
    const manifest = new TextEncoder().encode(
      `${JSON.stringify(
        {
          tenantId: claim.tenantId,
          month: claim.month,
          version: claim.version,
          language: claim.language,
          timeZone: claim.timeZone,
          generatedAt: claim.generatedAt,
          period: { from: figures.from, to: figures.to },
          files: files.map(({ path, contentType, bytes, sha256: sum }) => ({ path, contentType, bytes, sha256: sum })),
        },
        null,
        2,
      )}\n`,
    );
    await this.deps.archive.put(`${claim.prefix}manifest.json`, manifest, 'application/json');
    const pdf = files.find((f) => f.path === 'report.pdf') as ArchivedFile;
    return {
      ...claim,
      state: 'archived',
      files,
      messages,
      reportKey: pdf.key,
      sha256: pdf.sha256,
      manifestSha256: sha256(manifest),
    };
  }

  /** Sends the archived message of each recipient's language to the recipients of `to`, one after the other. */
  private async send(report: MonthlyReportRecord, to: ReportDelivery[], now: Date): Promise<MonthlyReportRecord> {
    const messages = new Map<ReportLanguage, Uint8Array>();
    const outcomes = new Map<string, ReportDelivery>();
    for (const delivery of to) {
      const key = report.messages[delivery.language] ?? report.messages[report.language];
      if (key === undefined) throw new Error(`report ${report.month} has no archived message`);
      let message = messages.get(delivery.language);
      if (message === undefined) {
        message = await this.deps.archive.get(key);
        messages.set(delivery.language, message);
      }
      const outcome = await this.deps.mailer.send(addressed(message, delivery.email), delivery.email);
      const attempts = delivery.attempts + outcome.attempts;
      const at = now.toISOString();
      const { messageId: _m, reason: _r, permanent: _p, ...base } = delivery;
      outcomes.set(
        delivery.recipientHash,
        outcome.status === 'delivered'
          ? { ...base, status: 'delivered', attempts, at, messageId: outcome.messageId }
          : { ...base, status: 'failed', attempts, at, reason: outcome.reason, permanent: outcome.permanent },
      );
    }
    return { ...report, deliveries: report.deliveries.map((d) => outcomes.get(d.recipientHash) ?? d) };
  }

  private async redeliver(existing: MonthlyReportRecord, options: ProduceOptions): Promise<MonthlyReportRecord> {
    const held = { version: existing.version, generatedAt: existing.generatedAt };
    const pending = existing.deliveries.filter((d) => d.status !== 'delivered');
    const sent = await this.send(existing, pending, options.now);
    return this.record(sent, held, options, 'report.redelivered');
  }

  /** The item with its deliveries and the ledger entry, in one transaction. */
  private async record(
    report: MonthlyReportRecord,
    expected: ReportExpectation,
    options: ProduceOptions,
    kind: typeof REPORT_PUBLISHED | 'report.redelivered',
  ): Promise<MonthlyReportRecord> {
    const { delivered, failed } = counts(report);
    const committed = await this.deps.ledger.commit(report.tenantId, async () => {
      // Prepared again after a lost race: the item must still be the one this producer holds.
      const stored = await this.deps.store.report(report.tenantId, report.month);
      if (
        expected !== 'absent' &&
        (stored?.version !== expected.version || stored.generatedAt !== expected.generatedAt)
      )
        throw new ReportConflictError(`the report of ${report.month} was written by another producer meanwhile`);
      return {
        items: [this.deps.store.write(report, expected)],
        result: report,
        evidence: {
          tenantId: report.tenantId,
          occurredAt: options.now.toISOString(),
          actor: options.actor,
          actorRole: options.actorRole,
          kind,
          resource: `report/${report.month}`,
          ...(options.requestId === undefined ? {} : { requestId: options.requestId }),
          payload: {
            month: report.month,
            version: report.version,
            forced: report.forced,
            language: report.language,
            reportKey: report.reportKey,
            sha256: report.sha256,
            manifestSha256: report.manifestSha256,
            recipients: report.deliveries.length,
            delivered,
            failed,
            deliveries: report.deliveries.map((d) => ({
              recipientHash: d.recipientHash,
              language: d.language,
              status: d.status,
              attempts: d.attempts,
            })),
          },
        },
      };
    });
    return { ...committed.result, ...(committed.entry ? { ledgerSequence: committed.entry.sequence } : {}) };
  }
}

function counts(report: MonthlyReportRecord) {
  const delivered = report.deliveries.filter((d) => d.status === 'delivered').length;
  return { delivered, failed: report.deliveries.length - delivered };
}
