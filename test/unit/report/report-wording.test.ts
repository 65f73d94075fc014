import { describe, expect, it } from 'vitest';
import { reportFormat } from '../../../shared/domain/report/report-format.js';
import { REPORT_WORDING } from '../../../shared/domain/report/report-wording.js';

/** Every leaf of a wording object, as `path: kind`, with functions called to check they produce words. */
function leaves(value: unknown, path = ''): Map<string, string> {
  const found = new Map<string, string>();
  if (typeof value === 'string') found.set(path, value);
  else if (typeof value === 'function') found.set(path, String(value('1', '2', '3', '4')));
  else if (value && typeof value === 'object')
    for (const [key, child] of Object.entries(value))
      for (const [p, v] of leaves(child, `${path}.${key}`)) found.set(p, v);
  return found;
}

describe('Report wording (French and English)', () => {
  const fr = leaves(REPORT_WORDING.fr);
  const en = leaves(REPORT_WORDING.en);

  it('has the same labels in both languages, none of them empty', () => {
    expect([...fr.keys()].sort()).toEqual([...en.keys()].sort());
    for (const [path, text] of [...fr, ...en]) expect(text.trim(), path).not.toBe('');
  });

  it('is written in each language, not copied from the other', () => {
    const same = [...fr].filter(([path, text]) => en.get(path) === text).map(([path]) => path);
    // Words that are the same in both languages (Chat, Observation, Organisation...) stay few.
    expect(same.length).toBeLessThan(fr.size / 10);
    expect(fr.get('.kpis.serviceLevel')).toBe('Niveau de service');
    expect(fr.get('.kpis.abandonmentRate')).toBe("Taux d'abandon");
    expect(fr.get('.sections.complaints')).toBe('Réclamations');
    expect(fr.get('.sections.controls')).toBe('Conformité des contrôles');
  });
});

describe('Report formats', () => {
  it('writes French numbers, percentages and dates as a French reader expects', () => {
    const f = reportFormat('fr', 'Europe/Paris');
    expect(f.percent(0.805)).toBe('80,5\u00a0%');
    expect(f.integer(1234)).toBe('1\u202f234');
    expect(f.seconds(24)).toBe('24\u202fs');
    expect(f.date('2026-11-01')).toBe('1er novembre 2026');
    expect(f.month('2026-11')).toBe('novembre 2026');
    // 05:00 UTC is 06:00 in Paris in winter.
    expect(f.dateTime('2026-12-01T05:00:00Z')).toBe('1er décembre 2026 à 06:00');
    expect(f.percent(null)).toBe('—');
  });

  it('writes English ones the British way', () => {
    const f = reportFormat('en', 'Europe/London');
    expect(f.percent(0.805)).toBe('80.5%');
    expect(f.integer(1234)).toBe('1,234');
    expect(f.seconds(24)).toBe('24s');
    expect(f.date('2026-11-01')).toBe('1 November 2026');
    expect(f.dateTime('2026-12-01T05:00:00Z')).toBe('1 December 2026 at 05:00');
  });
});
