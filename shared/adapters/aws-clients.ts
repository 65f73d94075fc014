import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, type TranslateConfig } from '@aws-sdk/lib-dynamodb';
import { createTenantScopedDocumentClient, type TenantTableAccess } from './tenant-scope.js';

/**
 * What the AWS clients need to know: the shape of the runtime configuration (shared/runtime/config.ts), declared
 * here so that adapters do not depend on the runtime layer above them.
 */
export interface ClientConfig {
  tableName: string;
  eventBusName: string;
  region: string;
  endpoints: { dynamodb?: string; s3?: string; events?: string; ses?: string };
}

/** Stand-ins accept any credentials; in AWS the default provider chain is used. */
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** The variable the CDK app sets on the API route functions: the role they assume per tenant. */
export const TENANT_ACCESS_ROLE_ARN_ENV = 'TENANT_ACCESS_ROLE_ARN';
/** The variable that says whether those functions read the table or also write it (`read`, `read-write`). */
export const TABLE_ACCESS_ENV = 'TABLE_ACCESS';

function clientOptions(config: ClientConfig, endpoint: string | undefined) {
  return endpoint === undefined
    ? { region: config.region }
    : { region: config.region, endpoint, credentials: LOCAL_CREDENTIALS };
}

const TRANSLATE: TranslateConfig = {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
};

/** Options of {@link createDocumentClient}. */
export interface DocumentClientOptions {
  /**
   * For API route handlers: every request must stay inside the tenant of the current `runInTenantScope` (refused
   * with a `TenantScopeError` otherwise), and, where `TENANT_ACCESS_ROLE_ARN` is set (in AWS), is signed with
   * credentials of that tenant only (see `tenant-scope.ts`).
   */
  tenantScoped?: boolean;
}

export function createDocumentClient(
  config: ClientConfig,
  options: DocumentClientOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): DynamoDBDocumentClient {
  const clientConfig = { ...clientOptions(config, config.endpoints.dynamodb), maxAttempts: 5 };
  if (options.tenantScoped) {
    const roleArn = env[TENANT_ACCESS_ROLE_ARN_ENV]?.trim();
    const access: TenantTableAccess = env[TABLE_ACCESS_ENV] === 'read-write' ? 'read-write' : 'read';
    return createTenantScopedDocumentClient({
      clientConfig,
      translateConfig: TRANSLATE,
      tenantAccess: roleArn ? { roleArn, tableName: config.tableName, access, region: config.region } : undefined,
    });
  }
  return DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig), TRANSLATE);
}

export { clientOptions };
