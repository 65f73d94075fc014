/**
 * What applies to a tenant that has no client agreement yet (CONTRACT.md §4). Every value carries its origin:
 * ISO 18295 fixes no numeric target, so none of these is "required by ISO 18295".
 */
export type Origin = 'contract' | 'law' | 'internal' | 'scheme';

export interface Sourced<T> {
  value: T;
  origin: Origin;
}

export const DEFAULT_TIME_ZONE: Sourced<string> = { value: 'Europe/Paris', origin: 'internal' };
export const DEFAULT_LANGUAGE: Sourced<string> = { value: 'fr', origin: 'internal' };

/**
 * Contact records (not recordings) are kept 13 months: a full year of comparison plus a month for the annual audit.
 * An internal choice: the default agreement's `retention.contactRecordDays`, which a tenant's agreement replaces.
 */
export const DEFAULT_CONTACT_RETENTION_DAYS: Sourced<number> = { value: 396, origin: 'internal' };
