import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { encodeVendorMapping } from '../../../../shared/adapters/vendor-mapping-encoding.js';
import {
  fileVendorMapping,
  ssmVendorMapping,
  VENDOR_MAPPING_MAX_AGE_SECONDS,
  vendorMappingSource,
} from '../../../../shared/adapters/vendor-mapping-source.js';
import { InvalidVendorMappingError } from '../../../../shared/domain/vendor/load-vendor-mapping.js';

const NAME = '/ccc-compliance/test/vendor-mapping';
const mappingOf = (tenantId: string) =>
  JSON.stringify({
    instances: [{ vendor: 'amazon-connect', instance: 'i-1', default: { tenantId, centerId: 'lyon-1' }, queues: [] }],
  });
const tenantOf = (mapping: { instances: Array<{ default?: { tenantId: string } }> }) =>
  mapping.instances[0]?.default?.tenantId;

describe('Adapter: vendor mapping from SSM (Powertools Parameters)', () => {
  const ssm = mockClient(SSMClient);
  const log = vi.fn();
  const answer = (value: string) =>
    ssm.on(GetParameterCommand, { Name: NAME }).resolves({ Parameter: { Value: value } });
  beforeEach(() => {
    ssm.reset();
    log.mockReset();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-01T10:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());
  const later = (seconds: number) => vi.setSystemTime(Date.now() + seconds * 1000);

  it('reads the parameter once within its cache age, and again after it, picking up a change', async () => {
    answer(mappingOf('acme'));
    const source = ssmVendorMapping(NAME, { log });
    expect(tenantOf(await source())).toBe('acme');
    later(VENDOR_MAPPING_MAX_AGE_SECONDS - 1);
    expect(tenantOf(await source())).toBe('acme');
    expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(1);

    answer(mappingOf('northwind'));
    later(2);
    expect(tenantOf(await source())).toBe('northwind');
    expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(2);
  });

  it('refuses an invalid new value with a logged reason and keeps the last good mapping', async () => {
    answer(mappingOf('acme'));
    const source = ssmVendorMapping(NAME, { log });
    const good = await source();
    answer(JSON.stringify({ instances: [{ vendor: 'avaya', instance: 'x' }] }));
    later(VENDOR_MAPPING_MAX_AGE_SECONDS + 1);

    expect(await source()).toBe(good);
    expect(await source()).toBe(good);
    expect(log).toHaveBeenCalledTimes(1);
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/refused/), {
      origin: `SSM parameter ${NAME}`,
      reason: expect.stringMatching(/is not a valid vendor mapping: instances\.0\.vendor/),
    });
  });

  it('keeps the last good mapping while SSM cannot be read', async () => {
    answer(mappingOf('acme'));
    const source = ssmVendorMapping(NAME, { log });
    const good = await source();
    ssm.on(GetParameterCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    later(VENDOR_MAPPING_MAX_AGE_SECONDS + 1);
    expect(await source()).toBe(good);
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/cannot be read/), expect.anything());
  });

  it('reads a mapping stored compressed, as the stack stores a large one', async () => {
    const large = {
      instances: [
        {
          vendor: 'amazon-connect',
          instance: 'i-1',
          default: { tenantId: 'acme', centerId: 'lyon-1' },
          queues: Array.from({ length: 300 }, (_, i) => ({
            queue: `queue-${i}`,
            tenantId: 'acme',
            centerId: 'lyon-1',
          })),
        },
      ],
    };
    const stored = encodeVendorMapping(JSON.stringify(large));
    expect(stored.startsWith('gzip:')).toBe(true);
    answer(stored);
    const mapping = await ssmVendorMapping(NAME, { log })();
    expect(tenantOf(mapping)).toBe('acme');
    expect(mapping.instances[0]?.queues).toHaveLength(300);
  });

  it('fails with the reason when no valid mapping was ever read', async () => {
    answer('{"instances": [');
    const source = ssmVendorMapping(NAME, { log });
    await expect(source()).rejects.toThrow(InvalidVendorMappingError);
    await expect(source()).rejects.toThrow(/SSM parameter .* is not JSON/);
  });

  it('is chosen by VENDOR_MAPPING_PARAMETER', async () => {
    answer(mappingOf('acme'));
    const source = vendorMappingSource({ VENDOR_MAPPING_PARAMETER: NAME, AWS_REGION: 'eu-west-3' }, log);
    expect(tenantOf(await source())).toBe('acme');
  });
});

describe('Adapter: vendor mapping from a local file', () => {
  it('reads the file again once it changed, and keeps the last good mapping if the change is invalid', async () => {
    const log = vi.fn();
    const file = join(mkdtempSync(join(tmpdir(), 'mapping-')), 'vendor-mapping.json');
    const write = (text: string, second: number) => {
      writeFileSync(file, text);
      utimesSync(file, second, second);
    };
    write(mappingOf('acme'), 1_000);
    const source = fileVendorMapping(file, { log });
    const first = await source();
    expect(tenantOf(first)).toBe('acme');
    expect(await source()).toBe(first);

    write(mappingOf('northwind'), 2_000);
    const second = await source();
    expect(tenantOf(second)).toBe('northwind');

    write('not json', 3_000);
    expect(await source()).toBe(second);
    expect(log).toHaveBeenCalledWith(
      expect.stringMatching(/refused/),
      expect.objectContaining({ origin: `VENDOR_MAPPING_FILE ${file}` }),
    );
  });

  it('takes an inline VENDOR_MAPPING first and refuses an invalid one at once', () => {
    expect(() => vendorMappingSource({ VENDOR_MAPPING: '{', VENDOR_MAPPING_PARAMETER: NAME }, vi.fn())).toThrow(
      /VENDOR_MAPPING is not JSON/,
    );
  });
});
