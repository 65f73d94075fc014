/**
 * How the controls engine (shared/app/evaluate-controls.ts) goes over the tenants and keeps a control's state: nothing
 * is written when neither status nor detail changed; a detail-only change is a conditioned write of its own; a write
 * that loses to a concurrent one is tried once more from a fresh read and a fresh evaluation (then the next run will).
 *
 * A status change is one transaction: the state, its history item, its `control.*` ledger entry and, for a change
 * to `breached`, the nonconformity it opens (through {@link BreachNonconformities}: none while the control's previous
 * one is still open). After the commit, a change to or out of `breached` publishes `control.breached` or
 * `control.restored`. The guarantee is at least once: the history item is written with its event and marked
 * unpublished in the transaction, and marked published (with its ledger sequence) after the bus took the event; a
 * publish that fails after the commit leaves it unpublished, and {@link ControlKeeper.publishPending} (each run, for
 * each tenant) publishes it again. An event may so be published twice, never lost; subscribers dedupe on its
 * `transitionKey` (`<controlId>#<to>#<since>`), which is the same every time.
 */
import { type ControlTransitionEvent, controlTransitionEvent } from '../../events/compliance.js';
import type { AgreementVersion } from '../domain/agreement/agreement-schema.js';
import type { StoredControl } from './agent-competence.js';
import type { EventPublisher, OutgoingEvent } from './assemble-vendor-contact.js';
import type { ControlHistoryEntry, ControlState } from './control-state.js';
import { summary } from './control-transitions.js';
import type { EvidenceLedger, StoreWrite } from './evidence-ledger.js';
import type { BreachNonconformities } from './quality-records.js';

/** A control's computed status and detail. */
export type Evaluation = Pick<ControlState, 'status' | 'detail'>;

/** A control's status changed. */
export interface ControlTransition {
  tenantId: string;
  controlId: string;
  from: ControlState['status'];
  to: ControlState['status'];
  /** The nonconformity a breach opened (or found open). */
  nonconformityId?: string;
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

/** A transition whose event the bus has not taken yet. */
export interface PendingTransition {
  tenantId: string;
  controlId: string;
  at: string;
  event: OutgoingEvent;
}

/** Port: the history of transitions (shared/store/control-state-repository.ts). */
export interface ControlHistoryStore {
  /** The history item of a transition; with `event`, it is listed as unpublished until {@link settled} says so. */
  historyWrite(entry: ControlHistoryEntry, event?: OutgoingEvent): StoreWrite;
  /** The tenant's transitions whose event is not yet published (a bounded page, oldest first). */
  unpublished(tenantId: string): Promise<PendingTransition[]>;
  /** Records on a breach's history item (and its pending event) the nonconformity opened after it. */
  historyNonconformityWrite(tenantId: string, controlId: string, at: string, nonconformityId: string): StoreWrite;
  /** After the commit: the transition's ledger sequence, and whether its event is now published. */
  settled(
    tenantId: string,
    controlId: string,
    at: string,
    outcome: { ledgerSequence?: number; published: boolean },
  ): Promise<void>;
}

/** Port: control states, read with their revision and written conditioned on it, and their history. */
export interface ControlStore extends ControlHistoryStore {
  controlState(tenantId: string, controlId: string): Promise<StoredControl | undefined>;
  controlWrite(state: ControlState, previousRevision: number | undefined): StoreWrite;
}

/** What the keeper needs of a control: its id and clause, and the grade of the nonconformity a breach opens. */
export interface KeptControl {
  controlId: string;
  clause: string;
  severity: 'major' | 'minor';
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

function transitionKind(from: ControlState['status'], to: ControlState['status']): string {
  if (to === 'breached') return 'control.breached';
  return from === 'breached' ? 'control.restored' : 'control.changed';
}

/** What the keeper is built with. */
export interface ControlKeeperDeps {
  store: ControlStore;
  ledger: EvidenceLedger;
  writer: ConditionalWriter;
  nonconformities: BreachNonconformities;
  publisher: EventPublisher;
  actor: { actor: string; actorRole: string };
  /** A publish that failed after its commit (the next run publishes it again). */
  onPublishFailure?: (tenantId: string, controlId: string, error: unknown) => void;
}

/** One control to settle: the state read before its facts, its evaluation, the run's instant and agreement. */
export interface SettleRequest {
  tenantId: string;
  control: KeptControl;
  stored: StoredControl | undefined;
  evaluate: ControlEvaluator;
  now: Date;
  agreement: AgreementVersion;
}

type Committed = { written: false } | { written: true; event?: ControlTransitionEvent; nonconformityId?: string };

export class ControlKeeper {
  constructor(private readonly deps: ControlKeeperDeps) {}

  /** Writes the control as `evaluate` says, over `stored` (read before the facts evaluated). */
  async settle(request: SettleRequest, fresh = false): Promise<ControlTransition | undefined> {
    const { tenantId, control, stored, evaluate, now } = request;
    const at = now.toISOString();
    const { controlId, clause } = control;
    const evaluation = await evaluate(stored?.state, fresh);
    const next = nextControlState(tenantId, { controlId, clause }, stored?.state, evaluation, at);
    if (next === undefined) return undefined;
    const from = stored?.state.status ?? 'no-data';
    if (from === next.status) {
      if (await this.deps.writer.write(this.deps.store.controlWrite(next, stored?.revision))) return undefined;
    } else {
      const committed = await this.transition(request, next, from, at);
      if (committed.written) {
        return {
          tenantId,
          controlId,
          from,
          to: next.status,
          ...(committed.nonconformityId === undefined ? {} : { nonconformityId: committed.nonconformityId }),
        };
      }
    }
    if (fresh) return undefined;
    const current = await this.deps.store.controlState(tenantId, control.controlId);
    return this.settle({ ...request, stored: current }, true);
  }

