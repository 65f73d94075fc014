/**
 * The use case "certification readiness of a tenant" (issue 12 items 6 and 7): reads the control states, the quality
 * and governance records, the agreement in force and the ledger's verdict through their ports, and hands them to the
 * domain (shared/domain/quality/readiness.ts), which judges the clauses, the gap analysis and the certification path.
 */
import type { AgreementVersion } from '../domain/agreement/agreement-schema.js';
import { versionInForceAt } from '../domain/agreement/agreement-versions.js';
import { localDate } from '../domain/calendar/zoned-time.js';
import type { GovernanceDocument, ManagementReview } from '../domain/governance/governance-records.js';
import type { AuditRecord, Nonconformity } from '../domain/quality/quality-records.js';
import { assessReadiness, type Readiness, type ReadinessControl } from '../domain/quality/readiness.js';
import type { ControlState } from './control-state.js';
import type { AgreementReader } from './kpi-query.js';

/** A control of the catalogue as readiness reads it: what it asks and whether the agreement may switch it off. */
export interface CatalogueEntry {
  controlId: string;
  clause: string;
  requirement: string;
  severity: 'major' | 'minor';
  switchable: boolean;
}

/** Ports: where the records readiness judges come from. */
export interface ReadinessSources {
  agreements: AgreementReader;
  controls: { states(tenantId: string, controlIds: readonly string[]): Promise<Map<string, ControlState>> };
  quality: {
    audits(tenantId: string): Promise<AuditRecord[]>;
    nonconformities(tenantId: string, filter: { status: 'all' }): Promise<Nonconformity[]>;
  };
  governance: {
    documents(tenantId: string): Promise<GovernanceDocument[]>;
    reviews(tenantId: string): Promise<ManagementReview[]>;
  };
  /**
   * The ledger's verdict, as `GET .../ledger/verify` gives it: the chain is read whole, which is why readiness is a
   * query an officer asks now and then, not a dashboard polled every minute.
   */
  ledger: { verify(tenantId: string): Promise<{ valid: boolean; entries: number; firstBrokenAt?: number }> };
}

export interface ReadinessView extends Readiness {
  tenantId: string;
  /** The instant it was computed, and the tenant-local date it judged. */
  asOf: string;
  today: string;
}

/** The readiness of `tenantId` at `now`, judged with the catalogue's enabled controls and the agreement in force. */
export async function readinessOf(
  sources: ReadinessSources,
  catalogue: readonly CatalogueEntry[],
  tenantId: string,
  now: Date,
): Promise<ReadinessView> {
  const [versions, states, audits, nonconformities, documents, reviews, ledger] = await Promise.all([
    sources.agreements.versions(tenantId),
    sources.controls.states(
      tenantId,
      catalogue.map((c) => c.controlId),
    ),
    sources.quality.audits(tenantId),
    sources.quality.nonconformities(tenantId, { status: 'all' }),
    sources.governance.documents(tenantId),
    sources.governance.reviews(tenantId),
    sources.ledger.verify(tenantId),
  ]);
  const agreement = versionInForceAt(tenantId, versions, now);
  const today = localDate(now, agreement.timeZone.value);
  const readiness = assessReadiness({
    today,
    controls: readinessControls(catalogue, agreement),
    states: [...states.values()].map(({ controlId, status, since }) => ({ controlId, status, since })),
    audits,
    nonconformities,
    documents,
    reviews,
    certification: agreement.certification,
    ledger: {
      valid: ledger.valid,
      entries: ledger.entries,
      ...(ledger.firstBrokenAt === undefined ? {} : { firstBrokenAt: ledger.firstBrokenAt }),
    },
  });
  return { tenantId, asOf: now.toISOString(), today, ...readiness };
}

/** The catalogue with the agreement's switch-offs applied: a control that is not switchable stays on. */
function readinessControls(catalogue: readonly CatalogueEntry[], agreement: AgreementVersion): ReadinessControl[] {
  const disabled = new Map(agreement.controls.disabled.map((d) => [d.controlId, d.reason]));
  return catalogue.map(({ controlId, clause, requirement, severity, switchable }) => {
    const reason = switchable ? disabled.get(controlId) : undefined;
    return { controlId, clause, requirement, severity, ...(reason === undefined ? {} : { disabledReason: reason }) };
  });
}
