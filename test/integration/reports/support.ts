/**
 * What the monthly-report tests share: a tenant whose agreement names report recipients, the SES stand-in's store
 * of sent mails, a publisher that keeps what it is given, and a small renderer standing in for the real one
 * (shared/adapters/report-renderer.ts) where a test is about delivery, not presentation.
 */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { inject } from 'vitest';
import { clientOptions } from '../../../shared/adapters/aws-clients.js';
import { SesReportMailer } from '../../../shared/adapters/ses-mailer.js';
import { AddAgreementVersion } from '../../../shared/app/add-agreement-version.js';
import type { OutgoingEvent } from '../../../shared/app/assemble-vendor-contact.js';
import type { RenderedReport, ReportRenderer } from '../../../shared/app/monthly-reports.js';
import { AgreementInput } from '../../../shared/domain/agreement/agreement-schema.js';
import type { MonthlyReportFigures } from '../../../shared/domain/report/report-figures.js';
import type { RuntimeConfig } from '../../../shared/runtime/config.js';
import { AgreementRepository } from '../../../shared/store/agreement-repository.js';
import { DynamoLedgerRepository } from '../../../shared/store/ledger-repository.js';
import { testDocumentClient } from '../../support/stand-ins.js';

/** The smallest PNG (1×1), so the message carries a real image part. */
const PNG = Uint8Array.from(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  ),
);

/** Renders what a delivery test checks: the month and language, and how many KPI rows the figures hold. */
export const fakeRenderer: ReportRenderer = {
  async render(figures: MonthlyReportFigures): Promise<RenderedReport> {
    const rows = figures.kpis.monthly.series.length;
    return {
      subject: `${figures.language === 'fr' ? 'Rapport de surveillance' : 'Surveillance report'} ${figures.month}`,
      html: `<html lang="${figures.language}"><body><p>${figures.month}</p><img src="cid:trend" alt="trend"></body></html>`,
      text: `${figures.month} (${figures.language})`,
      charts: [{ cid: 'trend', filename: 'service-level.png', png: PNG, alt: 'trend' }],
      pdf: new TextEncoder().encode(`%PDF-1.4\n% ${figures.tenantId} ${figures.month} ${figures.language}\n%%EOF\n`),
      csv: [{ filename: 'kpis-monthly.csv', content: `month,rows\n${figures.month},${rows}\n` }],
    };
  },
};

export interface StoredMail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { html?: string; text?: string };
  attachments: { filename?: string; contentType: string; contentId?: string; cid?: string; size: number }[];
}

/** The mails the SES stand-in received for `address`. */
export async function mailsTo(address: string): Promise<StoredMail[]> {
  const out = await fetch(`${inject('sesEndpoint')}/store`);
  const { emails } = (await out.json()) as { emails: StoredMail[] };
  return emails.filter((m) => m.destination.to.some((to) => to.includes(address)));
}

export function recordingPublisher() {
  const events: OutgoingEvent[] = [];
  return { events, publish: async (batch: readonly OutgoingEvent[]) => void events.push(...batch) };
}

/**
 * The real SES mailer on the stand-in, except that SES throttles every send to an address of `throttled` (the
 * stand-in accepts anything), with retries a millisecond apart.
 */
export function throttlingMailer(config: RuntimeConfig, throttled: Set<string>) {
  const ses = new SESv2Client({ ...clientOptions(config, config.endpoints.ses), maxAttempts: 1 });
  ses.middlewareStack.add(
    (next) => async (args) => {
      const to = (args.input as { Destination?: { ToAddresses?: string[] } }).Destination?.ToAddresses?.[0] ?? '';
      if (throttled.has(to))
        throw Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'TooManyRequestsException' });
      return next(args);
    },
    { step: 'initialize' },
  );
  return new SesReportMailer(ses, {
    from: 'reports@ccc-compliance.local',
    retry: { retries: 2, minTimeout: 1, maxTimeout: 2, factor: 1, randomize: false },
  });
}

/** A tenant in Paris whose agreement (French) sends reports to `recipients` from 2026-01-01. */
export async function reportingTenant(
  config: RuntimeConfig,
  prefix: string,
  recipients: { email: string; language?: 'fr' | 'en' }[],
) {
  const tenantId = `${prefix}-${crypto.randomUUID().slice(0, 8)}`;
  const db = testDocumentClient();
  await new AddAgreementVersion(
    new AgreementRepository(db, config.tableName),
    new DynamoLedgerRepository(db, config.tableName),
  ).add(
    tenantId,
    AgreementInput.parse({
      effectiveFrom: '2026-01-01',
      timeZone: { value: 'Europe/Paris', origin: 'contract' },
      language: { value: 'fr', origin: 'contract' },
      reportRecipients: recipients,
    }),
    { recordedBy: 'officer-1', role: 'compliance-officer', recordedAt: new Date('2025-12-01T00:00:00Z') },
  );
  return tenantId;
}
