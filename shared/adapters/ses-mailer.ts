/**
 * ReportMailer (shared/app/monthly-reports.ts) on SES v2: the message is composed with nodemailer's MailComposer
 * (multipart/mixed: a multipart/related HTML part with the charts inline by `cid`, its plain-text alternative, the
 * PDF and CSV attachments) and sent as `Content.Raw` with `SendEmail`, one recipient per call. A transient failure
 * (throttling, a 5xx, the network) is retried with backoff; a refusal (`MessageRejected`, an address SES will not
 * send to, an unverified identity) is not, and comes back as a permanent failure for the caller to record.
 */
import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import pRetry from 'p-retry';
import type { RetryBudget } from '../app/budgets.js';
import type { RenderedReport, ReportMailer, SendOutcome } from '../app/monthly-reports.js';
import { isTransientDependencyError } from './transient-errors.js';

/**
 * Four attempts with waits of about 1, 2 and 4 s (at most doubled by jitter): SES's sending-rate throttle clears
 * within a second or two, and a longer outage is better left to the next run, which retries the recipients not
 * reached, than held inside one invocation.
 */
export const SES_SEND_RETRY: RetryBudget = {
  retries: 3,
  minTimeout: 1_000,
  maxTimeout: 8_000,
  factor: 2,
  randomize: true,
};

/** SES's throttles, which {@link isTransientDependencyError} does not name. */
const SES_TRANSIENT = new Set(['TooManyRequestsException', 'LimitExceededException']);

export interface SesReportMailerOptions {
  /** The sending address (`REPORTS_FROM_ADDRESS`), a verified SES identity in AWS. */
  from: string;
  /** The identity's ARN, when sending is authorised through a policy on it. */
  fromIdentityArn?: string;
  retry?: RetryBudget;
}

function describe(error: unknown): { name: string; message: string } {
  const e = error as { name?: string; message?: string };
  return { name: e.name ?? 'Error', message: (e.message ?? String(error)).slice(0, 300) };
}

const isTransient = (error: unknown) =>
  isTransientDependencyError(error) || SES_TRANSIENT.has((error as { name?: string }).name ?? '');

export class SesReportMailer implements ReportMailer {
  constructor(
    private readonly ses: SESv2Client,
    private readonly options: SesReportMailerOptions,
  ) {}

  async compose(report: RenderedReport): Promise<Uint8Array> {
    const composer = new MailComposer({
      from: this.options.from,
      subject: report.subject,
      text: report.text,
      html: report.html,
      attachments: [
        ...report.charts.map((c) => ({
          filename: c.filename,
          content: Buffer.from(c.png),
          contentType: 'image/png',
          cid: c.cid,
          contentDisposition: 'inline' as const,
        })),
        { filename: 'report.pdf', content: Buffer.from(report.pdf), contentType: 'application/pdf' },
        ...report.csv.map((c) => ({
          filename: c.filename,
          content: c.content,
          contentType: 'text/csv; charset=utf-8',
        })),
      ],
    });
    return new Uint8Array(await composer.compile().build());
  }

  async send(message: Uint8Array, to: string): Promise<SendOutcome> {
    let attempts = 0;
    try {
      const out = await pRetry(
        async () => {
          attempts++;
          return this.ses.send(
            new SendEmailCommand({
              FromEmailAddress: this.options.from,
              ...(this.options.fromIdentityArn === undefined
                ? {}
                : { FromEmailAddressIdentityArn: this.options.fromIdentityArn }),
              Destination: { ToAddresses: [to] },
              Content: { Raw: { Data: message } },
            }),
          );
        },
        { ...(this.options.retry ?? SES_SEND_RETRY), shouldRetry: ({ error }) => isTransient(error) },
      );
      return { status: 'delivered', messageId: out.MessageId ?? '', attempts };
    } catch (error) {
      const { name, message: detail } = describe(error);
      // The reason is SES's; it may quote the address, so it stays on the report item, never in a log.
      return { status: 'failed', reason: `${name}: ${detail}`, permanent: !isTransient(error), attempts };
    }
  }
}
