import { randomUUID } from 'node:crypto';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { z } from 'zod';
import { diagnosticEvent } from '../../events/adapters/redact.js';
import type { CanonicalEventType, EventBridgeEvent } from '../../events/envelope.js';
import { type DeadLetter, type DeadLetterSink, deadLetterTenant } from '../app/dead-letters.js';
import type { WriteOutcome } from '../app/write-outcome.js';
import { permanentStoreRefusal, UnprocessableEventError } from './errors.js';
import { logger } from './logger.js';
import { countDeadLetter } from './metrics.js';

/** What a consumer reports for one event. */
export type EventOutcome = WriteOutcome | 'dead-lettered';

export interface EventHandlerDeps {
  deadLetters: DeadLetterSink;
  now?: () => Date;
}

export interface UseCaseMeta {
  eventId: string;
  idempotencyKey: string;
}

type UseCase<S extends z.ZodType> = (detail: z.infer<S>, meta: UseCaseMeta) => Promise<WriteOutcome>;

/** Enough issues to fix a producer; a detail with thousands of faults must still fit in one dead letter. */
const MAX_ISSUES = 20;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;

function issueMessage(issue: z.core.$ZodIssue): string {
  // Unknown keys are named only when they look like field names: a key may itself be personal data.
  if (issue.code !== 'unrecognized_keys') return issue.message.slice(0, 200);
  const named = issue.keys.filter((key) => IDENTIFIER.test(key)).slice(0, 10);
  const others = issue.keys.length - named.length;
  const names = named.map((key) => `"${key}"`).join(', ');
  return `unknown field(s), refused: ${names}${others > 0 ? `${names ? ' and ' : ''}${others} more` : ''}`;
}

function issuesOf(error: z.ZodError): Array<{ path: string; message: string }> {
  // Messages only, never the offending values: they may be personal data.
  return error.issues
    .slice(0, MAX_ISSUES)
    .map((i) => ({ path: i.path.join('.').slice(0, 200) || '(detail)', message: issueMessage(i) }));
}

/**
 * Builds the Lambda handler of an event consumer from one line: the canonical event type it consumes and the use
 * case to call. The stack gives it: envelope and schema validation, structured logs carrying the tenant and a
 * correlation id, a dead letter (with the reason) for anything unusable, and a typed error path. Transient failures
 * are rethrown so that Lambda (or the local bus) retries; idempotency comes from the use case's write-once on the
 * event type's business key.
 */
export function eventHandler<S extends z.ZodType>(
  eventType: CanonicalEventType<S>,
  useCase: UseCase<S>,
  deps: () => EventHandlerDeps,
) {
  const clock = () => (deps().now ?? (() => new Date()))();
  const schema = eventType.schemaAt?.(clock) ?? eventType.schema;

  const deadLetter = async (event: Partial<EventBridgeEvent>, reason: string, issues?: DeadLetter['issues']) => {
    const detail = (event.detail ?? {}) as Record<string, unknown>;
    const { deadLetters } = deps();
    await deadLetters.put({
      id: typeof event.id === 'string' ? event.id : randomUUID(),
      receivedAt: clock().toISOString(),
      tenantId: deadLetterTenant(detail.tenantId),
      source: event.source,
      detailType: event['detail-type'],
      reason,
      issues,
      // Only what diagnoses it: the table keeps no personal data of a refused event, and can always take it.
      event: diagnosticEvent(event),
    });
    logger.warn('event dead-lettered', { reason, issues, source: event.source, detailType: event['detail-type'] });
    countDeadLetter(event['detail-type']);
    return 'dead-lettered' as const;
  };

  const handle = async (event: EventBridgeEvent, _context: Context): Promise<EventOutcome> => {
    if (event?.source !== eventType.source || event['detail-type'] !== eventType.detailType) {
      return deadLetter(event ?? {}, `expected ${eventType.source}/${eventType.detailType}`);
    }
    const parsed = schema.safeParse(event.detail);
    if (!parsed.success) return deadLetter(event, 'detail failed schema validation', issuesOf(parsed.error));

    const detail = parsed.data as z.infer<S> & { tenantId: string };
    const idempotencyKey = eventType.idempotencyKey(detail);
    logger.appendKeys({ tenantId: detail.tenantId, correlationId: `${detail.tenantId}/${idempotencyKey}` });
    try {
      const outcome = await useCase(detail, { eventId: event.id, idempotencyKey });
      logger.info('event processed', { detailType: eventType.detailType, outcome, eventId: event.id });
      return outcome;
    } catch (error) {
      if (error instanceof UnprocessableEventError) return deadLetter(event, error.message);
      // No retry can make the store take it: refused once, listed with the reason, rather than retried for ever.
      const refusal = permanentStoreRefusal(error);
      if (refusal !== undefined) return deadLetter(event, refusal);
      throw error;
    }
  };

  return middy<EventBridgeEvent, EventOutcome>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(handle);
}
