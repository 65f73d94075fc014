import { Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

type Resolved = string | { Ref: string } | { 'Fn::GetAtt': [string, string] } | { 'Fn::Join': [string, Resolved[]] };

function flatten(node: Resolved): string {
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
  if ('Ref' in node) return `<${node.Ref}>`;
  if ('Fn::GetAtt' in node) return `<${node['Fn::GetAtt'].join('.')}>`;
  if ('Fn::Join' in node) {
    const [delimiter, parts] = node['Fn::Join'];
    return parts.map(flatten).join(delimiter);
  }
  throw new Error(`cannot name a cdk-nag finding for ${JSON.stringify(node)}`);
}

/**
 * Renders an IAM resource as cdk-nag names it in a granular finding (`AwsSolutions-IAM5[Resource::<this>]`):
 * references become `<LogicalId>` / `<AWS::Region>`, attributes `<LogicalId.Arn>`. Only references that are final at
 * construction time (pseudo parameters, literals, same-stack refs and attributes) can be named; anything else throws
 * rather than acknowledge the wrong id.
 */
export function nagResource(scope: IConstruct, value: string): string {
  return flatten(Stack.of(scope).resolve(value) as Resolved);
}
