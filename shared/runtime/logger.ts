import { Logger } from '@aws-lambda-powertools/logger';

/**
 * One structured JSON logger per process (Powertools). Handlers append `tenantId` and `correlationId`;
 * nothing personal (customer references, phone numbers, e-mail addresses) is ever logged.
 */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'ccc-compliance' });
