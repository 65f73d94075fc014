import { z } from 'zod';
import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import { cursorSecret } from '../../shared/adapters/cursor-secret.js';
import { createS3Client } from '../../shared/adapters/ledger-anchor-store.js';
import { S3RecordingObjectStore } from '../../shared/adapters/recording-object-store.js';
import { MAX_RECORDING_URL_SECONDS, RecordingAccessUseCase } from '../../shared/app/recording-access.js';
import { tenantAccessLog } from '../../shared/app/recording-access-log.js';
import { apiHandler } from '../../shared/http/api-handler.js';
import { apiRoutes } from '../../shared/http/api-routes.js';
import { decodeCursor, encodeCursor } from '../../shared/http/cursor.js';
import { BadRequestError, HttpError, NotFoundError } from '../../shared/http/problem.js';
import { ConfigurationError, loadConfig, once, requiredVariable } from '../../shared/runtime/config.js';
import { AgreementRepository } from '../../shared/store/agreement-repository.js';
import { DynamoLedgerRepository } from '../../shared/store/ledger-repository.js';
import { RecordingAccessRepository } from '../../shared/store/recording-access-repository.js';
import {
  getRecordingAccessLogRoute,
  getRecordingRoute,
  getTenantRecordingAccessLogRoute,
  RecordingView,
  requestRecordingAccessRoute,
} from './route.js';

// Read at cold start: a missing or malformed variable fails the init, not a request.
const config = loadConfig();
const bucket = requiredVariable('RECORDINGS_BUCKET');
const whole = (fallback: number, max: number) => z.coerce.number().int().min(1).max(max).default(fallback);
const settings = z
  .object({
    RECORDING_ACCESS_URL_SECONDS: whole(MAX_RECORDING_URL_SECONDS, MAX_RECORDING_URL_SECONDS),
    RECORDING_ACCESS_HOURLY_LIMIT: whole(10, 100_000),
  })
  .safeParse({
    RECORDING_ACCESS_URL_SECONDS: process.env.RECORDING_ACCESS_URL_SECONDS?.trim() || undefined,
    RECORDING_ACCESS_HOURLY_LIMIT: process.env.RECORDING_ACCESS_HOURLY_LIMIT?.trim() || undefined,
  });
if (!settings.success)
  throw new ConfigurationError(
    `environment variable ${settings.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
  );

const deps = once(() => {
  const db = createDocumentClient(config, { tenantScoped: true });
  const store = new RecordingAccessRepository(db, config.tableName);
  const ledger = new DynamoLedgerRepository(db, config.tableName);
  return {
    store,
    ledger,
    // The access record, its ledger entry and the control state are written in one transaction.
    access: new RecordingAccessUseCase(
      store,
      new AgreementRepository(db, config.tableName),
      new S3RecordingObjectStore(createS3Client(config), { bucket }),
      ledger,
      {
        urlSeconds: settings.data.RECORDING_ACCESS_URL_SECONDS,
        hourlyLimit: settings.data.RECORDING_ACCESS_HOURLY_LIMIT,
      },
    ),
  };
});

const NO_RECORDING = 'This contact has no recording';

/** 410: the recording existed and was deleted; the answer says when and why (not by whom). */
function deletedError(deletedAt: string, reason: string): HttpError {
  const why = reason === 'erasure' ? "by the data subject's erasure request" : 'at the end of its retention';
  return new HttpError(410, 'recording-deleted', 'Gone', `The recording was deleted ${why} on ${deletedAt}`);
}

const requestAccess = apiHandler(
  requestRecordingAccessRoute,
  async ({ path, body, principal, role, requestId, now }) => {
    const granted = await deps().access.request({
      tenantId: path.tenantId,
      contactId: path.contactId,
      actor: principal.subject,
      role,
      purpose: body.purpose,
      ...(body.note === undefined ? {} : { note: body.note }),
      requestId,
      now,
    });
    if (granted.outcome === 'not-found') throw new NotFoundError(NO_RECORDING);
    if (granted.outcome === 'deleted') throw deletedError(granted.deletedAt, granted.reason);
    const { access, url, entry } = granted;
    return {
      status: 201,
      body: {
        tenantId: access.tenantId,
        contactId: access.contactId,
        accessId: access.accessId,
        url,
        expiresAt: access.expiresAt,
        purpose: body.purpose,
        unusual: access.unusual,
        ledgerSequence: access.ledgerSequence,
      },
      evidence: entry,
    };
  },
);

const accessLog = apiHandler(getRecordingAccessLogRoute, async ({ path, query }) => {
  const secret = await cursorSecret();
  const scope = { tenantId: path.tenantId, list: `recording-access-log/${path.contactId}` };
  const after = decodeCursor(secret, scope, query.cursor);
  const page = await deps().access.accessLog(path.tenantId, path.contactId, {
    limit: query.limit,
    ...(after === undefined ? {} : { after }),
  });
  return {
    body: {
      tenantId: path.tenantId,
      contactId: path.contactId,
      accesses: page.accesses.map(({ tenantId: _tenant, ...entry }) => entry),
      ...(page.next === undefined ? {} : { nextCursor: encodeCursor(secret, scope, page.next) }),
    },
  };
});

/** The sequence a cursor of the tenant-wide log continues below; a signed cursor of another shape is not one. */
function beforeSequence(key: Record<string, unknown> | undefined): number | undefined {
  if (key === undefined) return undefined;
  if (Number.isInteger(key.before) && (key.before as number) > 0) return key.before as number;
  throw new BadRequestError('The cursor is not valid for this list', [
    { in: 'query', path: 'cursor', message: 'invalid cursor' },
  ]);
}

const tenantLog = apiHandler(getTenantRecordingAccessLogRoute, async ({ path, query }) => {
  const from = new Date(query.from);
  const to = new Date(query.to);
  const secret = await cursorSecret();
  // The window is in the scope: a cursor read on under another window would skip or repeat accesses.
  const scope = {
    tenantId: path.tenantId,
    list: `recording-access-log/${from.toISOString()}/${to.toISOString()}`,
  };
  const before = beforeSequence(decodeCursor(secret, scope, query.cursor));
  const page = await tenantAccessLog(
    deps().ledger,
    path.tenantId,
    { from, to },
    { limit: query.limit, ...(before === undefined ? {} : { beforeSequence: before }) },
  );
  const next = page.nextBefore === undefined ? undefined : encodeCursor(secret, scope, { before: page.nextBefore });
  return {
    body: {
      tenantId: path.tenantId,
      from: from.toISOString(),
      to: to.toISOString(),
      accesses: page.accesses,
      ...(next === undefined ? {} : { nextCursor: next }),
    },
  };
});

const getRecording = apiHandler(getRecordingRoute, async ({ path }) => {
  const recording = await deps().store.recording(path.tenantId, path.contactId);
  if (recording === undefined) throw new NotFoundError(NO_RECORDING);
  // Parsed, so only the documented fields leave (not, say, where the platform's copy was fetched from).
  return { body: RecordingView.parse(recording) };
});

/**
 * Grants accesses to recordings, lists their access logs (one recording's, or the tenant's in a window) and shows
 * their metadata, from one function.
 */
export const handler = apiRoutes([requestAccess, accessLog, tenantLog, getRecording]);
