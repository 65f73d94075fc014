import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RuntimeConfig } from '../runtime/config.js';

/** Stand-ins accept any credentials; in AWS the default provider chain is used. */
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

function clientOptions(config: RuntimeConfig, endpoint: string | undefined) {
  return endpoint === undefined
    ? { region: config.region }
    : { region: config.region, endpoint, credentials: LOCAL_CREDENTIALS };
}

export function createDocumentClient(config: RuntimeConfig): DynamoDBDocumentClient {
  const client = new DynamoDBClient({ ...clientOptions(config, config.endpoints.dynamodb), maxAttempts: 5 });
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

export { clientOptions };
