/** Every canonical event the product consumes, as data: docs/events.md is generated from this list. */
import { complaintEvents } from './complaints.js';
import type { CanonicalEventType } from './envelope.js';
import { governanceEvents } from './governance.js';
import { qualityEvents } from './quality.js';
import { ErasureRequested, RecordingAvailable } from './recordings.js';
import { ContactCompleted } from './telephony.js';
import { workforceEvents } from './workforce.js';

export const canonicalEvents: readonly CanonicalEventType[] = [
  ContactCompleted,
  RecordingAvailable,
  ErasureRequested,
  ...workforceEvents,
  ...complaintEvents,
  ...qualityEvents,
  ...governanceEvents,
] as CanonicalEventType[];
