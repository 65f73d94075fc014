import { describe, expect, it } from 'vitest';
import type { Block, ReportSection, TableBlock } from '../../../shared/domain/report/report-blocks.js';
import { reportDocument } from '../../../shared/domain/report/report-document.js';
import { monthlyReportFigures } from '../../fixtures/report/monthly-report-figures.js';

function section(sections: ReportSection[], id: string): ReportSection {
  const found = sections.find((s) => s.id === id);
  if (!found) throw new Error(`no section ${id}`);
  return found;
}

function tables(s: ReportSection): TableBlock[] {
  return s.blocks.filter((b: Block): b is TableBlock => b.kind === 'table');
}

const texts = (table: TableBlock) => table.rows.map((row) => row.map((c) => c.text));

describe('Report document', () => {
  const figures = monthlyReportFigures();
  const fr = reportDocument(figures);

  it('has the sections issue 13 asks for, in order', () => {
    expect(fr.sections.map((s) => s.id)).toEqual([
      'summary',
      'kpis',
      'trend',
      'complaints',
      'competence',
      'data-protection',
      'controls',
      'nonconformities',
      'ledger',
    ]);
    expect(fr.subject).toBe('Rapport mensuel de surveillance — novembre 2026 — acme-fr');
  });

  it("shows each channel's KPIs against its target with the API's status, in words and tone", () => {
    const [voice, email] = tables(section(fr.sections, 'kpis'));
    expect(voice?.caption).toBe('Indicateurs du mois — Voix');
    expect(texts(voice!)[0]).toEqual(['Niveau de service', '80,5\u00a0%', '≥ 80\u00a0%', 'À surveiller']);
    expect(email?.rows[0]?.[3]).toEqual({ text: 'Non atteint', tone: 'bad' });
    expect(texts(email!)[6]).toEqual(['Attente (90e centile)', '—', '', 'Sans données']);
  });

  it('counts the controls by state and the missed targets for the summary', () => {
    const summary = section(fr.sections, 'summary').blocks.map((b) => (b.kind === 'paragraph' ? b.text : ''));
    expect(summary).toEqual([
      'Contrôles : 4 conformes, 2 à risque, 1 en écart, 0 sans données.',
      "Objectifs d'indicateurs non atteints sur le mois : 2.",
      'Non-conformités ouvertes : 1, dont 0 en retard.',
    ]);
  });

  it('lists the open nonconformity and only its actions not done', () => {
    const [open, actions] = tables(section(fr.sections, 'nonconformities'));
    expect(texts(open!)[0]?.slice(0, 3)).toEqual(['nc-2026-017', '4.4', 'Majeure']);
    expect(texts(actions!)).toEqual([
      ['nc-2026-017', 'Renforcer l’équipe e-mail de deux conseillers', 'u-ops-lead', '5 décembre 2026', 'Prévue'],
    ]);
  });

  it('draws the daily trend from the daily series and the targets of the month', () => {
    const charts = section(fr.sections, 'trend').blocks.flatMap((b) => (b.kind === 'chart' ? [b.chart] : []));
    expect(charts.map((c) => c.id)).toEqual(['service-level', 'abandonment-rate', 'contacts']);
    const [serviceLevel] = charts;
    expect(serviceLevel?.points).toHaveLength(60);
    expect(serviceLevel?.points[0]).toEqual({
      day: 1,
      series: 'Voix',
      value: figures.kpis.daily.series[0]?.serviceLevel,
    });
    expect(serviceLevel?.targets).toEqual([
      { series: 'Voix', value: 0.8 },
      { series: 'E-mail', value: 0.8 },
    ]);
    expect(serviceLevel?.alt).toContain('Voix 80,5\u00a0% (objectif ≥ 80\u00a0%)');
  });

  it('says an empty table is empty, and writes the whole document in English for an English tenant', () => {
    const en = reportDocument(monthlyReportFigures({ language: 'en', controls: { states: [], changes: [] } }));
    const [states] = tables(section(en.sections, 'controls'));
    expect(states?.rows).toEqual([]);
    expect(states?.empty).toBe('Nothing this month.');
    const [voice] = tables(section(en.sections, 'kpis'));
    expect(texts(voice!)[0]).toEqual(['Service level', '80.5%', '≥ 80%', 'At risk']);
    expect(en.header.facts.map((f) => f.value.text)).toEqual([
      'acme-fr',
      '1 November 2026 to 30 November 2026',
      'Europe/Paris',
      '1 December 2026 at 06:00',
      'Chain verified: 1,284 entries intact.',
    ]);
  });

  it('says there is no trend to draw for a month without daily figures', () => {
    const quiet = monthlyReportFigures();
    quiet.kpis.daily = { ...quiet.kpis.daily, series: [] };
    expect(section(reportDocument(quiet).sections, 'trend').blocks).toEqual([
      { kind: 'paragraph', text: 'Aucun élément ce mois-ci.' },
    ]);
  });
});
