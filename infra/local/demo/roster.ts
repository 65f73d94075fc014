/**
 * Which agents work which queue at which site. Exported so that later demo generators (onboarding, training, QA)
 * speak about the same agents the simulated contacts name.
 */
import type { Channel } from '../../../events/telephony.js';
import type { DemoLine, DemoTenant } from './tenant-model.js';

/** The agents rostered on one line at one site. */
export interface DeskRoster {
  line: DemoLine;
  centerId: string;
  /** Share of the line's contacts routed to this site. */
  share: number;
  agentIds: readonly string[];
}

/** One demo agent and the queue they work. */
export interface DemoAgent {
  agentId: string;
  centerId: string;
  channel: Channel;
  queue: string;
}

/** Thrown when a tenant routes work to a site it gives no agent numbers for. */
export class UnknownDemoSiteError extends Error {
  override readonly name = 'UnknownDemoSiteError';

  constructor(tenantId: string, centerId: string) {
    super(`${tenantId}: no firstAgentNumber for site ${centerId}`);
  }
}

/**
 * Rosters in line order: each site numbers its agents from `firstAgentNumber`, one block per line, grown with
 * `scale` (never shrunk) so that a bigger demo is not simply understaffed.
 *
 * @throws UnknownDemoSiteError
 */
export function deskRosters(tenant: DemoTenant, scale = 1): DeskRoster[] {
  const nextAgent = new Map(Object.entries(tenant.firstAgentNumber));
  return tenant.lines.flatMap((line) =>
    line.sites.map((site) => {
      const first = nextAgent.get(site.centerId);
      if (first === undefined) throw new UnknownDemoSiteError(tenant.tenantId, site.centerId);
      const size = Math.ceil(site.roster * Math.max(1, scale));
      nextAgent.set(site.centerId, first + size);
      const agentIds = Array.from({ length: size }, (_, i) => `agent-${String(first + i).padStart(3, '0')}`);
      return { line, centerId: site.centerId, share: site.share, agentIds };
    }),
  );
}

/** Every agent of a demo tenant, as {@link simulateMonth} names them in `agentId`. */
export function demoAgents(tenant: DemoTenant, scale = 1): DemoAgent[] {
  return deskRosters(tenant, scale).flatMap(({ line, centerId, agentIds }) =>
    agentIds.map((agentId) => ({ agentId, centerId, channel: line.channel, queue: line.queue })),
  );
}
