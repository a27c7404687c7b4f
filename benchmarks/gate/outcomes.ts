import { mean } from 'simple-statistics';
import { lowerBound95, upperBound95 } from './binomial';
import type { TrialOutcome } from './trial';
import { countCauses, SURPRISES_KEPT } from './surprise';
import { pooledDrift } from './round-drift';

const pct = (x: number) => Math.round(x * 10000) / 100;
const average = (xs: number[]) => (xs.length > 0 ? mean(xs) : 0);

/**
 * What a set of trials says. For upgrades that change nothing the rollbacks are false rollbacks
 * (held to their 95% upper bound); for injected regressions they are detections (95% lower bound).
 */
export function summarise(trials: readonly TrialOutcome[], injected: boolean) {
  const n = trials.length;
  const count = (pick: (t: TrialOutcome) => boolean) => trials.filter(pick).length;
  const rollbacks = count((t) => t.final === 'regression');
  const held = count((t) => t.final === 'inconclusive');
  const legacyKeys = Object.keys(trials[0]?.legacy ?? {});
  const inconclusiveFirst = trials.filter((t) => t.firstLook === 'inconclusive');
  const surprises = trials.flatMap((t) => (t.surprise ? [t.surprise] : []));
  const rate = (k: number) => ({
    count: k,
    percent: pct(k / Math.max(1, n)),
    ...(injected ? { lower95: pct(lowerBound95(k, n)) } : { upper95: pct(upperBound95(k, n)) }),
  });
  return {
    trials: n,
    gate: {
      rollbacks: rate(rollbacks),
      passes: count((t) => t.final === 'pass'),
      heldInconclusive: { count: held, percent: pct(held / Math.max(1, n)) },
      inconclusiveAtFirstLook: {
        count: inconclusiveFirst.length,
        percent: pct(inconclusiveFirst.length / Math.max(1, n)),
        // Which workload and test held those first looks back (a look can have several).
        ...(inconclusiveFirst.some((t) => t.firstLookCauses)
          ? { causes: countCauses(inconclusiveFirst.map((t) => t.firstLookCauses ?? [])) }
          : {}),
      },
      rerunsPerUpgrade: Math.round(average(trials.map((t) => t.reruns)) * 100) / 100,
    },
    legacy: Object.fromEntries(legacyKeys.map((k) => [k, rate(count((t) => t.legacy[k] === 'regression'))])),
    measuredChangePercent: {
      p99: Math.round(average(trials.flatMap((t) => t.changes.map((c) => c.p99))) * 10) / 10,
      mean: Math.round(average(trials.flatMap((t) => t.changes.map((c) => c.mean))) * 10) / 10,
    },
    ...(trials.some((t) => t.driftSeen) ? { roundDrift: pooledDrift(trials.map((t) => t.driftSeen ?? [])) } : {}),
    // Upgrades that ended other than they deserved, kept whole to be looked into (the first SURPRISES_KEPT).
    ...(surprises.length > 0 ? { surprises: { count: surprises.length, kept: surprises.slice(0, SURPRISES_KEPT) } } : {}),
  };
}

/**
 * Canary trials, upgrades that change nothing and injected regressions, summarised; beside them the
 * same upgrades judged without the pair's drift between rounds (`TrialOutcome.beside`).
 */
export function summariseCanary(noChange: readonly TrialOutcome[], regressed: readonly TrialOutcome[]) {
  const beside = (trials: readonly TrialOutcome[]) => trials.flatMap((t) => (t.beside ? [t.beside] : []));
  return {
    noChange: summarise(noChange, false),
    regressed: summarise(regressed, true),
    withoutDrift: { noChange: summarise(beside(noChange), false), regressed: summarise(beside(regressed), true) },
  };
}
