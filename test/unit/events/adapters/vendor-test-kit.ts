/** Test helpers for the vendor adapters: fixtures, the example mapping, and an in-memory assembly. */
import { readFileSync } from 'node:fs';
import type { AssemblyState, Reduction, VendorEventAdapter } from '../../../../events/adapters/vendor-assembly.js';
import { type PlacedContact, placeContact } from '../../../../shared/domain/vendor/place-contact.js';
import { VendorMapping } from '../../../../shared/domain/vendor/vendor-mapping.js';
import { seeded } from '../../../support/seeded-random.js';

export const exampleMapping = VendorMapping.parse(
  JSON.parse(readFileSync('config/vendor-mapping.example.json', 'utf8')),
);

// biome-ignore lint/suspicious/noExplicitAny: fixtures are arbitrary vendor JSON
export function fixture(path: string): any {
  return JSON.parse(readFileSync(`test/fixtures/vendors/${path}`, 'utf8'));
}

/** Rewrites every key of a payload (deeply), e.g. to another casing. */
export function rekey(value: unknown, rename: (key: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => rekey(v, rename));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [rename(k), rekey(v, rename)]));
}

export const pascal = (key: string) => key.charAt(0).toUpperCase() + key.slice(1);
export const camel = (key: string) => key.charAt(0).toLowerCase() + key.slice(1);

/**
 * Feeds events one by one to an in-memory assembly with the store's semantics (a fact is kept once per key, marks
 * accumulate) and returns the reduction after each event.
 */
export function assembleStepwise(adapter: VendorEventAdapter, events: readonly unknown[]): Reduction[] {
  const states = new Map<string, AssemblyState>();
  const stateOf = (key: AssemblyState['key']) => {
    const id = `${key.vendor}/${key.instance}/${key.contactId}`;
    const state = states.get(id) ?? { key, facts: {}, marks: {} };
    states.set(id, state);
    return state;
  };
  let last: AssemblyState | undefined;
  return events.map((event) => {
    const parsed = adapter.parse(event as Parameters<VendorEventAdapter['parse']>[0]);
    if (parsed.kind === 'fact' || parsed.kind === 'links') {
      for (const link of parsed.links) stateOf(link.key).marks[link.mark] = true;
    }
    if (parsed.kind !== 'fact') return last ? adapter.reduce(last, { final: false }) : { kind: 'incomplete' };
    const state = stateOf(parsed.key);
    state.facts[parsed.factKey] ??= parsed.fact;
    last = state;
    return adapter.reduce(state, { final: false });
  });
}

/** The reduction once all events are in, placed with the example mapping. */
export function assemble(
  adapter: VendorEventAdapter,
  events: readonly unknown[],
): PlacedContact | { kind: 'incomplete' } {
  const last = assembleStepwise(adapter, events).at(-1) ?? { kind: 'incomplete' };
  return last.kind === 'incomplete' ? last : placeContact(last, exampleMapping);
}

/** Deterministic shuffles (mulberry32), so a failing order can be reproduced from its seed. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = seeded(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
