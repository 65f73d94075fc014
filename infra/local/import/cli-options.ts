import { parseArgs } from 'node:util';
import { IDENTIFIER_PATTERN, Identifier } from '../../../events/envelope.js';
import { LOCAL_DEFAULTS, LOCAL_HOST, LOCAL_PORTS } from '../local-defaults.js';
import { IMPORT_FORMATS, type ImportDefaults, type ImportFormat } from './line-translators.js';

/** `npm run import -- --help`. */
export const USAGE = `Usage: npm run import -- --format <${IMPORT_FORMATS.join('|')}> [options] <file|->

Imports historical contacts from a JSON-lines file ("-" reads standard input). Each line is translated, placed with
its tenant and centre, and recorded exactly once: running the same import again changes nothing. A bad line is
reported with its line number and skipped; it never stops the rest. Progress goes to standard error, the summary to
standard output.

Options
  --format <f>        amazon-connect-ctr: Amazon Connect contact records (CTR), one per line
                      canonical: contact.completed details (or whole EventBridge events carrying one)
  --tenant <id>       with --center: the tenant and centre of contacts the vendor mapping does not place
  --center <id>       (canonical format: only fills lines that have no tenantId / centerId)
  --mapping <file>    the vendor mapping (default: VENDOR_MAPPING or VENDOR_MAPPING_FILE from the environment)
  --concurrency <n>   writes in flight at once (default 32)
  --aws               write to DynamoDB in AWS (default credentials and AWS_REGION) instead of the local endpoint
  --json              print the summary as JSON
  -h, --help          this text

Environment
  TABLE_NAME          the table (default ${LOCAL_DEFAULTS.tableName})
  DYNAMODB_ENDPOINT   default http://${LOCAL_HOST}:$DYNAMODB_PORT (${LOCAL_PORTS.dynamodb.fallback}), the system started by \`npm start\`
  AWS_REGION          default ${LOCAL_DEFAULTS.region}

Exit status: 0 when every line was handled (rejected lines included: their count and first reasons are printed),
1 when the import could not run or stopped (file unreadable, database unreachable; re-running is safe), 2 on a
usage error.`;

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface ImportCliOptions {
  format: ImportFormat;
  file: string;
  defaults: ImportDefaults;
  mappingFile?: string;
  concurrency: number;
  aws: boolean;
  json: boolean;
  help: boolean;
}

/**
 * Reads the command line of the import.
 *
 * @throws UsageError with a message for the user.
 */
export function parseImportArgs(argv: string[]): ImportCliOptions {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const base = { aws: values.aws ?? false, json: values.json ?? false, help: values.help ?? false };
  if (base.help) return { ...base, format: 'canonical', file: '-', defaults: {}, concurrency: 32 };
  const format = values.format;
  if (!(IMPORT_FORMATS as readonly string[]).includes(format ?? '')) {
    throw new UsageError(`--format must be one of ${IMPORT_FORMATS.join(', ')}`);
  }
  if (positionals.length !== 1) throw new UsageError('name exactly one file, or - for standard input');
  if ((values.tenant === undefined) !== (values.center === undefined)) {
    throw new UsageError('--tenant and --center go together');
  }
  for (const [flag, value] of [
    ['--tenant', values.tenant],
    ['--center', values.center],
  ] as const) {
    if (value !== undefined && !Identifier.safeParse(value).success) {
      throw new UsageError(`${flag} must match ${IDENTIFIER_PATTERN.source}`);
    }
  }
  const concurrency = Number(values.concurrency ?? 32);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) {
    throw new UsageError('--concurrency must be a whole number from 1 to 256');
  }
  return {
    ...base,
    format: format as ImportFormat,
    file: positionals[0] as string,
    defaults: {
      ...(values.tenant === undefined ? {} : { tenantId: values.tenant }),
      ...(values.center === undefined ? {} : { centerId: values.center }),
    },
    ...(values.mapping === undefined ? {} : { mappingFile: values.mapping }),
    concurrency,
  };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string' },
      tenant: { type: 'string' },
      center: { type: 'string' },
      mapping: { type: 'string' },
      concurrency: { type: 'string' },
      aws: { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
