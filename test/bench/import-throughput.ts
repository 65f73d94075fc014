import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { simulateMonth } from '../../infra/local/demo/simulator.js';
import { importContacts } from '../../infra/local/import/import-contacts.js';
import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import type { RuntimeConfig } from '../../shared/runtime/config.js';
import { DynamoContactRecorder } from '../../shared/store/dynamo-contact-recorder.js';
import { round } from './bus-throughput.js';

/** Lines per second of the historical import (canonical JSON lines), first run and idempotent re-run. */
export async function benchImport(config: RuntimeConfig, lines: number) {
  const tenantId = `bench-import-${Date.now().toString(36)}`;
  const text = simulateMonth({ month: '2026-10', seed: 'import', scale: lines / 8_000 })
    .slice(0, lines)
    .map((c) => JSON.stringify({ ...c, tenantId }))
    .join('\n');
  const db = createDocumentClient(config);
  const run = async () => {
    const started = performance.now();
    const summary = await importContacts({
      input: Readable.from([text]),
      format: 'canonical',
      recorder: new DynamoContactRecorder(db, config.tableName),
    });
    return { ...summary, seconds: (performance.now() - started) / 1000 };
  };
  const first = await run();
  const again = await run();
  db.destroy();
  return {
    lines: first.lines,
    imported: first.imported,
    rejected: first.rejected,
    linesPerSecond: round(first.lines / first.seconds),
    rerunDuplicates: again.duplicates,
    rerunLinesPerSecond: round(again.lines / again.seconds),
  };
}
