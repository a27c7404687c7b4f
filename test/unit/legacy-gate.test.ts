import { describe, expect, it } from 'vitest';
import { quantile, mean } from 'simple-statistics';
import { compareRuns, DEFAULT_THRESHOLD_PERCENT, judgeUpgrade, type LatencyRun, type WorkloadRun } from '../../benchmarks/gate/legacy-gate';
import { bootstrapQuantileDifference, mannWhitneyU, resampledQuantile, seededRandom } from '../../benchmarks/gate/legacy-statistics';

/** Log-normal latencies, like a datastore's: most requests near the median, a long right tail. */
function latencies(seed: number, count: number, medianMs: number, scale = 1): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const gaussian = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    return Math.round(medianMs * Math.exp(0.45 * gaussian) * scale * 100) / 100; // 10 µs resolution: ties happen
  });
}

const run = (samplesMs: number[]): LatencyRun => ({ samplesMs, p99Ms: quantile(samplesMs, 0.99), meanMs: mean(samplesMs) });

describe('Mann-Whitney U', () => {
  it('matches the reference implementation (SciPy, asymptotic, continuity and tie corrections)', () => {
    const result = mannWhitneyU([1, 2, 3, 4, 5], [3, 4, 5, 6, 7]);
    expect(result.uAfter).toBe(20.5);
    expect(result.pTwoSided).toBeCloseTo(0.113846, 4);
    expect(result.pAfterGreater).toBeCloseTo(0.056923, 4);
  });

  it('finds nothing between identical constant samples', () => {
    expect(mannWhitneyU([2, 2, 2], [2, 2]).pTwoSided).toBe(1);
  });

  it('ranks as one pooled sort would, ties and all', () => {
    const before = latencies(3, 500, 5);
    const after = latencies(4, 400, 5.2);
    const pooled = [...before.map((v) => ({ v, after: false })), ...after.map((v) => ({ v, after: true }))].sort((a, b) => a.v - b.v);
    let rankSumAfter = 0;
    for (let i = 0; i < pooled.length;) {
      let j = i;
      while (j + 1 < pooled.length && pooled[j + 1]!.v === pooled[i]!.v) j += 1;
      for (let k = i; k <= j; k += 1) if (pooled[k]!.after) rankSumAfter += (i + j) / 2 + 1;
      i = j + 1;
    }
    expect(mannWhitneyU(before, after).uAfter).toBeCloseTo(rankSumAfter - (400 * 401) / 2, 6);
  });
});

describe('the bootstrap of a quantile', () => {
  /** The quantile of a resample built the plain way: n draws with replacement. */
  const plainResample = (values: number[], p: number, random: () => number) =>
    quantile(
      values.map(() => values[Math.floor(random() * values.length)]!),
      p,
    );
  const moments = (draw: () => number, times: number) => {
    const xs = Array.from({ length: times }, draw);
    const m = mean(xs);
    return { mean: m, sd: Math.sqrt(mean(xs.map((x) => (x - m) ** 2))) };
  };

  it('draws the quantile of a resample from the same distribution as resampling does, at either end and in the middle', () => {
    const random1 = seededRandom(11);
    const random2 = seededRandom(12);
    const sample = latencies(5, 2000, 5);
    const sorted = Float64Array.from(sample).sort();
    for (const p of [0.99, 0.5, 0.05]) {
      const plain = moments(() => plainResample(sample, p, random1), 3000);
      const drawn = moments(() => resampledQuantile(sorted, p, random2), 3000);
      expect(Math.abs(drawn.mean - plain.mean), `p ${p}`).toBeLessThan(plain.sd * 0.15);
      expect(drawn.sd / plain.sd, `p ${p}`).toBeGreaterThan(0.85);
      expect(drawn.sd / plain.sd, `p ${p}`).toBeLessThan(1.15);
    }
  });
  it('gives the extremes at p = 0 and p = 1, and the one value of a sample of one', () => {
    const sorted = Float64Array.from([1, 2, 3, 4]);
    const random = seededRandom(3);
    for (let i = 0; i < 50; i += 1) {
      expect([1, 2, 3, 4]).toContain(resampledQuantile(sorted, 1, random));
      expect([1, 2, 3, 4]).toContain(resampledQuantile(sorted, 0, random));
    }
    expect(resampledQuantile(Float64Array.from([7]), 0.99, random)).toBe(7);
  });

  it('repeats exactly for a seed', () => {
    const options = { p: 0.99, level: 0.95, iterations: 500, seed: 4 };
    const [a, b] = [latencies(6, 800, 5), latencies(7, 800, 5)];
    expect(bootstrapQuantileDifference(a, b, options)).toEqual(bootstrapQuantileDifference(a, b, options));
  });
});