  /**
   * Publishes the tenant's transitions whose event a failed publish (or a real-time path) left unpublished. A breach
   * a real-time path made has no nonconformity yet: it is opened first ({@link openLate}), and its id goes in the
   * event.
   */
  async publishPending(tenantId: string, agreement: AgreementVersion): Promise<number> {
    let published = 0;
    for (const pending of await this.deps.store.unpublished(tenantId)) {
      const event = await this.openLate(pending, agreement);
      if (await this.publish(pending.tenantId, pending.controlId, event)) {
        await this.deps.store.settled(tenantId, pending.controlId, pending.at, { published: true });
        published++;
      }
    }
    return published;
  }

  /**
   * The nonconformity of a breach that was written without one (by a real-time path, in its own transaction): opened
   * with its own ledger entry (`control.nonconformity-opened`) and recorded on the history item, in one transaction;
   * none while the control's previous one is still open (its id is taken). The event with its id.
   */
  private async openLate(pending: PendingTransition, agreement: AgreementVersion): Promise<OutgoingEvent> {
    const detail = pending.event.detail as Partial<ControlTransitionEvent['detail']>;
    if (pending.event.detailType !== 'control.breached' || detail.nonconformityId !== undefined) return pending.event;
    const { tenantId, controlId, at } = pending;
    const { store, ledger, nonconformities, actor } = this.deps;
    const { result: nonconformityId } = await ledger.commit<string>(tenantId, async () => {
      const opened = await nonconformities.openWrites({
        tenantId,
        controlId,
        clause: String(detail.clause),
        severity: detail.severity ?? 'major',
        breachedSince: at,
        summary: detail.summary ?? {},
        agreement,
      });
      const { nonconformityId: id } = opened;
      const items = [...opened.items, store.historyNonconformityWrite(tenantId, controlId, at, id)];
      return {
        items,
        evidence: {
          tenantId,
          occurredAt: at,
          ...actor,
          kind: 'control.nonconformity-opened',
          resource: `control/${controlId}`,
          payload: { controlId, breachedSince: at, nonconformityId: id, opened: opened.items.length > 0 },
        },
        result: id,
      };
    });
    return { ...pending.event, detail: { ...pending.event.detail, nonconformityId } };
  }

  /** The state, its history, its ledger entry (and a breach's nonconformity) in one transaction, then the event. */
  private async transition(
    request: SettleRequest,
    next: ControlState,
    from: ControlState['status'],
    at: string,
  ): Promise<Committed> {
    const { tenantId, control, stored, agreement } = request;
    const { controlId, clause, severity } = control;
    const { store, ledger, nonconformities, actor } = this.deps;
    const facts = summary(next.detail);
    const { result, entry } = await ledger.commit<Committed>(tenantId, async () => {
      // Prepared again after a lost ledger race: a control moved meanwhile is evaluated again by the caller instead.
      const current = await store.controlState(tenantId, controlId);
      if (current?.revision !== stored?.revision) return { unchanged: true, result: { written: false } };
      const opened =
        next.status === 'breached'
          ? await nonconformities.openWrites({
              tenantId,
              controlId,
              clause,
              severity,
              breachedSince: at,
              summary: facts,
              agreement,
            })
          : undefined;
      const nc = opened === undefined ? {} : { nonconformityId: opened.nonconformityId };
      const event = controlTransitionEvent({
        tenantId,
        controlId,
        clause,
        severity,
        from,
        to: next.status,
        since: at,
        summary: facts,
        ...nc,
      });
      const history: ControlHistoryEntry = {
        tenantId,
        controlId,
        from,
        to: next.status,
        at,
        detail: next.detail,
        ...nc,
      };
      return {
        items: [
          store.controlWrite(next, stored?.revision),
          store.historyWrite(history, event),
          ...(opened?.items ?? []),
        ],
        evidence: {
          tenantId,
          occurredAt: at,
          ...actor,
          kind: transitionKind(from, next.status),
          resource: `control/${controlId}`,
          payload: { controlId, from, to: next.status, detail: facts, ...nc },
        },
        result: { written: true, ...(event === undefined ? {} : { event }), ...nc },
      };
    });
    if (!result.written) return result;
    const published = result.event === undefined ? false : await this.publish(tenantId, controlId, result.event);
    await store.settled(tenantId, controlId, at, {
      ...(entry === undefined ? {} : { ledgerSequence: entry.sequence }),
      published,
    });
    return result;
  }

  /** Puts one event on the bus; `false` (reported) when the bus did not take it: it stays pending. */
  private async publish(tenantId: string, controlId: string, event: OutgoingEvent): Promise<boolean> {
    try {
      await this.deps.publisher.publish([event]);
      return true;
    } catch (error) {
      this.deps.onPublishFailure?.(tenantId, controlId, error);
      return false;
    }
  }
}
