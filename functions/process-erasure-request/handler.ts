import { ErasureRequested, PRIVACY_SOURCE } from '../../events/recordings.js';
import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import { ErasureRequestIdReusedError } from '../../shared/app/erasure-requests.js';
import { eraseDataSubject, recordingObjects } from '../../shared/compose/recording-deletion.js';
import { loadConfig, once, requiredVariable } from '../../shared/runtime/config.js';
import { UnprocessableEventError } from '../../shared/runtime/errors.js';
import { eventHandler } from '../../shared/runtime/event-handler.js';
import { DynamoDeadLetterRepository } from '../../shared/store/dead-letter-repository.js';

// Read at cold start: a missing or malformed variable fails the init, not a request.
const config = loadConfig();
const bucket = requiredVariable('RECORDINGS_BUCKET');

const deps = once(() => {
  const db = createDocumentClient(config);
  return {
    erase: eraseDataSubject(db, config, recordingObjects(config, bucket)),
    deadLetters: new DynamoDeadLetterRepository(db, config.tableName),
  };
});

/**
 * Consumes `erasure.requested`: executes the data subject's erasure once (key: tenantId + requestId). Blocked by a
 * legal hold is an outcome, recorded and listed like a completed request, not a dead letter; a requestId already
 * used for another data subject is refused (dead letter with the reason).
 */
export const handler = eventHandler(
  ErasureRequested,
  async (detail, meta) => {
    try {
      const { entry } = await deps().erase.execute(
        detail.tenantId,
        {
          requestId: detail.requestId,
          customerRef: detail.customerRef,
          receivedAt: new Date(detail.receivedAt),
          requestedBy: PRIVACY_SOURCE,
          via: 'event',
        },
        new Date(),
        { actor: 'system:process-erasure-request', actorRole: 'system', requestId: meta.eventId },
      );
      // Nothing written: a completed request, or a blocked one still held by the same holds, delivered again.
      return entry === undefined ? 'duplicate' : 'applied';
    } catch (error) {
      if (error instanceof ErasureRequestIdReusedError) throw new UnprocessableEventError(error.message);
      throw error;
    }
  },
  deps,
);
