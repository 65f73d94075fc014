import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { DashboardRuntimeConfig } from '../../runtime-config.js';
import type { ApiClient } from '../api/client.js';
import type { Principal } from '../auth/principal.js';
import type { Session } from '../auth/session.js';

/** What every view needs: the typed API client and who is signed in. */
export interface AppServices {
  readonly api: ApiClient;
  readonly principal: Principal;
  readonly session: Session;
  readonly config: DashboardRuntimeConfig;
}

export const AppContext = createContext<AppServices | undefined>(undefined);

export function useApp(): AppServices {
  const services = useContext(AppContext);
  if (services === undefined) throw new Error('useApp() outside <AppContext.Provider>');
  return services;
}
