/**
 * EventBridge rules as data: the CDK stack and the local bus are both built from these objects,
 * so what routes an event in AWS routes it the same way on one machine.
 */
import { CONNECT_CONTACT_EVENT, CONNECT_SOURCE } from './adapters/amazon-connect-contact-event.js';
import { GENESYS_CONVERSATION_TOPIC_PREFIX, GENESYS_SOURCE_PREFIX } from './adapters/genesys-conversation.js';
import { COMPLAINTS_SOURCE, complaintEvents } from './complaints.js';
import { GOVERNANCE_SOURCE, governanceEvents } from './governance.js';
import { QUALITY_SOURCE, qualityEvents } from './quality.js';
import { ErasureRequested, RecordingAvailable } from './recordings.js';
import { ContactCompleted } from './telephony.js';
import { WORKFORCE_SOURCE, workforceEvents } from './workforce.js';

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
  {
    name: 'ConnectContactEventToTranslator',
    description: 'Amazon Connect contact events, assembled into one contact.completed per contact',
    // Not narrowed by detail.eventType: Connect spells that key `eventType` or `EventType`, and patterns are
    // case-sensitive; the translator ignores the event types it does not need.
    eventPattern: { source: [CONNECT_SOURCE], 'detail-type': [CONNECT_CONTACT_EVENT] },
    target: 'translate-connect-contact-event',
  },
  {
    name: 'GenesysConversationToTranslator',
    description: 'Genesys Cloud conversation detail events, assembled into one contact.completed per conversation',
    eventPattern: {
      source: [{ prefix: GENESYS_SOURCE_PREFIX }],
      'detail-type': [{ prefix: GENESYS_CONVERSATION_TOPIC_PREFIX }],
    },
    target: 'translate-genesys-conversation',
  },
  {
    name: 'ErasureRequestedToErasure',
    description: "A data subject's erasure request (GDPR Art. 17) from the controller's data-protection workflow",
    eventPattern: { source: [ErasureRequested.source], 'detail-type': [ErasureRequested.detailType] },
    target: 'process-erasure-request',
  },
  {
    name: 'RecordingAvailableToIngest',
    description: 'A recording the telephony platform holds, copied into the recordings bucket with its retention',
    eventPattern: { source: [RecordingAvailable.source], 'detail-type': [RecordingAvailable.detailType] },
    target: 'ingest-recording',
  },
  {
    name: 'WorkforceEventsToCompetence',
    description: "Onboardings, departures, training records and QA evaluations, folded into agents' competence",
    eventPattern: { source: [WORKFORCE_SOURCE], 'detail-type': workforceEvents.map((e) => e.detailType) },
    target: 'record-workforce-event',
  },
  {
    name: 'ComplaintEventsToRegister',
    description:
      'Complaints received, acknowledged, resolved, escalated and reopened, folded into the complaint register',
    eventPattern: { source: [COMPLAINTS_SOURCE], 'detail-type': complaintEvents.map((e) => e.detailType) },
    target: 'record-complaint-event',
  },
  {
    name: 'QualityEventsToRecords',
    description: 'Audits completed and corrective-action steps, recorded as audits and nonconformities',
    eventPattern: { source: [QUALITY_SOURCE], 'detail-type': qualityEvents.map((e) => e.detailType) },
    target: 'record-quality-event',
  },
  {
    name: 'GovernanceEventsToRecords',
    description: 'Documents approved and management reviews held, recorded in the governance register',
    eventPattern: { source: [GOVERNANCE_SOURCE], 'detail-type': governanceEvents.map((e) => e.detailType) },
    target: 'record-quality-event',
  },
];
