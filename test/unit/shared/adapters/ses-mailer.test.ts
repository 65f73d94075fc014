/**
 * SesReportMailer against a mocked SES v2 client: a throttled send is retried and then succeeds, a refusal
 * (`MessageRejected`) is not retried and comes back permanent, a throttle that never clears comes back transient
 * after the budget; the composed message is multipart with the chart related to the HTML by cid, the PDF and CSV
 * attached, and no recipient.
 */
import { MessageRejected, SESv2Client, SendEmailCommand, TooManyRequestsException } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SesReportMailer } from '../../../../shared/adapters/ses-mailer.js';

const ses = mockClient(SESv2Client);
const fast = { retries: 2, minTimeout: 1, maxTimeout: 1, factor: 1, randomize: false };
const mailer = new SesReportMailer(new SESv2Client({ region: 'eu-west-3' }), {
  from: 'reports@example.org',
  retry: fast,
});
const throttled = () => new TooManyRequestsException({ message: 'Maximum sending rate exceeded.', $metadata: {} });
const message = new TextEncoder().encode('From: reports@example.org\r\nSubject: x\r\n\r\nbody');

beforeEach(() => ses.reset());

describe('SesReportMailer', () => {
  it('retries a throttled send and sends raw content to one recipient', async () => {
    ses.on(SendEmailCommand).rejectsOnce(throttled()).resolves({ MessageId: 'm-1' });
    expect(await mailer.send(message, 'a@example.org')).toEqual({ status: 'delivered', messageId: 'm-1', attempts: 2 });
    const input = ses.commandCalls(SendEmailCommand)[1]?.args[0].input;
    expect(input?.Destination).toEqual({ ToAddresses: ['a@example.org'] });
    expect(input?.FromEmailAddress).toBe('reports@example.org');
    expect(input?.Content?.Raw?.Data).toEqual(message);
  });

  it('does not retry a refusal and reports it permanent', async () => {
    ses.on(SendEmailCommand).rejects(new MessageRejected({ message: 'Email address is not verified.', $metadata: {} }));
    const outcome = await mailer.send(message, 'b@example.org');
    expect(outcome).toMatchObject({ status: 'failed', permanent: true, attempts: 1 });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });

  it('gives up on a throttle that does not clear after its budget, as a transient failure', async () => {
    ses.on(SendEmailCommand).rejects(throttled());
    expect(await mailer.send(message, 'c@example.org')).toMatchObject({
      status: 'failed',
      permanent: false,
      attempts: 3,
    });
  });

  it('composes HTML with the chart related by cid, a text alternative, the PDF and CSV attached, and no To', async () => {
    const eml = new TextDecoder().decode(
      await mailer.compose({
        subject: 'Rapport de surveillance — octobre 2026',
        html: '<p>Niveau de service</p><img src="cid:sl" alt="Niveau de service">',
        text: 'Niveau de service',
        charts: [{ cid: 'sl', filename: 'service-level.png', png: new Uint8Array([137, 80, 78, 71]), alt: 'sl' }],
        pdf: new TextEncoder().encode('%PDF-1.4'),
        csv: [{ filename: 'kpis-monthly.csv', content: 'a,b\n1,2\n' }],
      }),
    );
    expect(eml).toMatch(/Content-Type: multipart\/mixed/);
    expect(eml).toMatch(/Content-Type: multipart\/alternative/);
    expect(eml).toMatch(/Content-Type: multipart\/related/);
    expect(eml).toMatch(/Content-Id: <sl>/i);
    expect(eml).toMatch(/Content-Disposition: attachment; filename=report\.pdf/);
    expect(eml).toMatch(/filename=kpis-monthly\.csv/);
    expect(eml).toMatch(/^Subject: =\?UTF-8\?/m);
    expect(eml).not.toMatch(/^To:/m);
  });
});
