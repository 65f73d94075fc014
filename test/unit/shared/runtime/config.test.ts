import { describe, expect, it } from 'vitest';
import { ConfigurationError, loadConfig, requiredVariable } from '../../../../shared/runtime/config.js';

describe('Runtime configuration', () => {
  it('reads the table, bus, region and stand-in endpoints, blanks as unset', () => {
    expect(
      loadConfig({
        TABLE_NAME: ' t1 ',
        EVENT_BUS_NAME: '',
        AWS_DEFAULT_REGION: 'eu-west-1',
        S3_ENDPOINT: 'http://127.0.0.1:4569',
      }),
    ).toEqual({
      tableName: 't1',
      eventBusName: 'ccc-compliance',
      region: 'eu-west-1',
      endpoints: { s3: 'http://127.0.0.1:4569' },
    });
  });

  it('names every problem at once: a missing table and a malformed endpoint', () => {
    const load = () => loadConfig({ DYNAMODB_ENDPOINT: 'localhost:8000' });
    expect(load).toThrow(ConfigurationError);
    expect(load).toThrow(/TABLE_NAME is required; DYNAMODB_ENDPOINT must be an http\(s\) URL/);
  });

  it('fails a function that needs a variable of its own when it is missing', () => {
    expect(() => requiredVariable('LEDGER_ANCHOR_BUCKET', { LEDGER_ANCHOR_BUCKET: '  ' })).toThrow(
      'environment variable LEDGER_ANCHOR_BUCKET is required',
    );
    expect(requiredVariable('LEDGER_ANCHOR_BUCKET', { LEDGER_ANCHOR_BUCKET: 'anchors' })).toBe('anchors');
  });

  it('fails a handler at cold start, when its module loads, not at its first request', async () => {
    const saved = process.env.TABLE_NAME;
    delete process.env.TABLE_NAME;
    try {
      await expect(import('../../../../functions/get-kpis/handler.js')).rejects.toThrow(/TABLE_NAME is required/);
    } finally {
      if (saved !== undefined) process.env.TABLE_NAME = saved;
    }
  });
});
