/** The demo: simulated contact-centre traffic and the loader `npm start` runs on first start. */
export {
  ACME_ENERGY_AGREEMENT,
  type AgreementBody,
  DEFAULT_DEMO_AGREEMENTS,
  type DemoAgreement,
  DemoAgreementRefusedError,
  firstDayMonthsBefore,
  NORTHWIND_TELECOM_AGREEMENT,
  type PutAgreementsOptions,
  putDemoAgreements,
} from './agreements.js';
export {
  type ComplaintBusEvent,
  complaintEvents,
  type DemoComplaints,
  type DemoComplaintsOptions,
  demoComplaints,
  demoComplaintTerms,
  describeDemoComplaints,
} from './complaints.js';
export {
  complaintsGenerator,
  contactTrafficGenerator,
  DEFAULT_DEMO_GENERATORS,
  DEMO_SEED,
  type DemoContext,
  type DemoGenerator,
  type DemoLogger,
  type LoadDemoOptions,
  type LoadDemoResult,
  loadDemo,
  previousMonth,
  qaEvaluationsGenerator,
  qualityGenerator,
  workforceGenerator,
} from './load-demo.js';
export {
  type DemoQuality,
  type DemoQualityOptions,
  demoQuality,
  describeDemoQuality,
  type QualityBusEvent,
  qualityEvents,
} from './quality.js';
export { type DemoAgent, type DeskRoster, demoAgents, deskRosters, UnknownDemoSiteError } from './roster.js';
export {
  type BusEvent,
  contactCompletedEvent,
  PUT_EVENTS_BATCH_SIZE,
  type SendLogger,
  type SendResult,
  type SendToBusOptions,
  sendToBus,
} from './send.js';
export { InvalidDemoOptionsError, type SimulateMonthOptions, simulateMonth } from './simulator.js';
export {
  ACME_ENERGY,
  DEFAULT_DEMO_TENANTS,
  type DemoLine,
  type DemoTenant,
  type HandleProfile,
  NORTHWIND_TELECOM,
  type WeeklyHours,
  weeklyHours,
} from './tenants.js';
export {
  type DemoWorkforce,
  type DemoWorkforceOptions,
  demoWorkforce,
  describeDemoWorkforce,
  LAPSE_DAY,
  LATE_INDUCTION_DAY,
  qaEvaluationEvents,
  workforceEvents,
} from './workforce.js';
