import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  type UserPoolGroup,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { TENANTS_CLAIM } from '../../shared/http/principal.js';
import { ROLES, type Role } from '../../shared/http/roles.js';
import { constructId } from './construct-id.js';

/** The custom attribute that lists the tenants a user may see; Cognito prefixes it with `custom:` in tokens. */
export const TENANTS_ATTRIBUTE = TENANTS_CLAIM.replace(/^custom:/, '');

/**
 * The people who may call the API: staff of the provider, of its client organisations and of the certification body,
 * created by an administrator (no self sign-up). Each role of {@link ROLES} is a group of the same name, so roles
 * reach the API in `cognito:groups`; the tenants a user may see are the comma-separated `custom:tenants` attribute,
 * which only administrators (IAM callers of AdminUpdateUserAttributes) can change: no app client may write it.
 *
 * Users, their group memberships, attributes and MFA enrolments are state, hence this construct lives in the
 * stateful stack, retained and deletion-protected like the table.
 */
export class ComplianceUserPool extends Construct {
  readonly userPool: UserPool;
  /** The group of each role, by role name. */
  readonly groups: ReadonlyMap<Role, UserPoolGroup>;
  /** The `iss` of the pool's tokens, which the API's JWT authorizer trusts. */
  readonly issuerUrl: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Software tokens only: SMS codes can be intercepted and would need an SNS role and spending limits.
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      enableSmsRole: false,
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        passwordHistorySize: 5,
        tempPasswordValidity: Duration.days(3),
      },
      // Plus: blocks sign-ins with leaked credentials or high risk, which a pool of privileged users warrants.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      customAttributes: {
        // Mutable so administrators can grant and withdraw tenants; app clients are denied write access.
        [TENANTS_ATTRIBUTE]: new StringAttribute({ mutable: true, minLen: 0, maxLen: 2048 }),
      },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.groups = new Map(ROLES.map((role) => [role, this.addRoleGroup(role)]));
    const stack = Stack.of(this);
    this.issuerUrl = `https://cognito-idp.${stack.region}.${stack.urlSuffix}/${this.userPool.userPoolId}`;
  }

  private addRoleGroup(role: Role): UserPoolGroup {
    const group = this.userPool.addGroup(`Group${constructId(role)}`, {
      groupName: role,
      description: `Role ${role} (docs/api.md): members get it in the cognito:groups claim`,
    });
    // Deleting a group drops its memberships: a renamed role must not silently revoke everyone's access.
    group.applyRemovalPolicy(RemovalPolicy.RETAIN);
    return group;
  }
}
