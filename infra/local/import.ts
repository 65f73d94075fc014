/**
 * `npm run import -- --format <amazon-connect-ctr|canonical> [--tenant <id> --center <id>] <file|->` (README.md,
 * "Other commands"): the thin command around {@link importContacts}. `--help` explains the options, environment and exit status.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import { EventBridgePublisher } from '../../shared/adapters/event-publisher.js';
import { loadVendorMapping } from '../../shared/domain/vendor/load-vendor-mapping.js';
import type { RuntimeConfig } from '../../shared/runtime/config.js';
import { conflictObserver } from '../../shared/runtime/conflict-observer.js';
import { DynamoContactRecorder } from '../../shared/store/dynamo-contact-recorder.js';
import { type ImportCliOptions, parseImportArgs, USAGE, UsageError } from './import/cli-options.js';
import { ImportAbortedError, importContacts } from './import/import-contacts.js';
import { progressWriter, summaryText } from './import/report.js';
import { LocalSettingsError, localNames, localUrl } from './local-defaults.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

function runtimeConfig(options: ImportCliOptions, env: NodeJS.ProcessEnv): RuntimeConfig {
  const { tableName, busName, region } = localNames(env);
  const endpoint = env.DYNAMODB_ENDPOINT?.trim() || localUrl('dynamodb', env);
  const events = env.EVENTS_ENDPOINT?.trim() || localUrl('events', env);
  return {
    tableName,
    eventBusName: busName,
    region,
    endpoints: options.aws ? {} : { dynamodb: endpoint, events },
  };
}

async function openInput(file: string): Promise<Readable> {
  if (file === '-') return process.stdin;
  const info = await stat(file);
  if (!info.isFile()) throw new Error(`${file} is not a file`);
  return createReadStream(file);
}

/** Says what to do about the usual reasons an import cannot write. */
function explain(error: unknown, config: RuntimeConfig): string {
  const message = (error as Error)?.message ?? String(error);
  const where = config.endpoints.dynamodb ?? 'AWS';
  if (/ECONNREFUSED|connect ETIMEDOUT|getaddrinfo/.test(message)) {
    const bus = config.endpoints.events === undefined ? '' : ` or the bus at ${config.endpoints.events}`;
    return `cannot reach DynamoDB at ${where}${bus}: is the local system running (npm start)?`;
  }
  if ((error as Error)?.name === 'ResourceNotFoundException') {
    return `table ${config.tableName} not found at ${where} (TABLE_NAME)`;
  }
  return message;
}

async function main(argv: string[]): Promise<number> {
  let options: ImportCliOptions;
  try {
    options = parseImportArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const env = options.mappingFile ? { VENDOR_MAPPING_FILE: options.mappingFile } : process.env;
  let config: RuntimeConfig;
  try {
    config = runtimeConfig(options, process.env);
  } catch (error) {
    if (!(error instanceof LocalSettingsError)) throw error;
    console.error(`Import failed: ${error.message}`);
    return 1;
  }
  try {
    const mapping = loadVendorMapping({ env, readFile: (path) => readFileSync(path, 'utf8') });
    const input = await openInput(options.file);
    const db = createDocumentClient(config);
    const recorder = new DynamoContactRecorder(db, config.tableName, undefined, undefined, conflictObserver);
    const progress = progressWriter(process.stderr);
    const summary = await importContacts({
      input,
      format: options.format,
      recorder,
      // Contacts with a call recording are announced on the bus, as the CTR stream does: ingest-recording copies them.
      publisher: EventBridgePublisher.fromConfig(config),
      mapping,
      defaults: options.defaults,
      concurrency: options.concurrency,
      onProgress: (p) => progress.update(p),
    });
    progress.done();
    console.log(options.json ? JSON.stringify(summary) : summaryText(summary));
    return 0;
  } catch (error) {
    if (error instanceof ImportAbortedError) {
      console.log(options.json ? JSON.stringify(error.summary) : summaryText(error.summary));
      console.error(`\nImport stopped at line ${error.line}: ${explain(error.cause, config)}`);
      console.error('Lines before it are recorded; running the same import again is safe.');
      return 1;
    }
    console.error(`Import failed: ${explain(error, config)}`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
