/** The surveillance queue's message body (shared/app/surveillance.ts `SurveillanceMessage`), checked on receipt. */
import { z } from 'zod';
import { IDENTIFIER_PATTERN } from '../../events/envelope.js';
import type { SurveillanceMessage } from '../../shared/app/surveillance.js';

const Day = z.iso.date();

export const SurveillanceMessageBody = z.strictObject({
  tenantId: z.string().regex(IDENTIFIER_PATTERN),
  day: Day,
  scheduledTime: z.iso.datetime({ offset: true }),
  missedDays: z.array(Day).max(31),
}) satisfies z.ZodType<SurveillanceMessage>;

/** The message of an SQS record's body; a body that is not one throws with what is wrong with it. */
export function parseMessage(body: string): SurveillanceMessage {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new SyntaxError('the message body is not JSON');
  }
  const parsed = SurveillanceMessageBody.safeParse(json);
  if (!parsed.success) throw new TypeError(`not a surveillance message: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
