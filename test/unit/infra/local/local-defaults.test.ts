import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalSettingsError, localSettings, localUrl } from '../../../../infra/local/local-defaults.js';
import { optionsFromEnvironment } from '../../../../infra/local/system.js';

describe('local defaults (README.md, "On one machine")', () => {
  it('are the documented ports, names, region and data folder when nothing is set', () => {
    expect(localSettings({})).toEqual({
      dataDir: resolve('.local'),
      host: '127.0.0.1',
      ports: { http: 3000, events: 4010, dynamodb: 8000, s3: 4569, ses: 8005 },
      tableName: 'ccc-compliance',
      busName: 'ccc-compliance',
      region: 'eu-west-3',
    });
  });

  it('follow each documented variable, and a blank one keeps the default', () => {
    const env = {
      PORT: '3100',
      EVENTS_PORT: '4110',
      DYNAMODB_PORT: '8100',
      S3_PORT: '4669',
      SES_PORT: '8105',
      TABLE_NAME: 'my-table',
      EVENT_BUS_NAME: ' ',
      AWS_REGION: 'eu-central-1',
      LOCAL_DATA_DIR: '/tmp/ccc',
    };
    expect(localSettings(env)).toEqual({
      dataDir: '/tmp/ccc',
      host: '127.0.0.1',
      ports: { http: 3100, events: 4110, dynamodb: 8100, s3: 4669, ses: 8105 },
      tableName: 'my-table',
      busName: 'ccc-compliance',
      region: 'eu-central-1',
    });
    expect(localUrl('dynamodb', env)).toBe('http://127.0.0.1:8100');
  });

  it('are what `npm start` uses', () => {
    const env = { DYNAMODB_PORT: '8100', TABLE_NAME: 'my-table' };
    expect(optionsFromEnvironment(env)).toMatchObject(localSettings(env));
  });

  it('name the variable that is not a port', () => {
    expect(() => localUrl('events', { EVENTS_PORT: '70000' })).toThrow(LocalSettingsError);
    expect(() => localSettings({ S3_PORT: 'four' })).toThrow('S3_PORT must be a port number');
  });
});
