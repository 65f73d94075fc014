/**
 * Every Lambda function of the product, as data. The CDK stateless stack builds one NodejsFunction per entry
 * (with exactly the grants listed) and the local runtime loads the same handler module in-process.
 */
export type TableAccess = 'none' | 'read' | 'read-write';

export interface FunctionDefinition {
  /** kebab-case verb-noun; the folder `functions/<name>/handler.ts`. */
  name: string;
  description: string;
  table: TableAccess;
  /** May describe the table (no item access): the health check's probe. */
  describesTable?: boolean;
  /** Publishes events to the bus (ccc.compliance). */
  publishesEvents?: boolean;
  /**
   * Places vendor contacts, so it reads the vendor mapping: the SSM parameter named by `VENDOR_MAPPING_PARAMETER`
   * (validated at deployment, read through a one-minute cache so that it changes without a redeploy).
   */
  needsVendorMapping?: boolean;
  /**
   * The ledger-anchor objects in the ledger-anchor bucket (`ledger-anchors/<tenant>/...`, S3 Object Lock in compliance
   * mode): `write` puts new anchors, `read` lists and reads them to check the chain against.
   */
  ledgerAnchors?: 'read' | 'write';
  /**
   * Deletes table items (DynamoDB DeleteItem; by default no function may): `items` anything but the evidence
   * ledger, `ledger` the ledger's entries (`T#<tenant>#LEDGER`) as well, which only the retention function may.
   */
  deletes?: 'items' | 'ledger';
  /**
   * The recordings bucket (`t/<tenant>/...`, SSE-KMS with the data key): `ingest` reads allow-listed sources and
   * writes new objects, `read` reads objects (and so may presign a GET), `hold` sets and clears Object Lock legal
   * holds, `delete` deletes object versions. Only functions with `ingest` or `read` may read recordings.
   */
  recordings?: readonly ('ingest' | 'read' | 'hold' | 'delete')[];
  /**
   * The reports bucket's evidence packs (`evidence/<tenant>/...`, SSE-KMS with the data key): `write` streams new
   * packs there (multipart) and reads them back only through the presigned GETs it signs. `monthly`: the monthly
   * reports (`reports/<tenant>/<yyyy-mm>/...`) are put and read back (a retried delivery sends the archived message,
   * links are presigned GETs), and sent with SES (`ses:SendEmail`/`ses:SendRawEmail` on the sending identity only).
   */
  reports?: 'write' | 'monthly';
  memoryMb?: number;
  timeoutSeconds?: number;
}

