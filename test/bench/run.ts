/**
 * `npm run bench`: figures for the README, measured on this machine against the real local stand-ins. Speed is
 * reported here, never asserted in tests (the machine is shared and noisy).
 */
import './environment.js';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { freeSystemPorts } from '../../infra/local/stand-ins/free-port.js';
import { optionsFromEnvironment, startLocalSystem } from '../../infra/local/system.js';
import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import { benchBundles, formatBundles } from './bundles.js';
import { benchBusThroughput } from './bus-throughput.js';
import { benchCompetenceCost, formatCompetenceCost } from './competence-cost.js';
import { benchComplaintCost, COMPLAINT_BENCH_SIZES, formatComplaintCost } from './complaint-cost.js';
import { benchDashboardBundle, formatDashboardBundle } from './dashboard-bundle.js';
import { benchEvidencePack, EVIDENCE_BENCH_SIZES } from './evidence-pack.js';
import { benchImport } from './import-throughput.js';
import { benchKpiQuery } from './kpi-query.js';
import { benchRecordingIngest } from './recording-ingest.js';
import { benchWriteCost } from './write-cost.js';

const quick = process.argv.includes('--quick');
const dataDir = mkdtempSync(join(tmpdir(), 'ccc-bench-'));
const system = await startLocalSystem({
  ...optionsFromEnvironment({}),
  dataDir,
  ports: await freeSystemPorts(),
});
const config = {
  tableName: system.options.tableName,
  eventBusName: system.options.busName,
  region: system.options.region,
  endpoints: { dynamodb: system.urls.dynamodb },
};

try {
  const step = (name: string) => console.error(`bench: ${name}...`);
  step('bus throughput');
  const bus = await benchBusThroughput(system, quick ? 0.1 : 0.5);
  step('write cost');
  const writes = await benchWriteCost(config, quick ? 200 : 1000);
  step('competence cross-check cost');
  const competence = await benchCompetenceCost(config, quick ? 300 : 1000);
  console.error(formatCompetenceCost(competence));
  step('complaint path cost');
  const complaints = await benchComplaintCost(config, quick ? COMPLAINT_BENCH_SIZES.quick : COMPLAINT_BENCH_SIZES.full);
  console.error(formatComplaintCost(complaints));
  step('KPI query, 10 thousand contacts');
  const db = createDocumentClient(config);
  const kpi10k = await benchKpiQuery(db, config.tableName, 10_000);
  step(`KPI query, ${quick ? '100 thousand' : '1 million'} contacts`);
  const kpiLarge = await benchKpiQuery(db, config.tableName, quick ? 100_000 : 1_000_000);
  step('import');
  const imported = await benchImport(config, quick ? 1_000 : 5_000);
  step(`recording ingestion, ${quick ? 50 : 200} MB`);
  const recordingIngest = await benchRecordingIngest(
    { ...config, endpoints: { ...config.endpoints, s3: system.urls.s3 } },
    quick ? 50 : 200,
  );
  step('evidence pack, a year of a large tenant');
  const evidencePack = await benchEvidencePack(
    { ...config, endpoints: { ...config.endpoints, s3: system.urls.s3 } },
    quick ? EVIDENCE_BENCH_SIZES.quick : EVIDENCE_BENCH_SIZES.full,
  );
  step('Lambda bundles: size and cold-start init');
  const bundles = await benchBundles(quick ? 3 : 7);
  console.error(formatBundles(bundles));
  step('dashboard bundle: size gzipped');
  const dashboardBundle = benchDashboardBundle();
  console.error(formatDashboardBundle(dashboardBundle));
  const results = {
    measuredAt: new Date().toISOString(),
    machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    busThroughput: bus,
    writeCost: writes,
    competenceCrossCheck: competence,
    complaints,
    kpiQueryMonth: [kpi10k, kpiLarge],
    import: imported,
    recordingIngest,
    evidencePack,
    bundles,
    dashboardBundle,
  };
  mkdirSync('.bench', { recursive: true });
  writeFileSync('.bench/results.json', `${JSON.stringify(results, null, 2)}\n`);
  console.log(JSON.stringify(results, null, 2));
  db.destroy();
} finally {
  await system.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
