/**
 * How a scheduled evaluation (shared/app/evaluate-competence.ts, shared/app/evaluate-complaints.ts) goes over the
 * tenants and keeps a control's state: nothing is written when neither status nor detail changed; a detail-only change
 * is a conditioned write of its own; a status change and its `control.*` ledger entry are one transaction; a write
 * that loses to a concurrent one is tried once more from a fresh read and a fresh evaluation (then the next run will).
 */
import type { StoredControl } from './agent-competence.js';
import type { ControlState } from './control-state.js';
import type { EvidenceLedger, StoreWrite } from './evidence-ledger.js';

/** A control's computed status and detail. */
export type Evaluation = Pick<ControlState, 'status' | 'detail'>;

/** A control's status changed. */
export interface ControlTransition {
  tenantId: string;
  controlId: string;
  from: ControlState['status'];
  to: ControlState['status'];
}

/** Port: writes one item on its own, outside the ledger; `false` when its condition failed (a concurrent writer). */
export interface ConditionalWriter {
  write(item: StoreWrite): Promise<boolean>;
}

/** Port: every tenant that has a ledger (DynamoLedgerRepository.heads). */
export interface LedgerTenants {
  heads(): AsyncIterable<{ tenantId: string }>;
}

/** How a run over every tenant went: tenants started, those left for the next run after an error, whether all were. */
export interface TenantsRun {
  tenants: number;
  failed: number;
  complete: boolean;
}

/**
 * Runs `work` for every tenant with a ledger, one after the other, while `hasTime` says so. A tenant whose work
 * throws is reported to `onFailure` and left for the next run; the others go on.
 */
export async function forEachTenant(
  tenants: LedgerTenants,
  hasTime: () => boolean,
  work: (tenantId: string) => Promise<void>,
  onFailure?: (tenantId: string, error: unknown) => void,
): Promise<TenantsRun> {
  const run: TenantsRun = { tenants: 0, failed: 0, complete: true };
  for await (const { tenantId } of tenants.heads()) {
    if (!hasTime()) {
      run.complete = false;
      break;
    }
    run.tenants++;
    try {
      await work(tenantId);
    } catch (error) {
      run.failed++;
      onFailure?.(tenantId, error);
    }
  }
  return run;
}

/** Port: control states, read with their revision and written conditioned on it. */
export interface ControlStore {
  controlState(tenantId: string, controlId: string): Promise<StoredControl | undefined>;
  controlWrite(state: ControlState, previousRevision: number | undefined): StoreWrite;
}

type Control = { controlId: string; clause: string };

/** JSON with object keys sorted: a detail read back from the store may list its keys in another order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/** The state to write after `evaluation`, or `undefined` when neither status nor detail changed. */
export function nextControlState(
  tenantId: string,
  control: Control,
  stored: ControlState | undefined,
  evaluation: Evaluation,
  at: string,
): ControlState | undefined {
  const sameStatus = stored !== undefined && stored.status === evaluation.status;
  if (sameStatus && canonical(stored.detail) === canonical(evaluation.detail)) return undefined;
  return { tenantId, ...control, ...evaluation, since: sameStatus ? stored.since : at };
}

/**
 * Evaluates a control from what the caller read; `fresh` is true on the second try after a lost race, when the
 * caller should read its facts again.
 */
export type ControlEvaluator = (previous: ControlState | undefined, fresh: boolean) => Promise<Evaluation>;

/** The scalars of a detail (counts, month, share): what a ledger entry says of it, without lists of ids. */
function summary(detail: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(detail).filter(([, v]) => v === null || typeof v !== 'object'));
}

function transitionKind(from: ControlState['status'], to: ControlState['status']): string {
  if (to === 'breached') return 'control.breached';
  return from === 'breached' ? 'control.restored' : 'control.changed';
}

export class ControlKeeper {
  constructor(
    private readonly store: ControlStore,
    private readonly ledger: EvidenceLedger,
    private readonly writer: ConditionalWriter,
    private readonly actor: { actor: string; actorRole: string },
  ) {}

  /** Writes `control` of `tenantId` as `evaluate` says, over `stored` (read before the facts evaluated). */
  async settle(
    tenantId: string,
    control: Control,
    stored: StoredControl | undefined,
    evaluate: ControlEvaluator,
    now: Date,
    fresh = false,
  ): Promise<ControlTransition | undefined> {
    const at = now.toISOString();
    const next = nextControlState(tenantId, control, stored?.state, await evaluate(stored?.state, fresh), at);
    if (next === undefined) return undefined;
    const from = stored?.state.status ?? 'no-data';
    const written =
      from === next.status
        ? await this.writer.write(this.store.controlWrite(next, stored?.revision))
        : await this.transition(next, from, stored?.revision, at);
    if (written)
      return from === next.status ? undefined : { tenantId, controlId: control.controlId, from, to: next.status };
    if (fresh) return undefined;
    const current = await this.store.controlState(tenantId, control.controlId);
    return this.settle(tenantId, control, current, evaluate, now, true);
  }

  /** A status change and its ledger entry in one transaction; `false` when the state moved since it was read. */
  private async transition(
    next: ControlState,
    from: ControlState['status'],
    revision: number | undefined,
    at: string,
  ): Promise<boolean> {
    const { tenantId, controlId } = next;
    const { result } = await this.ledger.commit<boolean>(tenantId, async () => {
      // Prepared again after a lost ledger race: a control moved meanwhile is evaluated again by the caller instead.
      const current = await this.store.controlState(tenantId, controlId);
      if (current?.revision !== revision) return { unchanged: true, result: false };
      return {
        items: [this.store.controlWrite(next, revision)],
        evidence: {
          tenantId,
          occurredAt: at,
          ...this.actor,
          kind: transitionKind(from, next.status),
          resource: `control/${controlId}`,
          payload: { controlId, from, to: next.status, detail: summary(next.detail) },
        },
        result: true,
      };
    });
    return result;
  }
}
