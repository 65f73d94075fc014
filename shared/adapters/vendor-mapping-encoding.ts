/**
 * How the vendor mapping is stored in its SSM parameter: compact JSON while it fits a Standard-tier parameter (4 KB),
 * else `gzip:` and the base64 of its gzip. Queue routes repeat the same keys and ids, so gzip holds roughly ten
 * times as many routes in the Advanced tier's 8 KB as plain JSON would: the hundreds of queue routes an outsourcer
 * with many clients needs.
 */
import { gunzipSync, gzipSync } from 'node:zlib';

const PREFIX = 'gzip:';

/** The largest value of a Standard-tier parameter. */
export const STANDARD_PARAMETER_MAX_BYTES = 4_096;
/** The largest value of an Advanced-tier parameter. */
export const ADVANCED_PARAMETER_MAX_BYTES = 8_192;

/** The parameter value for the mapping's JSON. */
export function encodeVendorMapping(json: string): string {
  if (Buffer.byteLength(json, 'utf8') <= STANDARD_PARAMETER_MAX_BYTES) return json;
  return `${PREFIX}${gzipSync(Buffer.from(json, 'utf8'), { level: 9 }).toString('base64')}`;
}

/** The mapping's JSON from a parameter value, compressed or not (a value written by hand may be plain JSON). */
export function decodeVendorMapping(value: string): string {
  if (!value.startsWith(PREFIX)) return value;
  try {
    return gunzipSync(Buffer.from(value.slice(PREFIX.length), 'base64')).toString('utf8');
  } catch {
    throw new Error('the parameter starts with gzip: but does not hold base64 gzip data');
  }
}
