import { describe, expect, it } from 'vitest';
import { reportCsvFiles } from '../../../shared/domain/report/report-csv.js';
import { monthlyReportFigures } from '../../fixtures/report/monthly-report-figures.js';

/** RFC 4180 back into rows, as a spreadsheet reads it: a field, quoted or not, then a comma or the record's CRLF. */
function parse(content: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  for (const [, quoted, plain, end] of content.matchAll(/(?:"((?:[^"]|"")*)"|([^",\r\n]*))(,|\r\n)/gy)) {
    row.push(quoted === undefined ? (plain ?? '') : quoted.replaceAll('""', '"'));
    if (end === '\r\n') {
      rows.push(row);
      row = [];
    }
  }
  return rows;
}

describe('Report CSV files', () => {
  const figures = monthlyReportFigures();
  const files = new Map(reportCsvFiles(figures).map((f) => [f.filename, parse(f.content)]));
  const records = (name: string) => {
    const [header, ...rows] = files.get(name) ?? [];
    return rows.map((row) => Object.fromEntries(header!.map((h, i) => [h, row[i]])));
  };

  it('has one file per table of the report', () => {
    expect([...files.keys()]).toEqual([
      'kpis-monthly.csv',
      'kpis-daily.csv',
      'complaints.csv',
      'complaint-ageing.csv',
      'complaint-categories.csv',
      'competence.csv',
      'data-protection-controls.csv',
      'erasure-requests.csv',
      'controls.csv',
      'control-changes.csv',
      'nonconformities.csv',
      'nonconformity-actions.csv',
      'ledger.csv',
    ]);
  });

  it('writes the KPIs as machine-readable values: ratios as decimals, targets and statuses as the API codes', () => {
    const daily = records('kpis-daily.csv');
    expect(daily).toHaveLength(figures.kpis.daily.series.length);
    const api = figures.kpis.daily.series[0]!;
    expect(daily[0]).toMatchObject({
      period: '2026-11-01',
      channel: 'voice',
      offered: String(api.offered),
      serviceLevel: String(api.serviceLevel),
      serviceLevelTarget: '0.8',
      serviceLevelDirection: 'min',
      serviceLevelStatus: api.status.serviceLevel,
      waitP90Seconds: '75',
    });
    expect(records('kpis-monthly.csv')[1]).toMatchObject({
      channel: 'email',
      serviceLevel: '0.723',
      waitP90Seconds: '',
    });
  });

  it('keeps every row of the lists, text with quotes and commas intact', () => {
    const [nc] = records('nonconformities.csv');
    expect(nc).toEqual({
      nonconformityId: 'nc-2026-017',
      clause: '4.4',
      grade: 'major',
      description: figures.nonconformities.open[0]!.description,
      openedAt: '2026-11-16T23:00:00Z',
      dueOn: '2026-12-16',
      status: 'in-progress',
      overdue: 'false',
    });
    expect(records('nonconformity-actions.csv').map((a) => a.status)).toEqual(['planned', 'done']);
    expect(records('controls.csv')).toHaveLength(figures.controls.states.length);
    expect(records('erasure-requests.csv').map((r) => r.onTime)).toEqual(['true', '']);
    expect(records('complaints.csv').find((r) => r.figure === 'acknowledgedOnTimeShare')?.value).toBe(String(12 / 13));
  });
});
