/**
 * `npm start`: the whole product on one machine (README.md). Prints every endpoint and a token per role,
 * loads the demo on first start with an empty data folder (unless `--no-demo`), and stops every child process on
 * Ctrl-C or SIGTERM.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { schedules } from '../../functions/schedules.js';
import { ROLES, type Role } from '../../shared/http/roles.js';
import { demoComplaints, describeDemoComplaints } from './demo/complaints.js';
import { DEMO_SEED, loadDemo, previousMonth } from './demo/load-demo.js';
import { demoQuality, describeDemoQuality } from './demo/quality.js';
import { demoRecordings, describeDemoRecordings } from './demo/recordings.js';
import { demoWorkforce, describeDemoWorkforce } from './demo/workforce.js';
import { issueToken, LOCAL_AUDIENCE, LOCAL_ISSUER, loadOrCreateSigningKey } from './jwt-keys.js';
import { type LocalSystem, optionsFromEnvironment, startLocalSystem } from './system.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const DEMO_TENANTS = ['acme-energy', 'northwind-telecom'];

async function printTokens(dataDir: string): Promise<void> {
  const key = await loadOrCreateSigningKey(join(dataDir, 'keys'));
  console.log(
    '\nBearer tokens (12 h) for the demo tenants; `npm run token -- --role <role> --tenant <id>` makes others:',
  );
  for (const role of ROLES as readonly Role[]) {
    const tenants = role === 'client-manager' ? DEMO_TENANTS.slice(0, 1) : DEMO_TENANTS;
    const token = await issueToken({
      key,
      subject: `local-${role}`,
      roles: [role],
      tenants,
      issuer: LOCAL_ISSUER,
      audience: LOCAL_AUDIENCE,
    });
    console.log(`  ${role.padEnd(19)} (${tenants.join(',')})\n    ${token}`);
  }
}

function printEndpoints(system: LocalSystem): void {
  const { urls, options } = system;
  console.log(`ccc-compliance is running (data in ${options.dataDir})
  Dashboard         ${urls.app}       (local sign-in: pick a role and tenants)
  HTTP API          ${urls.api}            (GET /health, /openapi.json, /docs, /v1/...)
  EventBridge API   ${urls.events}            (bus "${options.busName}"; PutEvents, TestEventPattern)
  DynamoDB API      ${urls.dynamodb}            (table "${options.tableName}")
  S3 API            ${urls.s3}            (path style)
  SES v2 API + mail ${urls.ses}
  Dead letters      npm run dead-letters -- list | redrive`);
}

/**
 * One justified access to a demo recording, as a recording reviewer would ask for it through the API, so the DPO's
 * access log (the dashboard's "Data protection" view) has something to show.
 */
async function demoRecordingAccess(
  system: LocalSystem,
  recording: { tenantId: string; contactId: string } | undefined,
) {
  if (recording === undefined) return;
  const key = await loadOrCreateSigningKey(join(system.options.dataDir, 'keys'));
  const token = await issueToken({
    key,
    subject: 'demo-reviewer',
    roles: ['recording-reviewer'],
    tenants: [recording.tenantId],
    ttlSeconds: 300,
  });
  const response = await fetch(
    `${system.urls.api}/v1/tenants/${recording.tenantId}/recordings/${recording.contactId}/access`,
    {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ purpose: 'quality-review', note: 'demo: a quality review' }),
    },
  );
  if (response.status !== 201) console.error(`Demo recording access answered ${response.status}`);
  else console.log(`  a recording reviewer listened to ${recording.contactId} (the DPO's access log shows it)`);
}

