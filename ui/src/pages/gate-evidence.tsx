import { ms } from '../format';
import type { MetricTest, SliceSummary } from './cluster-upgrade-types';

const signed = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(1)}%`;
const WIDTH = 260;
const HEIGHT = 70;
/** Room on the left for the scale's labels, so the strip says its unit like any other axis. */
const LEFT = 44;

/** A slice the load generator paused in says so: the calls in flight across the pause are not in it. */
const pausedNote = (s: SliceSummary) =>
  s.clientPausedMs ? `; the load generator itself paused ${s.clientPausedMs} ms here (calls in flight then not timed)` : '';

/**
 * Each slice's p99 before (grey) and after (blue), in time order on one scale, with each side's
 * geometric mean as a line: what the gate compared, as an operator reads it. A spread that dwarfs
 * the gap between the lines is noise; a gap clear of both spreads is a change.
 */
export function SliceStrip({ before, after, testId = 'slice-strip' }: { before: SliceSummary[]; after: SliceSummary[]; testId?: string }) {
  const values = [...before, ...after].map((s) => s.p99Ms).filter((v) => v > 0);
  if (values.length === 0) return null;
  const top = Math.max(...values) * 1.05;
  const y = (v: number) => HEIGHT - 4 - (v / top) * (HEIGHT - 8);
  const n = before.length + after.length;
  const x = (i: number) => LEFT + (i / Math.max(1, n - 1)) * (WIDTH - LEFT - 6);
  const geo = (xs: SliceSummary[]) => Math.exp(xs.reduce((sum, s) => sum + Math.log(Math.max(s.p99Ms, 1e-6)), 0) / Math.max(1, xs.length));
  const dots = (slices: SliceSummary[], offset: number, colour: string, side: string) =>
    slices.map((s, i) => (
      <circle
        key={`${side}${i}`}
        cx={x(offset + i)}
        cy={y(s.p99Ms)}
        r="2.4"
        fill={colour}
        data-side={side}
        data-p99={s.p99Ms}
        data-client-paused={s.clientPausedMs ?? 0}
      >
        <title>{`${side} slice ${i + 1}: p99 ${ms(s.p99Ms, 2)}, mean ${ms(s.meanMs, 2)}, ${s.count} calls${pausedNote(s)}`}</title>
      </circle>
    ));
  const line = (slices: SliceSummary[], offset: number, colour: string) =>
    slices.length ? (
      <line x1={x(offset)} x2={x(offset + slices.length - 1)} y1={y(geo(slices))} y2={y(geo(slices))} stroke={colour} stroke-width="1.5" />
    ) : null;
  return (
    <svg
      class="slice-strip"
      width={WIDTH}
      height={HEIGHT}
      data-testid={testId}
      data-before={before.length}
      data-after={after.length}
      aria-label={`p99 (ms) of ${before.length} slices before and ${after.length} after`}
    >
      <text x={LEFT - 6} y={y(top) + 8} text-anchor="end" class="axis-label" data-testid="slice-strip-top">
        {ms(top)}
      </text>
      <text x={LEFT - 6} y={HEIGHT - 4} text-anchor="end" class="axis-label">
        0 ms
      </text>
      <line x1={x(before.length - 0.5)} x2={x(before.length - 0.5)} y1="2" y2={HEIGHT - 2} stroke="#c5cad6" stroke-dasharray="3 3" />
      {dots(before, 0, '#8c97ad', 'before')}
      {dots(after, before.length, '#2f5fd0', 'after')}
      {line(before, 0, '#8c97ad')}
      {line(after, before.length, '#2f5fd0')}
    </svg>
  );
}

/**
 * Paired evidence: slice i of the baseline (grey) and of the canary (blue), measured over the same
 * stretch of time, drawn at the same place and joined, in time order (rounds one after another), with
 * each side's geometric mean as a line. The gate judged the per-slice ratios: a canary above its
 * baseline in slice after slice is a change, whatever the two did together from slice to slice.
 */
export function PairedSliceStrip({ baseline, canary }: { baseline: SliceSummary[]; canary: SliceSummary[] }) {
  const n = Math.min(baseline.length, canary.length);
  const values = [...baseline.slice(0, n), ...canary.slice(0, n)].map((s) => s.p99Ms).filter((v) => v > 0);
  if (values.length === 0) return null;
  const top = Math.max(...values) * 1.05;
  const y = (v: number) => HEIGHT - 4 - (v / top) * (HEIGHT - 8);
  const x = (i: number) => LEFT + (i / Math.max(1, n - 1)) * (WIDTH - LEFT - 6);
  const geo = (xs: SliceSummary[]) => Math.exp(xs.reduce((sum, s) => sum + Math.log(Math.max(s.p99Ms, 1e-6)), 0) / Math.max(1, xs.length));
  const pairs = Array.from({ length: n }, (_, i) => ({ b: baseline[i]!, c: canary[i]! }));
  return (
    <svg
      class="slice-strip"
      width={WIDTH}
      height={HEIGHT}
      data-testid="paired-slice-strip"
      data-pairs={n}
      aria-label={`p99 (ms) of ${n} paired slices, baseline and canary`}
    >
      <text x={LEFT - 6} y={y(top) + 8} text-anchor="end" class="axis-label">
        {ms(top)}
      </text>
      <text x={LEFT - 6} y={HEIGHT - 4} text-anchor="end" class="axis-label">
        0 ms
      </text>
      {pairs.map(({ b, c }, i) => (
        <g key={i} data-testid="slice-pair" data-baseline={b.p99Ms} data-canary={c.p99Ms}>
          <title>{`slice ${i + 1}: p99 ${ms(b.p99Ms, 2)} at the baseline, ${ms(c.p99Ms, 2)} at the canary (×${(c.p99Ms / Math.max(b.p99Ms, 1e-6)).toFixed(2)})${pausedNote(b) || pausedNote(c)}`}</title>
          <line x1={x(i)} x2={x(i)} y1={y(b.p99Ms)} y2={y(c.p99Ms)} stroke="#c5cad6" />
          <circle cx={x(i)} cy={y(b.p99Ms)} r="2.4" fill="#8c97ad" data-side="baseline" />
          <circle cx={x(i)} cy={y(c.p99Ms)} r="2.4" fill={c.p99Ms > b.p99Ms * 1.1 ? '#c23b32' : '#2f5fd0'} data-side="canary" />
        </g>
      ))}
      <line
        x1={x(0)}
        x2={x(n - 1)}
        y1={y(geo(baseline.slice(0, n)))}
        y2={y(geo(baseline.slice(0, n)))}
        stroke="#8c97ad"
        stroke-width="1.5"
      />
      <line x1={x(0)} x2={x(n - 1)} y1={y(geo(canary.slice(0, n)))} y2={y(geo(canary.slice(0, n)))} stroke="#2f5fd0" stroke-width="1.5" />
    </svg>
  );
}

/** One metric's test in a line: the effect size, its interval, and what it meant against the threshold. */
export function MetricLine({ test }: { test: MetricTest }) {
  const [low, high] = test.interval;
  const meaning =
    test.significant && test.beyondThreshold
      ? 'regression'
      : test.tooNoisy
        ? 'too noisy'
        : test.beyondThreshold
          ? 'over the threshold, not significant'
          : test.slowerInFewSlices
            ? `a few slices much slower (every slice: ${signed(test.untrimmedChangePercent ?? 0)})`
            : 'within the threshold';
  return (
    <div class="small" data-testid={`gate-${test.metric}`} data-change={test.changePercent} data-low={low} data-high={high}>
      <b>{test.metric}</b> {signed(test.changePercent)}{' '}
      <span class="muted">
        (95% interval {signed(low)} to {signed(high)};
      </span>{' '}
      <span class="muted">
        adjusted p {test.pAdjusted < 0.0001 ? '< 0.0001' : test.pAdjusted.toPrecision(2)};{' '}
        {test.design === 'paired' ? `${test.slices.before} paired slices` : `${test.slices.before} / ${test.slices.after} slices`}
        {test.trimmed ? `, middle ${Math.round(100 - 200 * test.trimmed)}%` : ''}
        {test.roundDrift
          ? `, the pair's offset ±${test.roundDrift.percent.toFixed(1)}% run to run over ${test.roundDrift.rounds.calibration} + ${test.roundDrift.rounds.after} runs`
          : ''}
        )
      </span>{' '}
      · <span data-testid="gate-meaning">{meaning}</span>
    </div>
  );
}
