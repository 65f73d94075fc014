import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { INDUCTION_CONTROL } from '../../../../../shared/app/agent-competence.js';
import { CONTROL_CATALOGUE, controlDefinition } from '../../../../../shared/app/controls/catalogue/index.js';
import type { ControlDefinition, ControlFacts } from '../../../../../shared/app/controls/control-definition.js';
import { RECORDING_ACCESS_CONTROL } from '../../../../../shared/app/recording-access.js';
import { context } from './control-fixtures.js';

const FOLDER = fileURLToPath(new URL('../../../../../shared/app/controls/catalogue/', import.meta.url));

const isDefinition = (value: unknown): value is ControlDefinition =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as ControlDefinition).controlId === 'string' &&
  typeof (value as ControlDefinition).evaluate === 'function';

/** Every control definition the folder's files export, with the file that exports it. */
async function definitionsInFolder(): Promise<Array<{ file: string; definition: ControlDefinition }>> {
  const files = readdirSync(FOLDER).filter((f) => f.endsWith('.ts') && f !== 'index.ts');
  const found = [];
  for (const file of files) {
    const module: Record<string, unknown> = await import(`${FOLDER}${file}`);
    for (const value of Object.values(module)) if (isDefinition(value)) found.push({ file, definition: value });
  }
  return found;
}

/** What a tenant that has sent nothing yet holds. */
const NOTHING: ControlFacts = {
  kpis: { month: '2026-11', monthToDate: [], days: [], previousMonth: '2026-10', previous: [] },
  complaints: { open: [], received: [], register: { status: 'no-data', detail: {} } },
  competence: { profiles: [], openViolations: [] },
  recordings: {
    stored: 0,
    overdue: [],
    overdueCount: 0,
    unencrypted: [],
    unencryptedCount: 0,
    accesses: 0,
    unusualAccesses: 0,
  },
  erasures: { requests: [] },
  quality: { audits: [], nonconformities: [] },
  governance: { documents: [], reviews: [] },
  ledger: { valid: true, entries: 0 },
};

describe('the control catalogue', () => {
  it('lists exactly the controls the files of its folder define, each in the file named by its id', async () => {
    const found = await definitionsInFolder();
    const listed = CONTROL_CATALOGUE.map((d) => `${d.controlId.toLowerCase()}.ts`).sort();
    expect(found.map(({ file }) => file).sort()).toEqual(listed);
    // A file named like a control but defining none (a definition left unexported) fails too.
    const namedLikeControls = readdirSync(FOLDER).filter((f) => /^(p1|p2|dp|x)-.*\.ts$/.test(f));
    expect(namedLikeControls.sort()).toEqual(listed);
    for (const { file, definition } of found) {
      expect(file).toBe(`${definition.controlId.toLowerCase()}.ts`);
      expect(CONTROL_CATALOGUE).toContain(definition);
    }
  });

  it('holds the controls issue 12 asks for, each once', () => {
    const ids = CONTROL_CATALOGUE.map((d) => d.controlId);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(
      [
        'P1-OPS-SL',
        'P1-OPS-ABANDON',
        'P1-OPS-ASYNC',
        'P1-CX-FCR',
        'P1-CMP-REGISTER',
        'P1-CMP-ACK',
        'P1-CMP-RESOLVE',
        'P1-HR-INDUCTION',
        'P1-HR-COMPETENCE-CURRENCY',
        'P1-HR-SKILLS-DEV',
        'DP-REC-RETENTION',
        'DP-REC-ACCESS',
        'DP-REC-ACCESSLOG',
        'DP-REC-ENCRYPT',
        'DP-DSR-TIMELY',
        'X-IMP-INTAUDIT',
        'X-IMP-FINDINGS',
        'P1-LEAD-CXSTRAT',
      ].sort(),
    );
  });

  it('gives every control a clause, a requirement in words, and the facts it reads', () => {
    for (const d of CONTROL_CATALOGUE) {
      expect(d.clause.trim(), d.controlId).not.toBe('');
      expect(d.requirement.trim().length, d.controlId).toBeGreaterThan(20);
      expect(d.facts.length, d.controlId).toBeGreaterThan(0);
    }
  });

  it('names the source by the id: ISO 18295-1 for P1-*, GDPR for DP-*, certification practice for X-*', () => {
    const sources = { P1: 'ISO 18295-1', DP: 'GDPR', X: 'certification practice' } as const;
    for (const d of CONTROL_CATALOGUE) {
      expect(d.source, d.controlId).toBe(sources[d.controlId.split('-')[0] as keyof typeof sources]);
    }
  });

  it('never lets the agreement switch off a legal control (DP-*) nor a complaint control', () => {
    for (const d of CONTROL_CATALOGUE) {
      const legalOrComplaint = d.controlId.startsWith('DP-') || d.controlId.startsWith('P1-CMP-');
      expect(d.switchable, d.controlId).toBe(!legalOrComplaint);
    }
  });

  it('evaluates hourly only the complaint controls, whose deadlines pass within any hour', () => {
    for (const d of CONTROL_CATALOGUE) {
      expect(d.cadence, d.controlId).toBe(d.controlId.startsWith('P1-CMP-') ? 'hourly' : 'daily');
    }
  });

  it('grades a breach major for accessibility, complaints, induction and data protection, minor for the rest', () => {
    const major = (id: string) =>
      ['P1-OPS-SL', 'P1-OPS-ABANDON', 'P1-HR-INDUCTION'].includes(id) || /^(P1-CMP-|DP-)/.test(id);
    for (const d of CONTROL_CATALOGUE) expect(d.severity, d.controlId).toBe(major(d.controlId) ? 'major' : 'minor');
  });

  it('keeps the clauses of the real-time paths, which write their states with them', () => {
    for (const { controlId, clause } of [INDUCTION_CONTROL, RECORDING_ACCESS_CONTROL]) {
      expect(controlDefinition(controlId)?.clause, controlId).toBe(clause);
    }
  });

  it('finds a control by its id, and nothing for an id it does not hold', () => {
    expect(controlDefinition('P1-OPS-SL')?.controlId).toBe('P1-OPS-SL');
    expect(controlDefinition('P1-NOPE')).toBeUndefined();
  });

  it('says no-data for every control of a tenant that has sent nothing, rather than a vacuous compliant', () => {
    for (const d of CONTROL_CATALOGUE) {
      expect(d.evaluate(NOTHING, context()).status, d.controlId).toBe('no-data');
    }
  });
});
