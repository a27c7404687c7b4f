import type { BacktestReport, BacktestRow } from './backtest';

/** The report as a fixed-width table, one line per (family, method), the reference's ratio beside Datafleet's. */
export function formatBacktestTable(report: BacktestReport): string {
  const header = [
    'family',
    'method',
    'scored',
    'MAE d',
    '× ref',
    'median d',
    'late d',
    'coverage %',
    'finite band %',
    'false alarms',
    'misses',
  ];
  const fixed = (v: number | null) => (v === null || Number.isNaN(v) ? '–' : v.toFixed(1));
  const reference = (row: BacktestRow) =>
    report.rows.find((r) => r.family === row.family && r.method === 'holt-winters-reference')!.meanAbsoluteError;
  const lines = report.rows.map((r) => [
    r.family,
    r.method,
    String(r.scored),
    fixed(r.meanAbsoluteError),
    r.method === 'datafleet' ? (r.meanAbsoluteError / reference(r)).toFixed(2) : '',
    fixed(r.medianAbsoluteError),
    fixed(r.meanLateDays),
    fixed(r.coveragePercent),
    fixed(r.finiteBandPercent),
    `${r.falseAlarms} / ${r.quiet}`,
    `${r.misses} / ${r.soon}`,
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...lines.map((l) => l[c]!.length)));
  const row = (cells: string[]) => cells.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  return [row(header), ...lines.map(row)].join('\n');
}
