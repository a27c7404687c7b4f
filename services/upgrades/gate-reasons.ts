import type { GateVerdictName, MetricTest, WorkloadVerdict } from './gate-verdict';

const signed = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(1)}%`;
const pText = (p: number) => (p < 0.0001 ? '< 0.0001' : p.toPrecision(2));

/** One metric's evidence in a sentence: the change, its interval, the slices, and what it means against the threshold. */
export function metricReason(t: MetricTest, thresholdPercent: number, alpha: number): string {
  const [low, high] = t.interval;
  const slices =
    t.design === 'paired'
      ? `${t.slices.before} paired slices of a baseline and the changed node measured together` +
        (t.calibrationPairs === undefined ? '' : `, against ${t.calibrationPairs} of the same two before the change`) +
        (t.trimmed ? `; means of the middle ${Math.round(100 - 200 * t.trimmed)}% of each` : '') +
        (t.roundDrift
          ? `; the pair's offset moving ±${t.roundDrift.percent.toFixed(1)}% from run to run, over ${t.roundDrift.rounds.calibration} run${t.roundDrift.rounds.calibration === 1 ? '' : 's'} before and ${t.roundDrift.rounds.after} after`
          : '')
      : `${t.slices.before} slices before, ${t.slices.after} after`;
  const figures = `${t.metric} ${signed(t.changePercent)} (95% interval ${signed(low)} to ${signed(high)}, ${slices})`;
  if (t.significant && t.beyondThreshold)
    return `${figures}: over the ${thresholdPercent}% threshold and significant (Holm-adjusted p ${pText(t.pAdjusted)} ≤ ${alpha})`;
  if (t.tooNoisy)
    return `${figures}: the interval is wider than the ${thresholdPercent}% threshold allows and does not rule out a regression: too noisy to tell`;
  if (t.beyondThreshold)
    return `${figures}: over the ${thresholdPercent}% threshold but not significant (Holm-adjusted p ${pText(t.pAdjusted)})`;
  if (t.slowerInFewSlices)
    return `${figures}: but over every slice, none cut, ${signed(t.untrimmedChangePercent ?? 0)}, over the ${thresholdPercent}% threshold: a few slices much slower; not passed`;
  if (t.significant) return `${figures}: significant but within the ${thresholdPercent}% threshold`;
  return `${figures}: within the ${thresholdPercent}% threshold`;
}

/** The upgrade's verdict in one line. */
export function verdictSummary(
  verdict: GateVerdictName,
  workloads: ReadonlyArray<{ workload: string; verdict: WorkloadVerdict }>,
  thresholdPercent: number,
  alpha: number,
): string {
  const named = (v: GateVerdictName) =>
    workloads
      .filter((w) => w.verdict.verdict === v)
      .map((w) => w.workload)
      .join(', ');
  if (verdict === 'regression')
    return `regression in ${named('regression')}: slower by more than ${thresholdPercent}% with a family-wise error rate of ${alpha}, or over the SLA`;
  if (verdict === 'inconclusive')
    return `inconclusive in ${named('inconclusive')}: the slices vary too much to tell a ${thresholdPercent}% change from noise; rerun rather than roll back`;
  return `no workload slower by more than ${thresholdPercent}% beyond the noise of its slices, and all within the SLA`;
}
