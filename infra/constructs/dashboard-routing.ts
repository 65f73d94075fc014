import { Stack } from 'aws-cdk-lib';
import { Function as CloudFrontFunction, FunctionCode, FunctionRuntime } from 'aws-cdk-lib/aws-cloudfront';
import type { Construct } from 'constructs';
import { DASHBOARD_BASE_PATH } from '../../web/runtime-config.js';

/**
 * The viewer-request code of the dashboard's default behaviour (CloudFront Functions, JavaScript runtime 2.0): `/` and
 * `/app` are redirected to the base path `/app/`, and a path under it whose last segment has no extension (a deep
 * link such as `/app/tenants/acme/kpis`, or the sign-in callback) is served `/app/index.html`, for the single-page app
 * to route. Everything else reaches S3 unchanged, so a missing asset stays a visible error instead of a page: custom
 * error responses would have turned every 403 and 404 into the page as well.
 *
 * Kept as source text rather than a TypeScript function: CloudFront runs this text as it is, and the tests evaluate
 * the same text.
 */
export const DASHBOARD_ROUTING_CODE = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri === '/' || uri === '${DASHBOARD_BASE_PATH.slice(0, -1)}') {
    return { statusCode: 302, statusDescription: 'Found', headers: { location: { value: '${DASHBOARD_BASE_PATH}' } } };
  }
  if (uri.indexOf('${DASHBOARD_BASE_PATH}') === 0 && uri.slice(uri.lastIndexOf('/') + 1).indexOf('.') === -1) {
    request.uri = '${DASHBOARD_BASE_PATH}index.html';
  }
  return request;
}
`;

/** The CloudFront Function that runs {@link DASHBOARD_ROUTING_CODE} on every viewer request of the page. */
export function dashboardRoutingFunction(scope: Construct, id: string): CloudFrontFunction {
  return new CloudFrontFunction(scope, id, {
    // Named by its stack, which names the stage: function names are per account, across regions.
    functionName: `${Stack.of(scope).stackName}-dashboard-routing`,
    code: FunctionCode.fromInline(DASHBOARD_ROUTING_CODE),
    runtime: FunctionRuntime.JS_2_0,
    comment: 'Dashboard: / to /app/, deep links under /app/ to /app/index.html',
  });
}
