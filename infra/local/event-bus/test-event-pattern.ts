/**
 * The `TestEventPattern` operation: does this event match this pattern, by the same matcher that routes the bus.
 *
 * @see https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_TestEventPattern.html
 */
import { z } from 'zod';
import { AwsServiceError } from './aws-json-protocol.js';
import { InvalidEventPatternError } from './invalid-event-pattern-error.js';
import { compilePattern } from './pattern.js';

const TestEventPatternRequest = z.looseObject({ Event: z.string().optional(), EventPattern: z.string().optional() });

/** The envelope fields the API requires of the test event. */
const MANDATORY_EVENT_FIELDS = ['id', 'account', 'source', 'time', 'region', 'resources', 'detail-type'] as const;

/**
 * @throws AwsServiceError `InvalidEventPatternException` for a pattern EventBridge would refuse,
 *   `ValidationException` for a missing member or an event that is not a JSON object with the mandatory fields.
 */
export function testEventPattern(input: unknown): { Result: boolean } {
  const parsed = TestEventPatternRequest.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AwsServiceError('SerializationException', `${issue?.path.join('.') ?? 'request'}: ${issue?.message}`);
  }
  const { Event: eventText, EventPattern: patternText } = parsed.data;
  if (patternText === undefined) throw missing('eventPattern');
  if (eventText === undefined) throw missing('event');

  const matches = compile(patternText);
  return { Result: matches(parseEvent(eventText)) };
}

function missing(member: string): AwsServiceError {
  return new AwsServiceError(
    'ValidationException',
    `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
  );
}

function compile(patternText: string) {
  let pattern: unknown;
  try {
    pattern = JSON.parse(patternText);
  } catch (error) {
    throw new AwsServiceError(
      'InvalidEventPatternException',
      `Event pattern is not valid. Reason: ${(error as Error).message}`,
    );
  }
  try {
    return compilePattern(pattern);
  } catch (error) {
    if (error instanceof InvalidEventPatternError)
      throw new AwsServiceError('InvalidEventPatternException', error.message);
    throw error;
  }
}

function parseEvent(eventText: string): Record<string, unknown> {
  let event: unknown;
  try {
    event = JSON.parse(eventText);
  } catch (error) {
    throw invalidEvent(`not valid JSON (${(error as Error).message})`);
  }
  if (event === null || typeof event !== 'object' || Array.isArray(event)) throw invalidEvent('not a JSON object');
  const absent = MANDATORY_EVENT_FIELDS.filter((field) => !Object.hasOwn(event, field));
  if (absent.length > 0) throw invalidEvent(`Provided Event is missing the mandatory fields ${absent.join(', ')}`);
  return event as Record<string, unknown>;
}

function invalidEvent(reason: string): AwsServiceError {
  return new AwsServiceError('ValidationException', `Parameter Event is not valid. Reason: ${reason}`);
}
