/**
 * Where the vendor mapping is read from at run time: an SSM parameter in AWS (through Powertools Parameters, cached),
 * a file locally (read again when it changes), or inline JSON for tests. The mapping can thus change without a
 * redeploy; a bad new value is refused and the last good mapping kept (README.md, "Deploying").
 */
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { SSMClient } from '@aws-sdk/client-ssm';
import { InvalidVendorMappingError, parseVendorMapping } from '../domain/vendor/load-vendor-mapping.js';
import { EMPTY_VENDOR_MAPPING, type VendorMapping } from '../domain/vendor/vendor-mapping.js';
import { decodeVendorMapping } from './vendor-mapping-encoding.js';

/**
 * How long a container uses the mapping it read before asking SSM again: a change is in use everywhere within a
 * minute, and a busy function reads the parameter once a minute, not once per event.
 */
export const VENDOR_MAPPING_MAX_AGE_SECONDS = 60;

/** The current vendor mapping; resolves from a cache most of the time. */
export type VendorMappingSource = () => Promise<VendorMapping>;

/** Told when a new value is refused (the last good mapping stays in use) or cannot be read for now. */
export type VendorMappingLog = (message: string, details: { origin: string; reason: string }) => void;

/**
 * Keeps the last good mapping: the same text is parsed once; a new text that does not validate is refused (logged
 * once per value) and the previous mapping stays in use; with none yet, the read fails with the reason.
 */
function keepingLastGood(origin: string, readText: () => Promise<string>, log: VendorMappingLog): VendorMappingSource {
  let good: { text: string; mapping: VendorMapping } | undefined;
  let refused: string | undefined;
  return async () => {
    let text: string;
    try {
      text = await readText();
    } catch (error) {
      const reason = (error as Error).message;
      if (good === undefined) throw new InvalidVendorMappingError(`${origin} cannot be read: ${reason}`);
      log('vendor mapping cannot be read; the last one read stays in use', { origin, reason });
      return good.mapping;
    }
    if (text === good?.text) return good.mapping;
    if (text === refused && good !== undefined) return good.mapping;
    try {
      good = { text, mapping: parseVendorMapping(text, origin) };
      refused = undefined;
      return good.mapping;
    } catch (error) {
      if (good === undefined) throw error;
      if (text !== refused)
        log('vendor mapping refused; the last good one stays in use', {
          origin,
          reason: (error as Error).message,
        });
      refused = text;
      return good.mapping;
    }
  };
}

/** The mapping in the SSM String parameter `name`, read at most once per `maxAgeSeconds` (Powertools cache). */
export function ssmVendorMapping(
  name: string,
  options: { log: VendorMappingLog; region?: string; maxAgeSeconds?: number },
): VendorMappingSource {
  const provider = new SSMProvider({ awsSdkV3Client: new SSMClient({ region: options.region }) });
  const maxAge = options.maxAgeSeconds ?? VENDOR_MAPPING_MAX_AGE_SECONDS;
  return keepingLastGood(
    `SSM parameter ${name}`,
    async () => {
      const value = await provider.get(name, { maxAge });
      if (typeof value !== 'string') throw new Error('the parameter has no value');
      return decodeVendorMapping(value);
    },
    options.log,
  );
}

/** The mapping in a local JSON file, read again when its modification time changes. */
export function fileVendorMapping(path: string, options: { log: VendorMappingLog }): VendorMappingSource {
  let read: { mtimeMs: number; text: Promise<string> } | undefined;
  return keepingLastGood(
    `VENDOR_MAPPING_FILE ${path}`,
    () => {
      const { mtimeMs } = statSync(path);
      if (read?.mtimeMs !== mtimeMs) read = { mtimeMs, text: readFile(path, 'utf8') };
      return read.text;
    },
    options.log,
  );
}

/**
 * The mapping the environment names: `VENDOR_MAPPING` (inline JSON, for tests; wins), `VENDOR_MAPPING_PARAMETER`
 * (an SSM parameter name, in AWS) or `VENDOR_MAPPING_FILE` (locally). With none, the mapping is empty. An inline
 * mapping is validated now, so a bad one fails at once.
 */
export function vendorMappingSource(env: NodeJS.ProcessEnv, log: VendorMappingLog): VendorMappingSource {
  const inline = env.VENDOR_MAPPING?.trim();
  if (inline) {
    const mapping = parseVendorMapping(inline, 'VENDOR_MAPPING');
    return async () => mapping;
  }
  const parameter = env.VENDOR_MAPPING_PARAMETER?.trim();
  if (parameter) return ssmVendorMapping(parameter, { log, region: env.AWS_REGION });
  const file = env.VENDOR_MAPPING_FILE?.trim();
  if (file) return fileVendorMapping(file, { log });
  return async () => EMPTY_VENDOR_MAPPING;
}
