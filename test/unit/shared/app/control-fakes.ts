/**
 * The controls engine's ports in memory for its unit tests: control states with revisions and their history, a ledger
 * whose commit lands every item or none (as a DynamoDB transaction: a state write whose revision moved, or a history
 * item already there, cancels it), the breach nonconformities, and a bus that can be made to refuse.
 */
import type { StoredControl } from '../../../../shared/app/agent-competence.js';
import type { OutgoingEvent } from '../../../../shared/app/assemble-vendor-contact.js';
import type { ControlStore, PendingTransition } from '../../../../shared/app/control-keeper.js';
import type { ControlHistoryEntry, ControlState } from '../../../../shared/app/control-state.js';
import type { Evidence, EvidenceLedger, PreparedChange } from '../../../../shared/app/evidence-ledger.js';
import type { BreachInput, BreachNonconformities } from '../../../../shared/app/quality-records.js';

type Write =
  | { kind: 'state'; state: ControlState; previousRevision: number | undefined }
  | { kind: 'history'; entry: ControlHistoryEntry; event?: OutgoingEvent }
  | { kind: 'nonconformity'; id: string; input: BreachInput }
  | { kind: 'history-nc'; key: string; nonconformityId: string };

export interface HistoryItem {
  entry: ControlHistoryEntry;
  event?: OutgoingEvent;
  published: boolean;
}

export function controlFakes() {
  const states = new Map<string, StoredControl>();
  const history = new Map<string, HistoryItem>();
  const entries: Evidence[] = [];
  const nonconformities = new Map<string, BreachInput & { open: boolean }>();
  const published: OutgoingEvent[] = [];
  const transactions: Write[][] = [];
  let refuse = false;
  /** Runs before a write lands: a concurrent writer's chance. */
  let beforeWrite: (state: ControlState) => void = () => {};
  const key = (tenantId: string, controlId: string) => `${tenantId}|${controlId}`;
  const historyKey = (tenantId: string, controlId: string, at: string) => `${tenantId}|${controlId}|${at}`;

  const fits = (write: Write): boolean => {
    if (write.kind === 'state') {
      beforeWrite(write.state);
      return states.get(key(write.state.tenantId, write.state.controlId))?.revision === write.previousRevision;
    }
    if (write.kind === 'history') {
      const { tenantId, controlId, at } = write.entry;
      return !history.has(historyKey(tenantId, controlId, at));
    }
    if (write.kind === 'history-nc') return history.get(write.key)?.entry.nonconformityId === undefined;
    return !nonconformities.has(write.id);
  };
  const land = (write: Write) => {
    if (write.kind === 'state') {
      const { state, previousRevision } = write;
      states.set(key(state.tenantId, state.controlId), { state, revision: (previousRevision ?? 0) + 1 });
    } else if (write.kind === 'history') {
      const { tenantId, controlId, at } = write.entry;
      history.set(historyKey(tenantId, controlId, at), {
        entry: write.entry,
        ...(write.event === undefined ? {} : { event: write.event }),
        published: write.event === undefined,
      });
    } else if (write.kind === 'history-nc') {
      const item = history.get(write.key);
      if (item === undefined) return;
      item.entry.nonconformityId = write.nonconformityId;
      if (item.event !== undefined)
        item.event = { ...item.event, detail: { ...item.event.detail, nonconformityId: write.nonconformityId } };
    } else {
      nonconformities.set(write.id, { ...write.input, open: true });
    }
  };

  const store: ControlStore = {
    controlState: async (t, id) => states.get(key(t, id)),
    controlWrite: (state, previousRevision): Write => ({ kind: 'state', state, previousRevision }),
    historyWrite: (entry, event): Write => ({ kind: 'history', entry, ...(event === undefined ? {} : { event }) }),
    unpublished: async (tenantId): Promise<PendingTransition[]> =>
      [...history.values()]
        .filter((h) => h.entry.tenantId === tenantId && !h.published && h.event !== undefined)
        .map((h) => ({ tenantId, controlId: h.entry.controlId, at: h.entry.at, event: h.event as OutgoingEvent })),
    historyNonconformityWrite: (tenantId, controlId, at, nonconformityId): Write => ({
      kind: 'history-nc',
      key: historyKey(tenantId, controlId, at),
      nonconformityId,
    }),
    settled: async (tenantId, controlId, at, outcome) => {
      const item = history.get(historyKey(tenantId, controlId, at));
      if (item === undefined) return;
      if (outcome.ledgerSequence !== undefined) item.entry.ledgerSequence = outcome.ledgerSequence;
      if (outcome.published) item.published = true;
    },
  };
  const ledger: EvidenceLedger = {
    async commit<T>(_tenantId: string, prepare: () => Promise<PreparedChange<T>>) {
      for (let attempt = 0; attempt < 3; attempt++) {
        const prepared = await prepare();
        if ('unchanged' in prepared) return { result: prepared.result };
        const items = prepared.items as Write[];
        if (!items.every(fits)) continue;
        items.forEach(land);
        transactions.push(items);
        entries.push(prepared.evidence);
        const entry = { sequence: entries.length } as never;
        return { result: prepared.result, entry };
      }
      throw new Error('contention');
    },
    append: async () => {
      throw new Error('not used');
    },
  };
  const writer = {
    write: async (item: unknown) => {
      const write = item as Write;
      if (!fits(write)) return false;
      land(write);
      return true;
    },
  };
  const breaches: BreachNonconformities = {
    openWrites: async (input) => {
      const open = [...nonconformities.entries()].find(
        ([, nc]) => nc.open && nc.tenantId === input.tenantId && nc.controlId === input.controlId,
      );
      if (open !== undefined) return { nonconformityId: open[0], items: [] };
      const id = `nc-${input.controlId}-${input.breachedSince}`;
      return { nonconformityId: id, items: [{ kind: 'nonconformity', id, input } satisfies Write] };
    },
  };
  const publisher = {
    publish: async (events: readonly OutgoingEvent[]) => {
      if (refuse) throw new Error('the bus refused');
      published.push(...events);
    },
  };
  return {
    store,
    ledger,
    writer,
    breaches,
    publisher,
    states,
    history,
    entries,
    nonconformities,
    published,
    transactions,
    state: (t: string, id: string) => states.get(key(t, id))?.state,
    setState: (stored: StoredControl) => states.set(key(stored.state.tenantId, stored.state.controlId), stored),
    refusePublishing: (value: boolean) => {
      refuse = value;
    },
    onWrite: (fn: (state: ControlState) => void) => {
      beforeWrite = fn;
    },
  };
}
