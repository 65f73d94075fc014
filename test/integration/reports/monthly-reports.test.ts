/**
 * Producing a monthly report against DynamoDB Local, the S3 stand-in and the SES stand-in: the archive's files
 * match their recorded SHA-256, each recipient gets one mail (HTML with the chart inline, the PDF and the CSV
 * attached), the report item and its `report.published` ledger entry are written (no address in the ledger), the
 * event is published; a re-run sends nothing, `force` sends again; a throttled recipient is retried, recorded failed,
 * the report is archived and listed all the same, and a later run sends to that recipient only.
 */
import { createHash } from 'node:crypto';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { MonthNotEndedError, ReportConflictError } from '../../../shared/app/monthly-reports.js';
import { monthlyReports } from '../../../shared/compose/monthly-reports.js';
import { DynamoLedgerRepository } from '../../../shared/store/ledger-repository.js';
import { testDocumentClient, useStandInEnvironment } from '../../support/stand-ins.js';
import { freshBucket, testS3 } from '../recordings/support/deletion-fixtures.js';
import { fakeRenderer, mailsTo, recordingPublisher, reportingTenant, throttlingMailer } from './support.js';

const config = useStandInEnvironment();
const s3 = testS3();
const bucket = await freshBucket(s3);
process.env.REPORTS_BUCKET = bucket;
const db = testDocumentClient();
const ledger = new DynamoLedgerRepository(db, config.tableName);
const officer = { actor: 'officer-1', actorRole: 'compliance-officer' };
/** The second of November in Paris: October has ended. */
const NOW = new Date('2026-11-02T06:00:00Z');

async function object(key: string) {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await (out.Body?.transformToByteArray() ?? new Uint8Array()));
}

