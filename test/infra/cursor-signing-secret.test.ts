import { randomInt } from 'node:crypto';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { CfnResource } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it } from 'vitest';
import { functionCatalog } from '../../functions/catalog.js';
import { routes } from '../../functions/routes.js';
import type { StatefulStack } from '../../infra/stacks/stateful-stack.js';
import type { StatelessStack } from '../../infra/stacks/stateless-stack.js';
import { cursorSecret } from '../../shared/adapters/cursor-secret.js';
import { SYNTH_TIMEOUT_MS, TEST_ENV, testApp } from './support/app.js';

type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };
type Generator = {
  PasswordLength: number;
  ExcludeCharacters?: string;
  ExcludeUppercase?: boolean;
  ExcludeLowercase?: boolean;
  ExcludeNumbers?: boolean;
  ExcludePunctuation?: boolean;
  IncludeSpace?: boolean;
};

/** The character classes Secrets Manager's GetRandomPassword draws from. */
const CLASSES = {
  ExcludeUppercase: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  ExcludeLowercase: 'abcdefghijklmnopqrstuvwxyz',
  ExcludeNumbers: '0123456789',
  ExcludePunctuation: '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
} as const;

/** Every character a value generated with these settings can contain. */
function alphabetOf(generator: Generator): string[] {
  const classes = Object.entries(CLASSES).filter(([exclude]) => generator[exclude as keyof typeof CLASSES] !== true);
  const characters = [...classes.map(([, chars]) => chars).join(''), ...(generator.IncludeSpace ? [' '] : [])];
  return characters.filter((char) => !(generator.ExcludeCharacters ?? '').includes(char));
}

/** API functions are those a route names: they sign and verify list cursors; no other function may read the key. */
/** The route functions that read the table: cursors page through table data, so only they sign and verify them. */
const apiFunctions = new Set(
  routes
    .map((route) => route.function)
    .filter((name) => functionCatalog.find((fn) => fn.name === name)?.table !== 'none'),
);
const cases = functionCatalog.map((fn) => [fn.name, apiFunctions.has(fn.name)] as const);

describe('Construct: cursor-signing secret', () => {
  let stateful: StatefulStack;
  let stateless: StatelessStack;
  let template: Template;
  let secretId: string;
  const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
    stateless.getLogicalId(construct.node.defaultChild as CfnResource);

  beforeAll(() => {
    // Prepare
    ({ stateful, stateless } = testApp());
    // Act
    template = Template.fromStack(stateless);
    secretId = logicalId(stateless.cursorSecret.secret);
  }, SYNTH_TIMEOUT_MS);

  function statementsOf(name: string): Statement[] {
    const roleId = logicalId(stateless.functions.get(name)!.function.role as never);
    return Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((policy) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
  }
  const readsSecret = (statement: Statement) =>
    [statement.Action].flat().includes('secretsmanager:GetSecretValue') &&
    JSON.stringify(statement.Resource) === JSON.stringify({ Ref: secretId });
  const decryptsThroughSecretsManager = (statement: Statement) =>
    [statement.Action].flat().includes('kms:Decrypt') &&
    JSON.stringify(statement.Condition) ===
      JSON.stringify({ StringEquals: { 'kms:ViaService': `secretsmanager.${TEST_ENV.region}.amazonaws.com` } });

  it('is one secret, encrypted with the data key of the stateful stack', () => {
    template.resourceCountIs('AWS::SecretsManager::Secret', 1);
    const dataKey = stateful.getLogicalId(stateful.key.node.defaultChild as CfnResource);
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      KmsKeyId: { 'Fn::ImportValue': Match.stringLikeRegexp(`:ExportsOutputFnGetAtt${dataKey}Arn`) },
    });
  });

  it('is generated as a value the functions accept as a key of at least 32 bytes', async () => {
    // Prepare: a value as Secrets Manager would generate it from the template's settings.
    const generator = template.toJSON().Resources[secretId].Properties.GenerateSecretString as Generator;
    const alphabet = alphabetOf(generator);
    const value = Array.from({ length: generator.PasswordLength }, () => alphabet[randomInt(alphabet.length)]).join('');
    const arn = `arn:aws:secretsmanager:${TEST_ENV.region}:${TEST_ENV.account}:secret:cursor-AbCdEf`;
    mockClient(SecretsManagerClient).on(GetSecretValueCommand, { SecretId: arn }).resolves({ SecretString: value });

    // Act: read as a function does in AWS.
    const key = await cursorSecret({ CURSOR_SECRET_ARN: arn, AWS_REGION: TEST_ENV.region });

    // Assess: hex digits only, so every character carries 4 bits and decoding never drops one.
    expect(alphabet.every((char) => /[0-9a-f]/i.test(char))).toBe(true);
    expect(key.byteLength).toBe(generator.PasswordLength / 2);
    expect(key.byteLength).toBeGreaterThanOrEqual(32);
  });

  it('has no resource policy: only the grants below open it', () => {
    template.resourceCountIs('AWS::SecretsManager::ResourcePolicy', 0);
  });

  it.each(cases)(
    '%s (serves API routes from the table: %s) is told the secret and may read it only if so',
    (name, api) => {
      const fn = template.toJSON().Resources[logicalId(stateless.functions.get(name)!.function)];
      const variables = fn.Properties.Environment.Variables as Record<string, unknown>;
      expect(variables.CURSOR_SECRET_ARN).toEqual(api ? { Ref: secretId } : undefined);
      const statements = statementsOf(name);
      expect(statements.some(readsSecret)).toBe(api);
      expect(statements.some(decryptsThroughSecretsManager)).toBe(api);
    },
  );

  it('gives no other role access to the secret', () => {
    const apiRoles = [...apiFunctions].map((name) => ({
      Ref: logicalId(stateless.functions.get(name)!.function.role as never),
    }));
    const readers = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((policy) => (policy.Properties.PolicyDocument.Statement as Statement[]).some(readsSecret))
      .flatMap((policy) => policy.Properties.Roles);
    expect(readers).toEqual(expect.arrayContaining(apiRoles));
    expect(readers).toHaveLength(apiRoles.length);
  });
});