export const functionCatalog: readonly FunctionDefinition[] = [
  {
    name: 'record-contact-completed',
    description: 'Records a finished contact (contact.completed) exactly once',
    table: 'read-write',
  },
  {
    name: 'record-workforce-event',
    description: "Folds workforce events (onboarding, training, QA) into agents' competence, once",
    table: 'read-write',
  },
  {
    name: 'get-health',
    description: "API liveness and each dependency's state",
    table: 'none',
    describesTable: true,
    memoryMb: 128,
  },
  { name: 'serve-api-docs', description: 'The OpenAPI document and its page', table: 'none', memoryMb: 256 },
  {
    name: 'verify-ledger',
    description: "Recomputes a tenant's evidence-ledger hash chain and checks it against its anchors",
    table: 'read',
    ledgerAnchors: 'read',
  },
  {
    name: 'anchor-ledger',
    description: "Copies every tenant's ledger head (sequence and hash) to write-once storage outside the table",
    table: 'read',
    ledgerAnchors: 'write',
    timeoutSeconds: 120,
  },
  { name: 'get-agreement', description: "A tenant's agreement in force and its history", table: 'read' },
  {
    name: 'put-agreement',
    description: "Adds a version of a tenant's agreement (and its ledger entry)",
    table: 'read-write',
  },
  { name: 'get-kpis', description: 'KPI series and intraday intervals from the aggregates', table: 'read' },
  { name: 'get-controls', description: "Every evaluated control's current state", table: 'read' },
  { name: 'get-agents', description: "Agents' competence: the list by status and each agent's matrix", table: 'read' },
  {
    name: 'translate-connect-contact-event',
    description: 'Assembles Amazon Connect contact events into one contact.completed per contact',
    table: 'read-write',
    publishesEvents: true,
    needsVendorMapping: true,
  },
  {
    name: 'translate-genesys-conversation',
    description: 'Assembles Genesys Cloud conversation events into one contact.completed per conversation',
    table: 'read-write',
    publishesEvents: true,
    needsVendorMapping: true,
  },
  {
    name: 'translate-expired-assemblies',
    description: 'Finishes or reports vendor contacts whose last event never came (scheduled sweep)',
    table: 'read-write',
    publishesEvents: true,
    needsVendorMapping: true,
    timeoutSeconds: 120,
  },
  {
    name: 'ingest-connect-ctr-stream',
    description: 'Records Amazon Connect contact records from the CTR Kinesis stream',
    table: 'read-write',
    publishesEvents: true,
    needsVendorMapping: true,
    timeoutSeconds: 60,
  },
  {
    name: 'ingest-recording',
    description: 'Copies an announced recording into the recordings bucket (SSE-KMS) with its retention, once',
    table: 'read-write',
    // hold: a recording of a data subject on hold arrives held (S3 Object Lock legal hold in AWS).
    recordings: ['ingest', 'hold', 'delete'],
    memoryMb: 512,
    timeoutSeconds: 600,
  },
  {
    name: 'request-recording-access',
    description: 'Grants a justified, short-lived access to a recording (ledger first) and lists its access log',
    table: 'read-write',
    recordings: ['read'],
  },
  {
    name: 'manage-legal-holds',
    description: 'Sets and releases legal holds on a recording or on every recording of a data subject',
    table: 'read-write',
    recordings: ['hold'],
    timeoutSeconds: 30,
  },
  {
    name: 'erasure-requests',
    description: "Executes and lists data subjects' erasure requests made through the API",
    table: 'read-write',
    recordings: ['delete'],
    // Answers the API, which waits at most 30 s; a data subject's recordings are few.
    timeoutSeconds: 30,
  },
  {
    name: 'process-erasure-request',
    description: 'Executes a data subject erasure request announced on the bus (erasure.requested), once',
    table: 'read-write',
    recordings: ['delete'],
    timeoutSeconds: 60,
  },
  {
    name: 'record-complaint-event',
    description: "Keeps complaint events in each complaint's timeline, once, and alerts on its deadlines",
    table: 'read-write',
    publishesEvents: true,
  },
  {
    name: 'evaluate-complaints',
    description: 'Assesses every open complaint hourly and alerts on the deadlines at risk and missed',
    table: 'read-write',
    publishesEvents: true,
    timeoutSeconds: 300,
  },
  {
    name: 'get-complaints',
    description: 'The complaint register: lists by status, a complaint with its timeline and deadlines, figures',
    table: 'read',
  },
  {
    name: 'get-evidence',
    description: "Streams an audit window's evidence pack (zip, manifest, hashes) to the reports bucket; a link to it",
    // read-write: the pack's own ledger entry (evidence.pack-generated).
    table: 'read-write',
    // write: the head the pack cites is anchored before the pack is written.
    ledgerAnchors: 'write',
    reports: 'write',
    // 1 GB also buys CPU (deflate, hashing); the API waits 30 s at most (npm run bench: what a year costs).
    memoryMb: 1024,
    timeoutSeconds: 30,
  },
  {
    name: 'record-quality-event',
    description: 'Records audits (a nonconformity per finding), corrective-action steps, documents and reviews, once',
    table: 'read-write',
  },
  {
    name: 'nonconformities',
    description: 'Nonconformities by status, one with its steps, a corrective-action step recorded; audits',
    table: 'read-write',
  },
  {
    name: 'governance-records',
    description: 'The register of approved documents with their review dates, and the management reviews held',
    table: 'read',
  },
  {
    name: 'purge-recordings',
    description: 'Deletes recordings past their retention unless held (daily, resumable)',
    table: 'read-write',
    recordings: ['delete'],
    timeoutSeconds: 600,
  },
  {
    name: 'get-readiness',
    description: 'Certification readiness: per clause the controls and evidence, the gap analysis, the path 1-9',
    table: 'read',
    // It verifies the ledger against its anchors, as GET .../ledger/verify does.
    ledgerAnchors: 'read',
    timeoutSeconds: 30,
  },
  {
    name: 'evaluate-controls',
    description: "Evaluates the catalogue's hourly controls of every tenant (daily: surveil-tenant), with their events",
    table: 'read-write',
    publishesEvents: true,
    // The ledger control (DP-REC-ACCESSLOG) verifies the chain against its anchors.
    ledgerAnchors: 'read',
    memoryMb: 512,
    timeoutSeconds: 600,
  },
  {
    name: 'reports',
    description: 'Monthly surveillance reports: the list, one with download links, and producing one now (e-mailed)',
    // read-write: the report item and its ledger entry (report.published), in one transaction.
    table: 'read-write',
    publishesEvents: true,
    // The report states the ledger's verification against its anchors, as GET .../ledger/verify does.
    ledgerAnchors: 'read',
    reports: 'monthly',
    // Charts, PDF and sending on demand; the API waits 30 s at most.
    memoryMb: 1024,
    timeoutSeconds: 30,
  },
  {
    name: 'enumerate-surveillance',
    description: 'Sends one surveillance message per tenant whose day is not completed to the surveillance queue',
    table: 'read',
    timeoutSeconds: 120,
  },
  {
    name: 'surveil-tenant',
    description: "Surveils one tenant's day once: every control, the monthly report when due, the run in the ledger",
    table: 'read-write',
    publishesEvents: true,
    // The ledger control (DP-REC-ACCESSLOG) and the report verify the chain against its anchors.
    ledgerAnchors: 'read',
    // The monthly report, when one is due, as the reports routes produce it.
    reports: 'monthly',
    // Rendering the report (charts, PDF) is the heaviest part of a run.
    memoryMb: 1024,
    timeoutSeconds: 300,
  },
];

export function handlerEntry(name: string): string {
  return `functions/${name}/handler.ts`;
}
