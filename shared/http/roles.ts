/**
 * The roles a principal may hold (docs/api.md). In AWS each role is a Cognito user-pool group of the same
 * name, so it reaches the API in the `cognito:groups` claim; locally the token CLI writes the same claim.
 */
export const ROLES = ['compliance-officer', 'client-manager', 'auditor', 'dpo', 'recording-reviewer', 'admin'] as const;

/** One of {@link ROLES}. */
export type Role = (typeof ROLES)[number];

const roleSet: ReadonlySet<string> = new Set(ROLES);

/** Narrows an arbitrary string (a group name from a token) to a {@link Role}. */
export function isRole(value: string): value is Role {
  return roleSet.has(value);
}