async function runDemo(system: LocalSystem): Promise<void> {
  const started = Date.now();
  console.log('\nLoading the demo (first start): one month of traffic for two client organisations...');
  const progress = setInterval(() => {
    const { received, delivered } = system.bus.stats();
    console.log(`  demo: ${delivered} of ${received} events processed`);
  }, 10_000);
  try {
    const now = new Date();
    const result = await loadDemo({
      endpoint: system.urls.events,
      busName: system.options.busName,
      now,
      // The demo tenants' agreements go through the HTTP API first, signed with the local key like `npm run token`.
      api: { url: system.urls.api, keysDir: join(system.options.dataDir, 'keys') },
      s3Endpoint: system.urls.s3,
      // Quality records go out in order (a corrective step after its audit): the local bus delivers concurrently.
      delivered: () => system.bus.idle(),
    });
    await system.bus.idle();
    console.log(
      `Demo loaded: ${result.sent} events for ${result.month} (${result.failed} failed) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    console.log('Demo recordings (README.md, "Recordings"):');
    const recordings = demoRecordings(previousMonth(now), DEMO_SEED, now);
    for (const line of describeDemoRecordings(recordings)) console.log(line);
    await demoRecordingAccess(
      system,
      recordings.map((r) => r.detail).findLast((d) => d.tenantId === DEMO_TENANTS[0]),
    );
    console.log('Demo agents (README.md, "Agent competence"):');
    for (const line of describeDemoWorkforce(demoWorkforce({ month: previousMonth(now), seed: DEMO_SEED, now })))
      console.log(line);
    console.log('Demo complaints (GET /v1/tenants/{tenantId}/complaints?status=overdue):');
    for (const line of describeDemoComplaints(demoComplaints({ month: previousMonth(now), seed: DEMO_SEED, now })))
      console.log(line);
    console.log('Demo quality records (GET /v1/tenants/{tenantId}/nonconformities?status=overdue):');
    for (const line of describeDemoQuality(demoQuality({ month: previousMonth(now) }))) console.log(line);
  } finally {
    clearInterval(progress);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { 'no-demo': { type: 'boolean', default: false } },
    allowPositionals: false,
  });
  const options = optionsFromEnvironment();
  const firstStart = !existsSync(options.dataDir) || readdirSync(options.dataDir).length === 0;
  const startedAt = Date.now();
  const system = await startLocalSystem(options);

  let stopping = false;
  const shutdown = async (reason: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${reason}: stopping...`);
    await system.stop();
    console.log('stopped');
    process.exit(exitCode);
  };
  // A closed terminal or pipe must not crash us before Java is stopped.
  process.stdout.on('error', () => undefined);
  process.stderr.on('error', () => undefined);
  process.on('uncaughtException', (error) => {
    console.error(`unexpected error: ${error.message}`);
    void shutdown('uncaughtException', 1);
  });
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGHUP', () => void shutdown('SIGHUP'));
  // npm does not always pass SIGTERM on to its script: when the launcher goes away, so do we (and Java with us).
  const launcher = process.ppid;
  setInterval(() => {
    if (process.ppid !== launcher) void shutdown('SIGTERM');
  }, 250).unref();

  printEndpoints(system);
  await printTokens(options.dataDir);
  console.log(`\nReady in ${((Date.now() - startedAt) / 1000).toFixed(1)} s. Ctrl-C stops everything.`);
  if (firstStart && !values['no-demo']) {
    await runDemo(system).catch((error) => console.error(`Demo failed: ${(error as Error).message}`));
  }
  // Anchor the ledger heads now rather than in an hour: this machine may have been off when the last run was due.
  await system.scheduler
    .runNow('AnchorLedgers')
    .catch((error) => console.error(`Anchoring the ledgers failed: ${(error as Error).message}`));
  // Likewise the daily retention purge: a recording past its date must not outlive a day the machine was off.
  for (const schedule of schedules.filter((s) => s.function === 'purge-recordings')) {
    await system.scheduler
      .runNow(schedule.name)
      .catch((error) => console.error(`The retention purge failed: ${(error as Error).message}`));
  }
  // And the complaint sweep, so that overdue complaints show without waiting for the hour.
  await system.scheduler
    .runNow('EvaluateComplaints')
    .catch((error) => console.error(`The complaint sweep failed: ${(error as Error).message}`));
  // Then the hourly controls (the complaint deadlines), which a restart on a day already surveilled would otherwise
  // leave until the next hour.
  await system.scheduler
    .runNow('EvaluateControlsHourly')
    .catch((error) => console.error(`The hourly controls evaluation failed: ${(error as Error).message}`));
  // Then the daily surveillance: every control (the demo's breaches show straight after it loads) and last month's
  // report of each tenant, through the surveillance queue. A day already completed evaluates nothing again.
  await system.scheduler
    .runNow('SurveillanceDaily')
    .catch((error) => console.error(`The daily surveillance failed: ${(error as Error).message}`));
  await system.queues.idle();
  if (firstStart && !values['no-demo']) await printDemoReports(system);
}

/** The demo's monthly reports, as the reports route lists them, and where their e-mails are. */
async function printDemoReports(system: LocalSystem): Promise<void> {
  const key = await loadOrCreateSigningKey(join(system.options.dataDir, 'keys'));
  const officer = await issueToken({
    key,
    subject: 'local-compliance-officer',
    roles: ['compliance-officer'],
    tenants: DEMO_TENANTS,
    issuer: LOCAL_ISSUER,
    audience: LOCAL_AUDIENCE,
  });
  console.log(`Monthly reports (GET /v1/tenants/{tenantId}/reports; the e-mails are in ${system.urls.ses}):`);
  for (const tenantId of DEMO_TENANTS) {
    const answer = await fetch(`${system.urls.api}/v1/tenants/${tenantId}/reports?limit=1`, {
      headers: { authorization: `Bearer ${officer}` },
    });
    const { reports = [] } = (await answer.json().catch(() => ({}))) as {
      reports?: { month: string; language: string; delivered: number; recipients: number }[];
    };
    const [latest] = reports;
    console.log(
      latest === undefined
        ? `  ${tenantId}: no report yet`
        : `  ${tenantId}: ${latest.month} (${latest.language}), sent to ${latest.delivered} of ${latest.recipients} recipients`,
    );
  }
}

main().catch((error) => {
  console.error(`npm start failed: ${(error as Error).message}`);
  process.exit(1);
});