async function entries(tenantId: string, kind: string) {
  const found = [];
  for await (const entry of ledger.entries(tenantId)) if (entry.kind === kind) found.push(entry);
  return found;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('monthly report production', () => {
  it('archives, sends one mail per recipient, records and announces it, and sends nothing twice unless forced', async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    const fr = `officer.${tag}@example.com`;
    const en = `manager.${tag}@example.com`;
    const tenantId = await reportingTenant(config, 'report', [{ email: fr }, { email: en, language: 'en' }]);
    const publisher = recordingPublisher();
    const reports = monthlyReports(db, config, { renderer: fakeRenderer, publisher });

    const first = await reports.produce(tenantId, '2026-10', { ...officer, now: NOW });
    expect(first.outcome).toBe('produced');
    const report = first.report;
    expect(report.deliveries.map((d) => [d.language, d.status])).toEqual([
      ['fr', 'delivered'],
      ['en', 'delivered'],
    ]);

    // Every archived file is what the record and the manifest say; the English rendering sits under en/.
    for (const file of report.files) expect(sha256(await object(file.key))).toBe(file.sha256);
    expect(report.files.map((f) => f.path)).toEqual(
      expect.arrayContaining(['report.pdf', 'report.html', 'service-level.png', 'kpis-monthly.csv', 'message.eml']),
    );
    expect(report.files.map((f) => f.path)).toContain('en/report.pdf');
    const manifestBytes = await object(`${report.prefix}manifest.json`);
    expect(sha256(manifestBytes)).toBe(report.manifestSha256);
    const manifest = JSON.parse(manifestBytes.toString('utf8'));
    expect(manifest.files).toHaveLength(report.files.length);
    expect(report.sha256).toBe(report.files.find((f) => f.path === 'report.pdf')?.sha256);

    // One mail each, in the recipient's language, the chart inline and the PDF and CSV attached.
    const [toFr] = await mailsTo(fr);
    const [toEn] = await mailsTo(en);
    expect(toFr?.subject).toBe('Rapport de surveillance 2026-10');
    expect(toEn?.subject).toBe('Surveillance report 2026-10');
    expect(toFr?.destination.to).toEqual([fr]);
    const attached = toFr?.attachments.map((a) => [a.filename, a.contentType]);
    expect(attached).toEqual(
      expect.arrayContaining([
        ['service-level.png', 'image/png'],
        ['report.pdf', 'application/pdf'],
        ['kpis-monthly.csv', 'text/csv'],
      ]),
    );
    expect(toFr?.attachments.find((a) => a.filename === 'service-level.png')?.contentId).toBe('<trend>');
    // The stand-in's parser inlines related images as data URIs; the message as sent references the cid.
    expect(toFr?.body.html).toContain('data:image/png;base64,');
    const eml = (await object(`${report.prefix}message.eml`)).toString('utf8');
    expect(eml).toMatch(/multipart\/related/);
    expect(eml).toContain('cid:trend');
    expect(eml).not.toMatch(/^To:/m);

    // The item and its ledger entry; the ledger names recipients by hash only.
    expect((await reports.report(tenantId, '2026-10'))?.deliveries.every((d) => d.status === 'delivered')).toBe(true);
    const [published] = await entries(tenantId, 'report.published');
    expect(published?.payload).toMatchObject({
      month: '2026-10',
      version: 1,
      forced: false,
      recipients: 2,
      delivered: 2,
    });
    expect(JSON.stringify(published)).not.toContain('@');
    expect(publisher.events).toEqual([
      expect.objectContaining({
        source: 'ccc.compliance',
        detailType: 'report.published',
        detail: expect.objectContaining({
          tenantId,
          month: '2026-10',
          sha256: report.sha256,
          recipients: 2,
          delivered: 2,
          failed: 0,
          ledgerSequence: published?.sequence,
        }),
      }),
    ]);

    // A re-run sends nothing; force sends a second version to everyone.
    expect((await reports.produce(tenantId, '2026-10', { ...officer, now: NOW })).outcome).toBe('unchanged');
    expect(await mailsTo(fr)).toHaveLength(1);
    const forced = await reports.produce(tenantId, '2026-10', { ...officer, force: true, now: NOW });
    expect(forced.outcome).toBe('produced');
    expect(forced.report.version).toBe(2);
    expect(forced.report.prefix).not.toBe(report.prefix);
    expect(await mailsTo(fr)).toHaveLength(2);
    expect(await mailsTo(en)).toHaveLength(2);
    const published2 = await entries(tenantId, 'report.published');
    expect(published2.map((e) => e.payload.forced)).toEqual([false, true]);
    expect(publisher.events).toHaveLength(2);

    // November has not ended on the second of November.
    await expect(reports.produce(tenantId, '2026-11', { ...officer, now: NOW })).rejects.toThrow(MonthNotEndedError);
  });

  it('retries a throttled recipient, records it failed, keeps the report, and later sends to that recipient only', async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    const fine = `fine.${tag}@example.com`;
    const throttled = `busy.${tag}@example.com`;
    const tenantId = await reportingTenant(config, 'report-fail', [{ email: fine }, { email: throttled }]);
    const refused = new Set([throttled]);
    const publisher = recordingPublisher();
    const reports = monthlyReports(db, config, {
      renderer: fakeRenderer,
      publisher,
      mailer: throttlingMailer(config, refused),
    });

    // The daily surveillance's call on the second of November produces October, once.
    expect(await reports.produceDue(tenantId, NOW)).toEqual({ month: '2026-10' });
    expect(await reports.produceDue(tenantId, NOW)).toBeUndefined();
    const stored = await reports.report(tenantId, '2026-10');
    expect(stored?.state).toBe('archived');
    const failed = stored?.deliveries.find((d) => d.email === throttled);
    expect(failed).toMatchObject({ status: 'failed', attempts: 3, permanent: false });
    expect(failed?.reason).toContain('TooManyRequestsException');
    expect(publisher.events[0]?.detail).toMatchObject({ recipients: 2, delivered: 1, failed: 1 });
    expect((await reports.list(tenantId, 10)).reports.map((r) => r.month)).toEqual(['2026-10']);
    expect(sha256(await object(stored?.reportKey ?? ''))).toBe(stored?.sha256);

    // SES takes the address again: a run sends to it alone.
    refused.clear();
    const again = await reports.produce(tenantId, '2026-10', { ...officer, now: NOW });
    expect(again.outcome).toBe('redelivered');
    expect(again.report.deliveries.map((d) => d.status)).toEqual(['delivered', 'delivered']);
    expect(await mailsTo(fine)).toHaveLength(1);
    expect(await mailsTo(throttled)).toHaveLength(1);
    const [redelivered] = await entries(tenantId, 'report.redelivered');
    expect(redelivered?.payload).toMatchObject({ delivered: 2, failed: 0 });
  });

  it('lets one of two producers racing for the same month send it, the other refused with nothing sent', async () => {
    const address = `race.${crypto.randomUUID().slice(0, 8)}@example.com`;
    const tenantId = await reportingTenant(config, 'report-race', [{ email: address }]);
    const reports = monthlyReports(db, config, { renderer: fakeRenderer, publisher: recordingPublisher() });
    const outcomes = await Promise.allSettled([
      reports.produce(tenantId, '2026-10', { ...officer, now: NOW }),
      reports.produce(tenantId, '2026-10', { ...officer, now: NOW }),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find((o) => o.status === 'rejected');
    expect(refused?.status === 'rejected' && refused.reason).toBeInstanceOf(ReportConflictError);
    expect(await mailsTo(address)).toHaveLength(1);
    expect(await entries(tenantId, 'report.published')).toHaveLength(1);
  });
});
