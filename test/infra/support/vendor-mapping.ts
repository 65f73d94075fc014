import type { CfnResource } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { functionCatalog } from '../../../functions/catalog.js';
import type { StatelessStack } from '../../../infra/stacks/stateless-stack.js';

type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

/** How the synthesized stack hands the vendor mapping to its functions: the parameter, who is told it, who may read it. */
export function vendorMappingWiring(stack: StatelessStack, template: Template) {
  const resources = template.toJSON().Resources as Record<
    string,
    { Type: string; Properties: Record<string, unknown> }
  >;
  const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
    stack.getLogicalId(construct.node.defaultChild as CfnResource);
  const parameterId = logicalId(stack.vendorMapping.parameter);
  const parameters = Object.values(resources).filter((resource) => resource.Type === 'AWS::SSM::Parameter');
  const variablesOf = (name: string) =>
    (
      (resources[logicalId(stack.functions.get(name)!.function)]!.Properties.Environment ?? { Variables: {} }) as {
        Variables: Record<string, unknown>;
      }
    ).Variables;
  const statementsOf = (name: string): Statement[] => {
    const roleId = logicalId(stack.functions.get(name)!.function.role as never);
    return Object.values(resources)
      .filter(
        (r) =>
          r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles) === JSON.stringify([{ Ref: roleId }]),
      )
      .flatMap((r) => (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
  };
  const mentionsParameter = (statement: Statement) => JSON.stringify(statement.Resource).includes(`"${parameterId}"`);
  return {
    parameters,
    parameter: resources[parameterId]!.Properties as { Name: string; Value: string; Tier: string; Type: string },
    /** Functions whose environment names the parameter (`VENDOR_MAPPING_PARAMETER`). */
    naming: functionCatalog
      .filter(
        (fn) => JSON.stringify(variablesOf(fn.name).VENDOR_MAPPING_PARAMETER) === JSON.stringify({ Ref: parameterId }),
      )
      .map((fn) => fn.name),
    /** Functions with the mapping itself in their environment (none any more). */
    inlining: functionCatalog.filter((fn) => 'VENDOR_MAPPING' in variablesOf(fn.name)).map((fn) => fn.name),
    /** Each statement of a function's role that names the parameter. */
    statementsOnParameter: (name: string) => statementsOf(name).filter(mentionsParameter),
  };
}
