import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { getHealthRoute } from '../../../functions/get-health/route.js';
import { freePort } from '../../../infra/local/stand-ins/free-port.js';
import { useStandInEnvironment } from '../../support/stand-ins.js';

const context = { functionName: 'get-health', awsRequestId: 'r', getRemainingTimeInMillis: () => 3000 } as Context;
const request = {
  version: '2.0',
  routeKey: 'GET /health',
  rawPath: '/health',
  rawQueryString: '',
  headers: {},
  isBase64Encoded: false,
  requestContext: { requestId: 'r' },
} as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;

/** A fresh copy of the handler module, reading the environment as it is now (as a new Lambda container would). */
async function health(env: Record<string, string>) {
  vi.resetModules();
  Object.assign(process.env, env);
  const { handler } = await import('../../../functions/get-health/handler.js');
  const response = (await handler(request, context)) as APIGatewayProxyStructuredResultV2;
  return { ...response, json: JSON.parse(response.body ?? 'null') };
}

describe('Function: get-health', () => {
  const config = useStandInEnvironment();
  const bucket = `health-${crypto.randomUUID().slice(0, 8)}`;
  const upEnv = () => ({
    DYNAMODB_ENDPOINT: config.endpoints.dynamodb!,
    S3_ENDPOINT: config.endpoints.s3!,
    RECORDINGS_BUCKET: bucket,
    REPORTS_BUCKET: bucket,
  });

  beforeAll(async () => {
    const s3 = new S3Client({
      endpoint: config.endpoints.s3,
      region: 'eu-west-3',
      forcePathStyle: true,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    s3.destroy();
  });

  it('answers 200 with every dependency up: the table, the buckets and SES', async () => {
    const response = await health(upEnv());

    expect(response.statusCode).toBe(200);
    expect(response.json).toEqual({
      status: 'ok',
      dependencies: {
        dynamodb: { status: 'up', latencyMs: expect.any(Number) },
        s3: { status: 'up', latencyMs: expect.any(Number) },
        ses: { status: 'up', latencyMs: expect.any(Number) },
      },
    });
    expect(getHealthRoute.responses[200]?.schema?.safeParse(response.json).success).toBe(true);
  });

  it('answers 503 with Retry-After and says which dependency is down when DynamoDB does not answer', async () => {
    const closedPort = await freePort();
    const response = await health({ ...upEnv(), DYNAMODB_ENDPOINT: `http://127.0.0.1:${closedPort}` });

    expect(response.statusCode).toBe(503);
    expect(response.headers?.['content-type']).toBe('application/json');
    expect(Number(response.headers?.['retry-after'])).toBeGreaterThan(0);
    expect(response.json).toMatchObject({
      status: 'unavailable',
      dependencies: {
        dynamodb: { status: 'down', detail: 'ECONNREFUSED' },
        s3: { status: 'up' },
        ses: { status: 'up' },
      },
    });
    expect(getHealthRoute.responses[503]?.schema?.safeParse(response.json).success).toBe(true);
  });

  it('reports the table down when it does not exist, and a bucket that does not exist', async () => {
    const response = await health({ ...upEnv(), TABLE_NAME: 'no-such-table', REPORTS_BUCKET: 'no-such-bucket' });

    expect(response.statusCode).toBe(503);
    expect(response.json.dependencies).toMatchObject({
      dynamodb: { status: 'down', detail: 'ResourceNotFoundException' },
      s3: { status: 'down', detail: 'NotFound' },
    });
  });
});
