/**
 * A PascalCase construct id from a kebab-case name (`record-contact-completed` → `RecordContactCompleted`) or a route
 * (`get /v1/tenants/{tenantId}/kpis` → `GetV1TenantsTenantIdKpis`). Ids derived from stable names keep logical ids,
 * and so the deployed resources, stable when unrelated entries are added or reordered.
 */
export function constructId(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
