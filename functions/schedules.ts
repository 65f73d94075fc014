/**
 * Scheduled work as data: the CDK creates one EventBridge Scheduler schedule per entry and the local runtime runs
 * the same expressions in-process. The target function receives {@link ScheduledInvocation}.
 */
export interface ScheduleDefinition {
  /** PascalCase; the construct id in AWS and the name locally. */
  name: string;
  description: string;
  /** EventBridge Scheduler expression: `rate(...)`, six-field `cron(...)` or `at(...)`. */
  expression: string;
  /** IANA zone the expression is read in. */
  timeZone: string;
  /** The function (folder under `functions/`) it invokes. */
  function: string;
}

/** What a scheduled function is invoked with (in AWS: the schedule's input with `<aws.scheduler.scheduled-time>`). */
export interface ScheduledInvocation {
  schedule: string;
  scheduledTime: string;
}

export const schedules: readonly ScheduleDefinition[] = [
  {
    name: 'SweepVendorAssemblies',
    description: 'Finishes or dead-letters vendor contacts whose last event never came',
    expression: 'rate(15 minutes)',
    timeZone: 'UTC',
    function: 'translate-expired-assemblies',
  },
  {
    name: 'AnchorLedgers',
    description: "Anchors every tenant's evidence-ledger head outside DynamoDB (write-once objects)",
    expression: 'rate(1 hour)',
    timeZone: 'UTC',
    function: 'anchor-ledger',
  },
  {
    name: 'PurgeRecordings',
    // Daily, so that a recording past its `deleteAfter` and not held is gone within a day (DP-REC-RETENTION, grace
    // at most 24 h): one due just after a run is deleted by the next, 24 hours later; a run that fails or runs out
    // of time leaves its days unchecked and the next run starts from them (shared/app/purge-recordings.ts).
    description: 'Deletes recordings past their retention unless on legal hold, and records each deletion',
    expression: 'cron(30 2 * * ? *)',
    timeZone: 'UTC',
    function: 'purge-recordings',
  },
  {
    name: 'EvaluateComplaints',
    // Hourly: an untouched complaint turns at risk and overdue within the hour of its deadline (business hours count).
    description: 'Assesses open complaints of every tenant and alerts on those at risk and overdue',
    expression: 'cron(10 * * * ? *)',
    timeZone: 'UTC',
    function: 'evaluate-complaints',
  },
  {
    name: 'EvaluateControlsHourly',
    // After the complaint sweep (minute 10): the complaint controls see the deadlines it has just assessed.
    description: "Evaluates the catalogue's hourly controls (the complaint deadlines) of every tenant",
    expression: 'cron(15 * * * ? *)',
    timeZone: 'UTC',
    function: 'evaluate-controls',
  },
  {
    name: 'SurveillanceDaily',
    // 04:00 UTC is 16:00 (UTC−12) to 18:00 (UTC+14) local time, never near a local midnight, so runs 24 hours apart
    // fall on consecutive local dates in every zone, daylight-saving changes included: each tenant-local date gets
    // exactly one run, which surveils that date. After the retention purge (02:30): a recording is due on a day.
    description:
      'Fans the daily surveillance out per tenant (every control, the monthly report when due) through the surveillance queue',
    expression: 'cron(0 4 * * ? *)',
    timeZone: 'UTC',
    function: 'enumerate-surveillance',
  },
];
