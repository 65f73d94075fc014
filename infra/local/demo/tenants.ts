/** The demo's client organisations; each is data in its own file. */
import { ACME_ENERGY } from './acme-energy.js';
import { NORTHWIND_TELECOM } from './northwind-telecom.js';
import type { DemoTenant } from './tenant-model.js';

export { ACME_ENERGY } from './acme-energy.js';
export { NORTHWIND_TELECOM } from './northwind-telecom.js';
export type { DemoLine, DemoTenant, HandleProfile, WeeklyHours } from './tenant-model.js';
export { weeklyHours } from './tenant-model.js';

/** The two client organisations `npm start` loads. */
export const DEFAULT_DEMO_TENANTS: readonly DemoTenant[] = [ACME_ENERGY, NORTHWIND_TELECOM];