describe('upgrade gate', () => {
  const sla = { slaP99Ms: 100 };

  it('passes two runs drawn from the same distribution', () => {
    const verdict = compareRuns(run(latencies(1, 2000, 5)), run(latencies(2, 2000, 5)), sla);
    expect(verdict.verdict).toBe('pass');
    expect(verdict.slaBreached).toBe(false);
    expect(verdict.p99.ci95[0]).toBeLessThan(0);
    expect(verdict.p99.ci95[1]).toBeGreaterThan(0);
    expect(verdict.mean.mannWhitneyP).toBeGreaterThan(0.05);
  });

  it('declares a regression when latency is clearly shifted (a version 1.8× slower)', () => {
    const before = run(latencies(1, 2000, 5));
    const after = run(latencies(2, 2000, 5, 1.8));
    const verdict = compareRuns(before, after, sla);
    expect(verdict.verdict).toBe('regression');
    expect(verdict.p99.changePercent).toBeGreaterThan(50);
    expect(verdict.p99.ci95[0]).toBeGreaterThan(0);
    expect(verdict.mean.mannWhitneyP).toBeLessThan(1e-6);
    expect(verdict.reasons.join(' ')).toMatch(/p99 .* over the 20% threshold/);
    expect(verdict.slaBreached).toBe(false);
  });

  it('passes a small, noisy difference under the threshold even when it is significant', () => {
    const verdict = compareRuns(run(latencies(1, 5000, 5)), run(latencies(2, 5000, 5, 1.04)), sla);
    expect(verdict.verdict).toBe('pass');
    expect(verdict.p99.changePercent).toBeLessThan(10);
    expect(verdict.mean.changePercent).toBeLessThan(10);
  });

  it('passes a difference over the threshold that the samples cannot show to be real', () => {
    // 30 samples each from one distribution: their p99s differ by chance alone.
    const before = run(latencies(11, 30, 5));
    const after: LatencyRun = { ...run(latencies(12, 30, 5)) };
    after.p99Ms = before.p99Ms * 1.2;
    const verdict = compareRuns(before, after, sla);
    expect(verdict.p99.significant).toBe(false);
    expect(verdict.verdict).toBe('pass');
    expect(verdict.reasons.join(' ')).toMatch(/not significant/);
  });

  it('fails on an SLA breach alone: the p99 target is a hard limit', () => {
    const before = run(latencies(1, 2000, 5));
    const after = run(latencies(2, 2000, 5));
    const verdict = compareRuns(before, after, { slaP99Ms: after.p99Ms - 0.5 });
    expect(verdict.verdict).toBe('regression');
    expect(verdict.slaBreached).toBe(true);
    expect(verdict.p99.significant).toBe(false);
    expect(verdict.reasons.join(' ')).toMatch(/exceeds the SLA p99/);
  });

  it('judges by the threshold alone when there are too few samples to test', () => {
    const verdict = compareRuns({ samplesMs: [], p99Ms: 10, meanMs: 4 }, { samplesMs: [], p99Ms: 13, meanMs: 4 }, sla);
    expect(verdict.tested).toBe(false);
    expect(verdict.verdict).toBe('regression');
    // +20% is not over the default threshold.
    expect(compareRuns({ samplesMs: [], p99Ms: 10, meanMs: 4 }, { samplesMs: [], p99Ms: 12, meanMs: 4 }, sla).verdict).toBe('pass');
  });

  it('is reproducible for a seed', () => {
    const before = run(latencies(1, 500, 5));
    const after = run(latencies(2, 500, 5, 1.1));
    expect(compareRuns(before, after, { ...sla, seed: 9 })).toEqual(compareRuns(before, after, { ...sla, seed: 9 }));
  });

  it('refuses nonsense options', () => {
    const r = run(latencies(1, 50, 5));
    expect(() => compareRuns(r, r, { slaP99Ms: 0 })).toThrow(/slaP99Ms/);
    expect(() => compareRuns(r, r, { slaP99Ms: 10, alpha: 1 })).toThrow(/alpha/);
  });
});

describe('the upgrade decision', () => {
  const clusterSla = { p99ReadMs: 50, p99WriteMs: 100, availability: 99.9 };
  const workload = (samplesMs: number[], read: number, write: number): WorkloadRun => ({
    ...run(samplesMs),
    byOperation: { read: { count: 100, p99: read }, write: { count: 100, p99: write } },
  });

  it('has one default threshold: 20%', () => {
    expect(DEFAULT_THRESHOLD_PERCENT).toBe(20);
    // Too few samples to test: the threshold alone decides, +15% on p99.
    const ops = { read: { count: 100, p99: 5 }, write: { count: 100, p99: 5 } };
    const before: WorkloadRun = { samplesMs: [], p99Ms: 10, meanMs: 4, byOperation: ops };
    const after: WorkloadRun = { samplesMs: [], p99Ms: 11.5, meanMs: 4, byOperation: ops };
    expect(judgeUpgrade(before, after, clusterSla).verdict).toBe('pass');
    expect(judgeUpgrade(before, after, clusterSla, 10).verdict).toBe('regression');
  });

  it("holds each operation's p99 to its own SLA target", () => {
    const before = workload(latencies(1, 2000, 5), 10, 10);
    const after = workload(latencies(2, 2000, 5), 60, 90);
    const verdict = judgeUpgrade(before, after, clusterSla);
    expect(verdict.verdict).toBe('regression');
    expect(verdict.slaBreached).toBe(true);
    expect(verdict.reasons.join(' ')).toMatch(/read p99 60.00 ms after the change is over the SLA's 50 ms/);
    expect(verdict.reasons.join(' ')).not.toMatch(/write p99/);
  });

  it('passes an unchanged run within every target, and ignores an operation the workload did not run', () => {
    const before = workload(latencies(1, 2000, 5), 10, 10);
    const after: WorkloadRun = {
      ...workload(latencies(2, 2000, 5), 10, 10),
      byOperation: { read: { count: 100, p99: 10 }, write: { count: 0, p99: 500 } },
    };
    expect(judgeUpgrade(before, after, clusterSla).verdict).toBe('pass');
  });
});
