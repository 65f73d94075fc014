/**
 * `npm run dead-letters -- list | redrive [id...] | invalid`: the operator's view of what could not be processed.
 * `list` and `redrive` act on the local bus's failed deliveries, through the running bus
 * (`http://127.0.0.1:$EVENTS_PORT`, default 4010, infra/local/local-defaults.ts; `redrive` without ids redrives them all). `invalid` lists the
 * events the functions refused (schema errors, unmapped vendor contacts), kept in the table with their reason.
 * `conflicts` lists redelivered contacts that differed from the stored one (kept, never applied), both versions.
 */
import { parseArgs } from 'node:util';
import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import type { RuntimeConfig } from '../../shared/runtime/config.js';
import { type ContactConflict, ContactConflictRepository } from '../../shared/store/contact-conflict-repository.js';
import {
  DynamoDeadLetterRepository,
  type DeadLetter as StoredDeadLetter,
} from '../../shared/store/dead-letter-repository.js';
import type { DeadLetter } from './event-bus/index.js';
import { LocalSettingsError, localNames, localUrl } from './local-defaults.js';

// The SDK's notice about Node 22 is for us, not for the operator running a command.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const USAGE = 'usage: npm run dead-letters -- list | redrive [id...] | invalid | conflicts';

class DeadLettersCliError extends Error {
  override readonly name = 'DeadLettersCliError';
}

async function call<T>(url: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch {
    throw new DeadLettersCliError(
      `no event bus answers at ${new URL(url).origin}; is the local system running (npm start)?`,
    );
  }
  const body = (await response.json().catch(() => ({}))) as T & { message?: string };
  if (!response.ok)
    throw new DeadLettersCliError(`${response.status} from the event bus: ${body.message ?? 'no detail'}`);
  return body;
}

function cell(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
}

function printTable(deadLetters: DeadLetter[]): void {
  if (deadLetters.length === 0) {
    console.log('No dead letters.');
    return;
  }
  const columns: Array<[title: string, width: number, value: (d: DeadLetter) => string]> = [
    ['ID', 36, (d) => d.id],
    ['FAILED AT', 24, (d) => d.failedAt],
    ['RULE → TARGET', 48, (d) => `${d.ruleName} → ${d.targetName}`],
    ['EVENT', 36, (d) => `${d.event.source} ${d.event['detail-type']}`],
    ['TRIES', 5, (d) => String(d.attempts)],
    ['ERROR', 60, (d) => d.error.replace(/\s+/g, ' ')],
  ];
  console.log(
    columns
      .map(([title, width]) => cell(title, width))
      .join('  ')
      .trimEnd(),
  );
  for (const deadLetter of deadLetters) {
    console.log(
      columns
        .map(([, width, value]) => cell(value(deadLetter), width))
        .join('  ')
        .trimEnd(),
    );
  }
  console.log(`\n${deadLetters.length} dead letter(s). Redrive: npm run dead-letters -- redrive [id...]`);
}

const INVALID_SHOWN = 100;

/** The running local system's table, on its DynamoDB port. */
function localTableConfig(env: NodeJS.ProcessEnv): RuntimeConfig {
  const { tableName, busName, region } = localNames(env);
  return { tableName, eventBusName: busName, region, endpoints: { dynamodb: localUrl('dynamodb', env) } };
}

/** Runs one read against the local table, saying plainly when the local system is not running. */
async function readLocalTable<T>(
  env: NodeJS.ProcessEnv,
  read: (db: ReturnType<typeof createDocumentClient>, tableName: string) => Promise<T>,
): Promise<T> {
  const config = localTableConfig(env);
  const db = createDocumentClient(config);
  try {
    return await read(db, config.tableName);
  } catch {
    throw new DeadLettersCliError(
      `no DynamoDB answers at ${config.endpoints.dynamodb}; is the local system running (npm start)?`,
    );
  } finally {
    db.destroy();
  }
}

function listInvalid(env: NodeJS.ProcessEnv): Promise<{ deadLetters: StoredDeadLetter[]; more: boolean }> {
  return readLocalTable(env, (db, table) => new DynamoDeadLetterRepository(db, table).listRecent(INVALID_SHOWN));
}

function printInvalid({ deadLetters: letters, more }: { deadLetters: StoredDeadLetter[]; more: boolean }): void {
  if (letters.length === 0) {
    console.log('No refused events.');
    return;
  }
  for (const d of letters) {
    const issues = (d.issues ?? []).map((i) => `${i.path}: ${i.message}`).join('; ');
    console.log(
      `${d.receivedAt}  ${cell(d.tenantId, 20)}  ${cell(`${d.source} ${d.detailType}`, 40)}  ${d.reason}${issues ? ` (${issues})` : ''}`,
    );
  }
  console.log(`\n${letters.length} refused event(s), newest first (kept 30 days).`);
  if (more) console.log(`More exist than shown: only the newest ${INVALID_SHOWN} are listed.`);
}

const CONFLICTS_SHOWN = 50;

function listConflicts(env: NodeJS.ProcessEnv) {
  return readLocalTable(env, (db, table) => new ContactConflictRepository(db, table).listRecent(CONFLICTS_SHOWN));
}

function printConflicts({ conflicts, more }: { conflicts: ContactConflict[]; more: boolean }): void {
  if (conflicts.length === 0) {
    console.log('No conflicting duplicates.');
    return;
  }
  const value = (v: unknown) => (v === undefined ? '(absent)' : JSON.stringify(v));
  for (const c of conflicts) {
    const fields = c.differingFields.map(
      (f) =>
        `${f}: ${value((c.stored as Record<string, unknown>)[f])} → ${value((c.received as Record<string, unknown>)[f])}`,
    );
    console.log(
      `${c.lastReceivedAt}  ${cell(c.tenantId, 20)}  ${cell(c.contactId, 36)}  ×${c.deliveries}  ${fields.join('; ')}`,
    );
  }
  console.log(
    `\n${conflicts.length} conflicting duplicate(s), newest first (kept 30 days): stored → received; the stored ` +
      'version is the one counted, the received one changed nothing.',
  );
  if (more) console.log(`More exist than shown: only the newest ${CONFLICTS_SHOWN} are listed.`);
}

async function main(): Promise<void> {
  const { positionals } = parseArgs({ allowPositionals: true, options: {} });
  const [command, ...ids] = positionals;
  const url = localUrl('events', process.env);
  if (command === 'list' && ids.length === 0) {
    const { deadLetters } = await call<{ deadLetters: DeadLetter[] }>(`${url}/dead-letters`);
    printTable(deadLetters);
  } else if (command === 'redrive') {
    const body = JSON.stringify(ids.length === 0 ? {} : { ids });
    const { redriven } = await call<{ redriven: number }>(`${url}/dead-letters/redrive`, { method: 'POST', body });
    const asked = ids.length === 0 ? 'all' : `${ids.length} asked`;
    console.log(`Redriven ${redriven} dead letter(s) (${asked}); a delivery that fails again is dead-lettered again.`);
  } else if (command === 'invalid' && ids.length === 0) {
    printInvalid(await listInvalid(process.env));
  } else if (command === 'conflicts' && ids.length === 0) {
    printConflicts(await listConflicts(process.env));
  } else {
    console.error(USAGE);
    process.exitCode = 2;
  }
}

main().catch((error: unknown) => {
  console.error(
    error instanceof DeadLettersCliError || error instanceof LocalSettingsError
      ? error.message
      : `dead-letters failed: ${String(error)}`,
  );
  process.exitCode = 1;
});
