/**
 * Just enough of IAM's policy evaluation to ask what a synthesised bucket policy denies: a request (action, object
 * ARN, principal ARN, request context) against its Deny statements. It resolves the template's references from a
 * table the test gives, matches actions and resources with `*`, and evaluates the condition operators the product's
 * policies use with IAM's rules for absent keys: a negated operator (`StringNotEquals`, `ArnNotEquals`) on a key the
 * request lacks is true, a positive one false; `Null` tests presence. An operator it does not know throws, so a new
 * condition is never silently taken as matching.
 */

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: unknown;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

export interface Request {
  action: string;
  /** The object (or bucket) ARN the request is on. */
  resource: string;
  /** Condition keys present in the request (`aws:PrincipalArn`, `aws:SecureTransport`, `s3:x-amz-...`). */
  context: Readonly<Record<string, string>>;
}

/** Resolves `Ref`, `Fn::GetAtt` and `Fn::Join` with the given values (`Ref` by name, `Fn::GetAtt` as `id.Attr`). */
export function resolve(value: unknown, references: Readonly<Record<string, string>>): unknown {
  if (Array.isArray(value)) return value.map((item) => resolve(item, references));
  if (value === null || typeof value !== 'object') return value;
  const node = value as Record<string, unknown>;
  const reference = (name: string) => {
    const resolved = references[name];
    if (resolved === undefined) throw new Error(`no value given for ${name}`);
    return resolved;
  };
  if (typeof node.Ref === 'string') return reference(node.Ref);
  if (Array.isArray(node['Fn::GetAtt'])) return reference((node['Fn::GetAtt'] as string[]).join('.'));
  if (Array.isArray(node['Fn::Join'])) {
    const [delimiter, parts] = node['Fn::Join'] as [string, unknown[]];
    return parts.map((part) => String(resolve(part, references))).join(delimiter);
  }
  return Object.fromEntries(Object.entries(node).map(([key, item]) => [key, resolve(item, references)]));
}

const matches = (pattern: string, value: string) =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  ).test(value);
const list = (value: unknown) => [value].flat().map(String);

function conditionHolds(operator: string, key: string, expected: unknown, context: Request['context']): boolean {
  const actual = context[key];
  const values = list(expected);
  switch (operator) {
    case 'Null':
      return values[0] === 'true' ? actual === undefined : actual !== undefined;
    case 'Bool':
      return actual !== undefined && values.includes(actual);
    case 'StringEquals':
      return actual !== undefined && values.includes(actual);
    case 'StringNotEquals':
      return actual === undefined || !values.includes(actual);
    case 'ArnEquals':
    case 'ArnLike':
      return actual !== undefined && values.some((pattern) => matches(pattern, actual));
    case 'ArnNotEquals':
    case 'ArnNotLike':
      return actual === undefined || !values.some((pattern) => matches(pattern, actual));
    case 'NumericLessThan':
      return actual !== undefined && values.some((limit) => Number(actual) < Number(limit));
    default:
      throw new Error(`condition operator ${operator} is not modelled`);
  }
}

function applies(statement: PolicyStatement, request: Request): boolean {
  const principal = statement.Principal as { AWS?: unknown } | string | undefined;
  const anyone = principal === '*' || (typeof principal === 'object' && list(principal.AWS).includes('*'));
  if (!anyone) throw new Error(`statement ${statement.Sid ?? ''} names principals, which is not modelled`);
  if (!list(statement.Action).some((action) => matches(action, request.action))) return false;
  if (!list(statement.Resource).some((resource) => matches(resource, request.resource))) return false;
  return Object.entries(statement.Condition ?? {}).every(([operator, keys]) =>
    Object.entries(keys).every(([key, expected]) => conditionHolds(operator, key, expected, request.context)),
  );
}

/** The Sids of the (resolved) policy's Deny statements that refuse the request; empty when none does. */
export function denyingStatements(statements: readonly PolicyStatement[], request: Request): string[] {
  return statements
    .filter((statement) => statement.Effect === 'Deny' && applies(statement, request))
    .map((statement) => statement.Sid ?? '(no Sid)');
}
