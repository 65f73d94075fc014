import { describe, expect, it } from 'vitest';
import {
  decodeVendorMapping,
  encodeVendorMapping,
  STANDARD_PARAMETER_MAX_BYTES,
} from '../../../../shared/adapters/vendor-mapping-encoding.js';

const routes = (count: number) =>
  JSON.stringify({
    instances: [
      {
        vendor: 'amazon-connect',
        instance: 'i-1',
        queues: Array.from({ length: count }, (_, i) => ({
          queue: `queue-${i}`,
          tenantId: `t${i % 40}`,
          centerId: 'c1',
        })),
      },
    ],
  });

describe('Adapter: vendor mapping in its SSM parameter', () => {
  it('stores a mapping that fits a Standard parameter as plain JSON, so a person can read it', () => {
    const json = routes(10);
    expect(encodeVendorMapping(json)).toBe(json);
    expect(decodeVendorMapping(json)).toBe(json);
  });

  it('compresses a larger mapping and reads it back exactly', () => {
    const json = routes(400);
    const stored = encodeVendorMapping(json);
    expect(Buffer.byteLength(json)).toBeGreaterThan(STANDARD_PARAMETER_MAX_BYTES);
    expect(stored).toMatch(/^gzip:[A-Za-z0-9+/=]+$/);
    expect(Buffer.byteLength(stored)).toBeLessThan(Buffer.byteLength(json) / 4);
    expect(decodeVendorMapping(stored)).toBe(json);
  });

  it('says what is wrong with a value that claims to be compressed but is not', () => {
    expect(() => decodeVendorMapping('gzip:not-gzip')).toThrow('does not hold base64 gzip data');
  });
});
