import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import { createS3Client } from '../../shared/adapters/ledger-anchor-store.js';
import { S3RecordingObjectStore } from '../../shared/adapters/recording-object-store.js';
import { type HoldAuthor, LegalHolds, type RecordingHoldOutcome } from '../../shared/app/legal-holds.js';
import { type ApiRequest, type ApiResult, apiHandler } from '../../shared/http/api-handler.js';
import { apiRoutes } from '../../shared/http/api-routes.js';
import { HttpError, NotFoundError } from '../../shared/http/problem.js';
import { loadConfig, once, requiredVariable } from '../../shared/runtime/config.js';
import { DynamoLedgerRepository } from '../../shared/store/ledger-repository.js';
import { LegalHoldRepository } from '../../shared/store/legal-hold-repository.js';
import {
  releaseCustomerHoldRoute,
  releaseRecordingHoldRoute,
  setCustomerHoldRoute,
  setRecordingHoldRoute,
} from './route.js';

// Read at cold start: a missing or malformed variable fails the init, not a request.
const config = loadConfig();
const bucket = requiredVariable('RECORDINGS_BUCKET');
const objectLock = process.env.RECORDING_OBJECT_LOCK?.trim() === 'on';

const deps = once(() => {
  const db = createDocumentClient(config, { tenantScoped: true });
  // Each change and its ledger entry are one transaction; the S3 legal hold follows where Object Lock is on.
  return {
    holds: new LegalHolds(
      new LegalHoldRepository(db, config.tableName),
      new S3RecordingObjectStore(createS3Client(config), { bucket, objectLock }),
      new DynamoLedgerRepository(db, config.tableName),
    ),
  };
});

function author(request: ApiRequest<unknown, unknown, { reason: string }>): HoldAuthor {
  return {
    actor: request.principal.subject,
    role: request.role,
    reason: request.body.reason,
    requestId: request.requestId,
    now: request.now,
  };
}

/** The answer to a change of one recording's hold: 201 when a hold was set, 200 otherwise. */
function recordingAnswer(result: RecordingHoldOutcome): ApiResult {
  if (result.outcome === 'not-found') throw new NotFoundError('This contact has no recording');
  if (result.outcome === 'deleted')
    throw new HttpError(410, 'recording-deleted', 'Gone', `The recording was deleted on ${result.deletedAt}`);
  const { view, entry } = result;
  return { status: view.outcome === 'set' ? 201 : 200, body: view, evidence: entry ?? null };
}

const setRecordingHold = apiHandler(setRecordingHoldRoute, async (request) =>
  recordingAnswer(await deps().holds.holdRecording(request.path.tenantId, request.path.contactId, author(request))),
);

const releaseRecordingHold = apiHandler(releaseRecordingHoldRoute, async (request) =>
  recordingAnswer(await deps().holds.releaseRecording(request.path.tenantId, request.path.contactId, author(request))),
);

/** The answer to a customer-wide change; `ledger-sequence` names its last entry (the body lists them all). */
function customerAnswer(view: Awaited<ReturnType<LegalHolds['holdCustomer']>>, created: boolean): ApiResult {
  const last = view.ledgerSequences.at(-1);
  return { status: created ? 201 : 200, body: view, evidence: last === undefined ? null : { sequence: last } };
}

const setCustomerHold = apiHandler(setCustomerHoldRoute, async (request) => {
  const view = await deps().holds.holdCustomer(request.path.tenantId, request.path.customerRef, author(request));
  return customerAnswer(view, view.outcome === 'set');
});

const releaseCustomerHold = apiHandler(releaseCustomerHoldRoute, async (request) =>
  customerAnswer(
    await deps().holds.releaseCustomer(request.path.tenantId, request.path.customerRef, author(request)),
    false,
  ),
);

/** Sets and releases legal holds on one recording or on a data subject's recordings, from one function. */
export const handler = apiRoutes([setRecordingHold, releaseRecordingHold, setCustomerHold, releaseCustomerHold]);
