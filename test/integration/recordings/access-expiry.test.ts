/**
 * The presigned URL stops working when it says it does: with RECORDING_ACCESS_URL_SECONDS=5 the S3 stand-in, which
 * checks presigned requests as S3 does, serves the recording at once and refuses it once expiresAt has passed.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { testDocumentClient, useStandInEnvironment } from '../../support/stand-ins.js';
import { callApi } from '../kpis/support/api-event.js';
import { freshBucket, putRecording, storedRecording, testS3 } from './support/deletion-fixtures.js';
import { callRecordingApi } from './support/recording-api.js';

const config = useStandInEnvironment();
const db = testDocumentClient();
const s3 = testS3();
const bucket = await freshBucket(s3);
process.env.RECORDINGS_BUCKET = bucket;
process.env.RECORDING_ACCESS_URL_SECONDS = '5';
const { handler } = await import('../../../functions/request-recording-access/handler.js');
const { handler: putAgreement } = await import('../../../functions/put-agreement/handler.js');

const ALL_DAY = [{ opens: '00:00', closes: '24:00' }];
const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

describe('Function: request-recording-access, URL lifetime', () => {
  it('serves the recording until expiresAt and refuses it after', async () => {
    const tenantId = `rec-exp-${randomUUID().slice(0, 8)}`;
    await callApi(putAgreement, {
      method: 'PUT',
      route: '/v1/tenants/{tenantId}/agreement',
      tenantId,
      groups: '[admin]',
      body: {
        effectiveFrom: '2020-01-01',
        businessCalendar: {
          openingHours: { value: Object.fromEntries(DAYS.map((d) => [d, ALL_DAY])) },
          publicHolidays: { value: null },
          closures: [],
        },
      },
    });
    const state = storedRecording(tenantId, 'c-exp', new Date(), 86_400_000);
    await putRecording(db, config.tableName, s3, bucket, state);
    const granted = await callRecordingApi(handler, {
      method: 'POST',
      route: '/v1/tenants/{tenantId}/recordings/{contactId}/access',
      tenantId,
      params: { contactId: 'c-exp' },
      role: 'recording-reviewer',
      body: { purpose: 'training' },
    });
    expect(granted.status).toBe(201);
    expect(Date.parse(granted.body.expiresAt as string) - Date.now()).toBeLessThanOrEqual(5000);
    expect((await fetch(granted.body.url as string)).status).toBe(200);
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, Date.parse(granted.body.expiresAt as string) - Date.now()) + 1500),
    );
    expect((await fetch(granted.body.url as string)).status).toBe(403);
  });
});
