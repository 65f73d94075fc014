import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { VendorOrigin } from '../../../../../events/adapters/vendor-contact.js';
import {
  InvalidVendorMappingError,
  loadVendorMapping,
} from '../../../../../shared/domain/vendor/load-vendor-mapping.js';
import { resolvePlacement, VendorMapping } from '../../../../../shared/domain/vendor/vendor-mapping.js';

const exampleText = readFileSync('config/vendor-mapping.example.json', 'utf8');
const mapping = VendorMapping.parse(JSON.parse(exampleText));
const INSTANCE = '7c1d9e2a-5b34-4f0e-9a61-0d2c8e4b7f15';
const connect = (queue: Partial<VendorOrigin> = {}): VendorOrigin => ({
  vendor: 'amazon-connect',
  instance: INSTANCE,
  ...queue,
});

describe('Vendor mapping: placement of vendor contacts', () => {
  it('places a queue with its own route on that route, under the route name', () => {
    expect(resolvePlacement(mapping, connect({ queueId: 'a1b2c3d4-0002-4000-8000-000000000001' }))).toEqual({
      ok: true,
      placement: {
        tenantId: 'northwind-telecom',
        centerId: 'leeds-1',
        queue: 'support',
        attributes: { reason: 'contactReason', language: 'customerLanguage', customerRef: 'customerRef' },
      },
    });
  });

  it('places other queues of the instance on its default, renaming those it names', () => {
    const billing = resolvePlacement(mapping, connect({ queueId: 'a1b2c3d4-0001-4000-8000-000000000001' }));
    expect(billing).toMatchObject({
      ok: true,
      placement: { tenantId: 'acme-energy', centerId: 'lyon-1', queue: 'billing' },
    });
    const unnamed = resolvePlacement(mapping, connect({ queueId: 'q-new', queueName: 'Réclamations' }));
    expect(unnamed).toMatchObject({ ok: true, placement: { tenantId: 'acme-energy', queue: 'Réclamations' } });
  });

  it('matches queue names without regard to case, and instances by ARN or id', () => {
    const byName = resolvePlacement(mapping, {
      vendor: 'amazon-connect',
      instance: `arn:aws:connect:eu-west-3:111122223333:instance/${INSTANCE}`,
      queueName: 'billingcallbacks',
    });
    expect(byName).toMatchObject({ ok: true, placement: { queue: 'billing' } });
  });

  it('says what is missing when a contact cannot be placed', () => {
    expect(resolvePlacement(mapping, { vendor: 'amazon-connect', instance: 'elsewhere', queueId: 'q1' })).toEqual({
      ok: false,
      reason: 'unmapped contact: amazon-connect instance elsewhere (queue q1) is not in the vendor mapping',
    });
    const genesys = { vendor: 'genesys-cloud' as const, instance: 'e2c4a6b8-1d3f-4a5b-8c7d-9e0f1a2b3c4d' };
    expect(resolvePlacement(mapping, { ...genesys, queueId: 'other' })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('has no default and no route for this queue'),
    });
  });

  it('uses the import defaults only where the mapping names no tenant', () => {
    const fallback = { tenantId: 'imported', centerId: 'site-9' };
    expect(resolvePlacement(mapping, { vendor: 'amazon-connect', instance: 'elsewhere' }, fallback)).toMatchObject({
      ok: true,
      placement: { tenantId: 'imported', centerId: 'site-9', queue: 'unqueued' },
    });
    expect(resolvePlacement(mapping, connect({ queueId: 'q-new' }), fallback)).toMatchObject({
      placement: { tenantId: 'acme-energy', centerId: 'lyon-1' },
    });
  });

  it('refuses documents that would place contacts ambiguously', () => {
    const halfRoute = {
      instances: [{ vendor: 'genesys-cloud', instance: 'org', queues: [{ queue: 'q', tenantId: 'acme-energy' }] }],
    };
    expect(VendorMapping.safeParse(halfRoute).success).toBe(false);
    const twice = {
      instances: [
        { vendor: 'amazon-connect', instance: INSTANCE },
        { vendor: 'amazon-connect', instance: `arn:aws:connect:eu-west-3:1:instance/${INSTANCE}` },
      ],
    };
    expect(VendorMapping.safeParse(twice).error?.issues[0]?.message).toBe(`amazon-connect/${INSTANCE} is mapped twice`);
    expect(VendorMapping.safeParse({ instances: [{ vendor: 'avaya', instance: 'x' }] }).success).toBe(false);
  });
});

describe('Vendor mapping: loading from the environment', () => {
  const noFile = (path: string): string => {
    throw new Error(`ENOENT: ${path}`);
  };

  it('reads inline JSON first, then the file, and is empty with neither', () => {
    expect(loadVendorMapping({ env: { VENDOR_MAPPING: exampleText }, readFile: noFile })).toEqual(mapping);
    expect(
      loadVendorMapping({
        env: { VENDOR_MAPPING_FILE: 'config/vendor-mapping.example.json' },
        readFile: () => exampleText,
      }),
    ).toEqual(mapping);
    expect(loadVendorMapping({ env: {}, readFile: noFile })).toEqual({ instances: [] });
  });

  it('fails at start, saying why, on an unreadable, malformed or invalid document', () => {
    const load = (env: Record<string, string>) => () => loadVendorMapping({ env, readFile: noFile });
    expect(load({ VENDOR_MAPPING_FILE: '/nope.json' })).toThrow(InvalidVendorMappingError);
    expect(load({ VENDOR_MAPPING_FILE: '/nope.json' })).toThrow('VENDOR_MAPPING_FILE /nope.json cannot be read');
    expect(load({ VENDOR_MAPPING: '{"instances": [' })).toThrow('VENDOR_MAPPING is not JSON');
    expect(load({ VENDOR_MAPPING: '{"instances": [{"vendor": "amazon-connect"}]}' })).toThrow(
      'VENDOR_MAPPING is not a valid vendor mapping: instances.0.instance',
    );
  });
});
