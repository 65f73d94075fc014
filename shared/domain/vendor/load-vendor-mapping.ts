import { EMPTY_VENDOR_MAPPING, VendorMapping } from './vendor-mapping.js';

/** The vendor mapping document is missing, unreadable or invalid: a deployment error, reported at start. */
export class InvalidVendorMappingError extends Error {
  override name = 'InvalidVendorMappingError';
}

export interface VendorMappingSource {
  /** `VENDOR_MAPPING` (inline JSON) and `VENDOR_MAPPING_FILE` (a path), as in the environment. */
  env: Record<string, string | undefined>;
  readFile: (path: string) => string;
}

/**
 * Loads the vendor mapping from `VENDOR_MAPPING` (inline JSON, which wins) or `VENDOR_MAPPING_FILE`. With neither,
 * the mapping is empty: every vendor contact is then unmapped and dead-lettered with that reason, unless the import
 * command names a tenant and centre.
 *
 * @throws InvalidVendorMappingError when the document cannot be read, is not JSON, or does not validate.
 */
export function loadVendorMapping({ env, readFile }: VendorMappingSource): VendorMapping {
  const inline = env.VENDOR_MAPPING?.trim();
  const file = env.VENDOR_MAPPING_FILE?.trim();
  if (!inline && !file) return EMPTY_VENDOR_MAPPING;
  const origin = inline ? 'VENDOR_MAPPING' : `VENDOR_MAPPING_FILE ${file}`;
  let text: string;
  try {
    text = inline || readFile(file as string);
  } catch (error) {
    throw new InvalidVendorMappingError(`${origin} cannot be read: ${(error as Error).message}`);
  }
  return parseVendorMapping(text, origin);
}

/**
 * Parses and validates a vendor mapping document, wherever it was read from (`origin` names the place in the
 * message: a variable, a file, an SSM parameter).
 *
 * @throws InvalidVendorMappingError when the text is not JSON or does not validate.
 */
export function parseVendorMapping(text: string, origin: string): VendorMapping {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InvalidVendorMappingError(`${origin} is not JSON: ${(error as Error).message}`);
  }
  const parsed = VendorMapping.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(document)'}: ${i.message}`).join('; ');
    throw new InvalidVendorMappingError(`${origin} is not a valid vendor mapping: ${issues}`);
  }
  return parsed.data;
}
