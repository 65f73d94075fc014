import { describe, expect, it } from 'vitest';
import {
  fromIntegrationResult,
  MalformedIntegrationResponseError,
} from '../../../../../infra/local/http-gateway/integration-response.js';
import { functionNameForRoute } from '../../../../../infra/local/http-gateway/route-table.js';
import { createLambdaContext } from '../../../../../infra/local/lambda-context.js';

describe('Function: fromIntegrationResult', () => {
  it('infers 200 JSON from an object without statusCode', () => {
    const response = fromIntegrationResult({ message: 'Hello from Lambda!' });
    expect(response.statusCode).toBe(200);
    expect(response.headers).toEqual({ 'content-type': 'application/json' });
    expect(response.body.toString()).toBe('{"message":"Hello from Lambda!"}');
  });

  it('uses a returned string as the body itself', () => {
    const response = fromIntegrationResult('Hello from Lambda!');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.body.toString()).toBe('Hello from Lambda!');
  });

  it('serialises arrays and null like any other JSON value', () => {
    expect(fromIntegrationResult([1, 2]).body.toString()).toBe('[1,2]');
    expect(fromIntegrationResult(undefined).body.toString()).toBe('null');
  });

  it('uses a structured response as given', () => {
    const response = fromIntegrationResult({
      statusCode: 201,
      headers: { 'Content-Type': 'application/problem+json', 'X-Count': 3, 'X-Flag': true },
      cookies: ['a=1; HttpOnly', 'b=2'],
      body: '{"ok":true}',
    });
    expect(response).toEqual({
      statusCode: 201,
      headers: { 'content-type': 'application/problem+json', 'x-count': '3', 'x-flag': 'true' },
      cookies: ['a=1; HttpOnly', 'b=2'],
      body: Buffer.from('{"ok":true}'),
    });
  });

  it('decodes a base64 body', () => {
    const response = fromIntegrationResult({
      statusCode: 200,
      body: Buffer.from([0, 1, 255]).toString('base64'),
      isBase64Encoded: true,
    });
    expect([...response.body]).toEqual([0, 1, 255]);
  });

  it('sends an empty body when the structured response has none', () => {
    expect(fromIntegrationResult({ statusCode: 204 }).body.length).toBe(0);
  });

  it.each([
    ['a status that is not a number', { statusCode: '200' }],
    ['a status out of range', { statusCode: 99 }],
    ['a fractional status', { statusCode: 200.5 }],
    ['a body that is not a string', { statusCode: 200, body: { a: 1 } }],
    ['headers that are not an object', { statusCode: 200, headers: 'x' }],
    ['a header value that is an object', { statusCode: 200, headers: { x: { y: 1 } } }],
    ['cookies that are not strings', { statusCode: 200, cookies: [1] }],
    ['isBase64Encoded that is not a boolean', { statusCode: 200, isBase64Encoded: 'yes' }],
  ])('refuses %s', (_case, result) => {
    expect(() => fromIntegrationResult(result)).toThrow(MalformedIntegrationResponseError);
  });
});

describe('Function: createLambdaContext', () => {
  it('describes the function and counts down to the deadline', () => {
    const context = createLambdaContext({
      functionName: 'local-get-health',
      region: 'eu-west-3',
      accountId: '000000000000',
      deadline: Date.now() + 5_000,
    });
    expect(context.invokedFunctionArn).toBe('arn:aws:lambda:eu-west-3:000000000000:function:local-get-health');
    expect(context.logGroupName).toBe('/aws/lambda/local-get-health');
    expect(context.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(context.getRemainingTimeInMillis()).toBeGreaterThan(4_000);
    expect(context.getRemainingTimeInMillis()).toBeLessThanOrEqual(5_000);
    expect(() => context.succeed('x')).toThrow(/not supported/);
  });

  it('derives a valid function name from a route key', () => {
    expect(functionNameForRoute('GET /v1/tenants/{tenantId}/kpis')).toBe('local-get-v1-tenants-tenantid-kpis');
    expect(functionNameForRoute('$default')).toBe('local-default');
    expect(functionNameForRoute(`GET /${'x'.repeat(100)}`).length).toBe(64);
  });
});
