import type { BacktestReport, BacktestRow } from './backtest';
import { UNSEEN_CHANGE } from './backtest';

export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean;
}

/**
 * The forecast's accuracy targets, checked on a held-out backtest: mean error ≤ 0.7× the
 * Holt-Winters reference; 80% band covering the truth 70–90% of the time in every family that has
 * crossings to score; a finite band wherever the truth is finite; compounding growth no more than
 * 15 days late on average; no more false alarms than the model it replaced (`previous-model/`),
 * scored on the same series in the same run. A growth change after the cutoff is
 * reported beside them, not held to them: nothing in the history announces it.
 */
export function checkAccuracyTargets(report: BacktestReport): TargetCheck[] {
  const row = (family: string, method = 'datafleet'): BacktestRow | undefined =>
    report.rows.find((r) => r.family === family && r.method === method);
  const all = row('all')!;
  const reference = row('all', 'holt-winters-reference')!;
  const ratio = all.meanAbsoluteError / reference.meanAbsoluteError;
  const families = report.rows.filter((r) => r.method === 'datafleet' && r.family !== 'all' && r.family !== UNSEEN_CHANGE && r.scored > 0);
  const coverage = families.map((r) => `${r.family} ${r.coveragePercent?.toFixed(1)}%`);
  const covered = families.every((r) => r.coveragePercent !== null && r.coveragePercent >= 70 && r.coveragePercent <= 90);
  const finite = families.map((r) => `${r.family} ${r.finiteBandPercent?.toFixed(1)}%`);
  const compounding = row('compounding');
  const falseAlarms = all.falseAlarms;
  const previous = row('all', 'previous-model')!;
  return [
    {
      target: 'mean error ≤ 0.7× the Holt-Winters reference',
      measured: `${all.meanAbsoluteError.toFixed(1)} / ${reference.meanAbsoluteError.toFixed(1)} d = ${ratio.toFixed(2)}×`,
      met: ratio <= 0.7,
    },
    { target: '80% band covers the truth 70–90% in every family', measured: coverage.join(', '), met: covered },
    {
      target: 'a finite band wherever the truth is finite',
      measured: finite.join(', '),
      met: families.every((r) => r.finiteBandPercent === 100),
    },
    {
      target: 'compounding growth ≤ 15 days late on average',
      measured: compounding ? `${compounding.meanLateDays.toFixed(1)} d` : 'no compounding series',
      met: compounding !== undefined && compounding.meanLateDays <= 15,
    },
    {
      target: 'no more false alarms than the previous model on the same series',
      measured: `${falseAlarms} vs ${previous.falseAlarms} of ${all.quiet} (reference ${reference.falseAlarms})`,
      met: falseAlarms <= previous.falseAlarms,
    },
  ];
}

export function formatTargets(checks: readonly TargetCheck[]): string {
  return checks.map((c) => `${c.met ? 'met    ' : 'NOT met'}  ${c.target}: ${c.measured}`).join('\n');
}
