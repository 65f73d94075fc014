import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { ParameterTier, StringParameter } from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { encodeVendorMapping, STANDARD_PARAMETER_MAX_BYTES } from '../../shared/adapters/vendor-mapping-encoding.js';

/** The variable `shared/adapters/vendor-mapping-source.ts` reads the parameter's name from. */
export const VENDOR_MAPPING_PARAMETER_ENV = 'VENDOR_MAPPING_PARAMETER';

export { STANDARD_PARAMETER_MAX_BYTES };

/** Options of the {@link VendorMappingParameter}. */
export interface VendorMappingParameterProps {
  /** The parameter's name, e.g. `/ccc-compliance/prod/vendor-mapping` (README.md, "Deploying"). */
  parameterName: string;
  /** The validated mapping as compact JSON (infra/config.ts). */
  json: string;
}

/**
 * The vendor mapping as an SSM String parameter, read by the functions that place vendor contacts through a cache
 * (a minute), so that `aws ssm put-parameter --overwrite` changes it without a redeploy. Only the functions
 * {@link VendorMappingParameter.bind | bound} to it may read it, with `ssm:GetParameter` on it alone.
 */
export class VendorMappingParameter extends Construct {
  readonly parameter: StringParameter;

  constructor(scope: Construct, id: string, props: VendorMappingParameterProps) {
    super(scope, id);
    // Compressed when it does not fit a Standard parameter as plain JSON (vendor-mapping-encoding.ts).
    const value = encodeVendorMapping(props.json);
    const bytes = Buffer.byteLength(value, 'utf8');
    this.parameter = new StringParameter(this, 'Parameter', {
      parameterName: props.parameterName,
      description: 'Vendor mapping: which tenant and centre each vendor instance and queue belongs to',
      stringValue: value,
      tier: bytes > STANDARD_PARAMETER_MAX_BYTES ? ParameterTier.ADVANCED : ParameterTier.STANDARD,
    });
  }

  /** Lets `fn` read the mapping: the parameter's name in `VENDOR_MAPPING_PARAMETER`, `ssm:GetParameter` on it. */
  bind(fn: LambdaFunction): void {
    fn.addEnvironment(VENDOR_MAPPING_PARAMETER_ENV, this.parameter.parameterName);
    fn.addToRolePolicy(
      new PolicyStatement({ actions: ['ssm:GetParameter'], resources: [this.parameter.parameterArn] }),
    );
  }
}
