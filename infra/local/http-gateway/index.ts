/**
 * The one-machine stand-in for API Gateway HTTP API and its Cognito JWT authorizer (README.md, "On one machine").
 * @module
 */
export { startHttpGateway } from './gateway.js';
export { IntegrationTimeoutError } from './integration.js';
export { MalformedIntegrationResponseError } from './integration-response.js';
export { stringifyClaims } from './request-event.js';
export { RouteConfigurationError } from './route-table.js';
export type { GatewayLogger, GatewayRoute, HttpGateway, HttpGatewayOptions, RouteMethod } from './types.js';
