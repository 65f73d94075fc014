/**
 * EventBridge rules as data: the CDK stack and the local bus are both built from these objects,
 * so what routes an event in AWS routes it the same way on one machine.
 */
import { ContactCompleted } from './telephony.js';

/** An EventBridge event pattern (content filtering), as AWS documents it. */
export type EventPattern = { [key: string]: unknown };

export interface RuleDefinition {
  /** PascalCase; used as the construct id in AWS and the rule name locally. */
  name: string;
  description: string;
  eventPattern: EventPattern;
  /** The function (folder under `functions/`) that the rule invokes. */
  target: string;
}

export const EVENT_BUS_NAME = 'ccc-compliance';

export const rules: readonly RuleDefinition[] = [
  {
    name: 'ContactCompletedToRecordContact',
    description: 'Every finished contact, on any channel, is recorded and counted',
    eventPattern: { source: [ContactCompleted.source], 'detail-type': [ContactCompleted.detailType] },
    target: 'record-contact-completed',
  },
];
