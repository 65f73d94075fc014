import { Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { ArnPrincipal, CompositePrincipal, PolicyStatement, Role } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { TABLE_ACCESS_ENV, TENANT_ACCESS_ROLE_ARN_ENV } from '../../shared/adapters/aws-clients.js';
import {
  type ComplianceFunction,
  denyLedgerDeletes,
  TABLE_READ_ACTIONS,
  TABLE_WRITE_ACTIONS,
} from './compliance-function.js';
import { nagResource } from './nag-resource.js';

/** The session names `shared/adapters/tenant-scope.ts` gives: `tenant-<tenantId>`. */
export const TENANT_SESSION_NAME_PATTERN = 'tenant-*';

/** Options of {@link TenantAccessRole}. */
export interface TenantAccessRoleProps {
  table: ITableV2;
  /** The functions that serve API routes: only their roles may assume it, each with the table access of its entry. */
  routeFunctions: readonly ComplianceFunction[];
}

/**
 * The role API route functions assume once per tenant (AWS's "dynamic policy generation" for pooled tables): every
 * session is started with a session policy that narrows `dynamodb:LeadingKeys` to `T#<tenantId>#*`
 * (`shared/adapters/tenant-scope.ts`), so the credentials a request is signed with can reach its own tenant's items
 * and nothing else, whatever the code does. The role itself allows no more than the route functions' catalog
 * entries together, never Scan, never a ledger delete; its trust policy names only those functions' roles.
 *
 * It covers DynamoDB only. The recording route functions reach the recordings bucket with their own role: the key of
 * the object they presign, set or release a hold on, or delete is the one in the recording's metadata item, which
 * they read through this role's tenant-narrowed session, so a request for one tenant can only name that tenant's
 * object (`t/<tenant>/...`). A presigned URL is scoped to that one key (and version) and lives at most five minutes
 * (`RECORDING_ACCESS_URL_SECONDS`); the recordings bucket's policy lets no other principal read. Narrowing the S3
 * calls to `t/<tenant>/*` as well would mean signing them with a tenant session of a role the bucket policy also
 * names as a reader; with one key per request taken from tenant-scoped metadata it would add little.
 */
export class TenantAccessRole extends Construct {
  readonly role: Role;

  constructor(scope: Construct, id: string, props: TenantAccessRoleProps) {
    super(scope, id);
    const { table, routeFunctions } = props;
    // Those that never touch the table (health, documentation) may not assume it either.
    const tableUsers = routeFunctions.filter((fn) => fn.definition.table !== 'none');
    const callers = tableUsers.map((fn) => fn.function.role).filter((role) => role !== undefined);
    this.role = new Role(this, 'Role', {
      description: 'Assumed by the API route functions once per tenant, narrowed to that tenant by a session policy',
      assumedBy: new CompositePrincipal(...callers.map((role) => new ArnPrincipal(role.roleArn))).withConditions({
        StringLike: { 'sts:RoleSessionName': TENANT_SESSION_NAME_PATTERN },
      }),
    });
    const writes = tableUsers.some((fn) => fn.definition.table === 'read-write');
    this.role.addToPolicy(
      new PolicyStatement({
        actions: [...TABLE_READ_ACTIONS, ...(writes ? TABLE_WRITE_ACTIONS : [])],
        resources: [table.tableArn, `${table.tableArn}/index/*`],
      }),
    );
    this.role.addToPolicy(denyLedgerDeletes(table.tableArn));
    table.encryptionKey?.grant(
      this.role,
      'kms:Decrypt',
      'kms:DescribeKey',
      ...(writes ? ['kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'] : []),
    );

    const ack = (finding: string, reason: string) =>
      Validations.of(this.role).acknowledge({ id: `AwsSolutions::AwsSolutions-IAM5[${finding}]`, reason });
    ack(
      `Resource::${nagResource(this, `${table.tableArn}/index/*`)}`,
      "Queries on this table's own secondary indexes; each session's policy narrows them to one tenant's keys.",
    );
    if (writes) {
      ack(
        'Action::kms:GenerateDataKey*',
        'The encrypt action set of a CDK table grant for a customer-managed key, so DynamoDB can encrypt written ' +
          'items; scoped to the data key ARN.',
      );
      ack('Action::kms:ReEncrypt*', 'Part of the same encrypt action set; scoped to the data key ARN.');
    }

    for (const fn of tableUsers) {
      this.role.grantAssumeRole(fn.function.role as Role);
      fn.function.addEnvironment(TENANT_ACCESS_ROLE_ARN_ENV, this.role.roleArn);
      fn.function.addEnvironment(TABLE_ACCESS_ENV, fn.definition.table);
    }
  }
}
