import { CONFIG_PATH, type DashboardRuntimeConfig } from '../runtime-config.js';

/** Reads `/app/config.json`, written by whatever serves the bundle (web/runtime-config.ts). */
export async function loadRuntimeConfig(): Promise<DashboardRuntimeConfig> {
  const response = await fetch(CONFIG_PATH, { cache: 'no-store', credentials: 'omit' });
  if (!response.ok) throw new Error(`${CONFIG_PATH} answered ${response.status}`);
  return (await response.json()) as DashboardRuntimeConfig;
}
