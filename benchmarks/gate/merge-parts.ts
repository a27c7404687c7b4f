import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resultsDir } from '../lib/report';
import { lowerBound95, upperBound95 } from './binomial';
import { addCauses, SURPRISES_KEPT, type CauseCounts } from './surprise';
import { pooledDrift, type PooledDrift } from './round-drift';

/**
 * Joins the results of bench:gate run as several processes (GATE_RESULTS_NAME, GATE_SIM_FIRST_TRIAL:
 * each its own trials and seeds, simulated sequential, simulated canary, real canary step or real) into
 * results/gate.json: every summary at the same place in the parts joined (counts added, bounds
 * computed again from the joined counts, measured changes weighted by trials). Usage: tsx
 * merge-parts.ts part-a part-b …
 */
type Rate = { count: number; percent: number; upper95?: number; lower95?: number };
type Summary = {
  trials: number;
  gate: {
    rollbacks: Rate;
    passes: number;
    heldInconclusive: Rate;
    inconclusiveAtFirstLook: Rate & { causes?: CauseCounts };
    rerunsPerUpgrade: number;
  };
  legacy: Record<string, Rate>;
  measuredChangePercent: { p99: number; mean: number };
  surprises?: { count: number; kept: unknown[] };
  roundDrift?: PooledDrift;
};

/** Two parts' pooled drift pooled again, each test weighted by its degrees of freedom (absent when neither part has any). */
function joinDrift(a?: PooledDrift, b?: PooledDrift): Pick<Summary, 'roundDrift'> {
  if (!a && !b) return {};
  const seen = (p?: PooledDrift) =>
    Object.entries(p ?? {}).map(([test, { excess, df, largestPercent }]) => ({
      test,
      excess,
      df,
      largest: Math.log1p(largestPercent / 100) ** 2,
    }));
  return { roundDrift: pooledDrift([seen(a), seen(b)]) };
}

/** Two parts' counts of first-look causes added up (absent when neither part has any). */
const joinCauses = (a?: CauseCounts, b?: CauseCounts): { causes?: CauseCounts } => (a || b ? { causes: addCauses(a ?? {}, b ?? {}) } : {});

/** Two parts' surprises: counted in full, the kept ones side by side up to SURPRISES_KEPT. */
function joinSurprises(a: Summary['surprises'], b: Summary['surprises']): Pick<Summary, 'surprises'> {
  if (!a && !b) return {};
  const kept = [...(a?.kept ?? []), ...(b?.kept ?? [])].slice(0, SURPRISES_KEPT);
  return { surprises: { count: (a?.count ?? 0) + (b?.count ?? 0), kept } };
}

function join2(a: Summary | undefined, b: Summary, injected: boolean): Summary {
  if (!a || a.trials === 0) return b;
  if (b.trials === 0) return a;
  const n = a.trials + b.trials;
  const rate = (x: Rate, y: Rate, bound: boolean): Rate => {
    const k = x.count + y.count;
    const out: Rate = { count: k, percent: Math.round((k / n) * 10000) / 100 };
    if (bound)
      Object.assign(
        out,
        injected ? { lower95: Math.round(lowerBound95(k, n) * 10000) / 100 } : { upper95: Math.round(upperBound95(k, n) * 10000) / 100 },
      );
    return out;
  };
  const weighted = (x: number, y: number) => Math.round(((x * a.trials + y * b.trials) / n) * 100) / 100;
  return {
    trials: n,
    gate: {
      rollbacks: rate(a.gate.rollbacks, b.gate.rollbacks, true),
      passes: a.gate.passes + b.gate.passes,
      heldInconclusive: rate(a.gate.heldInconclusive, b.gate.heldInconclusive, false),
      inconclusiveAtFirstLook: {
        ...rate(a.gate.inconclusiveAtFirstLook, b.gate.inconclusiveAtFirstLook, false),
        ...joinCauses(a.gate.inconclusiveAtFirstLook.causes, b.gate.inconclusiveAtFirstLook.causes),
      },
      rerunsPerUpgrade: weighted(a.gate.rerunsPerUpgrade, b.gate.rerunsPerUpgrade),
    },
    legacy: Object.fromEntries(Object.keys(b.legacy).map((k) => [k, rate(a.legacy[k]!, b.legacy[k]!, true)])),
    measuredChangePercent: {
      p99: weighted(a.measuredChangePercent.p99, b.measuredChangePercent.p99),
      mean: weighted(a.measuredChangePercent.mean, b.measuredChangePercent.mean),
    },
    ...joinSurprises(a.surprises, b.surprises),
    ...joinDrift(a.roundDrift, b.roundDrift),
  };
}

const isSummary = (x: unknown): x is Summary => typeof x === 'object' && x !== null && 'trials' in x && 'gate' in x;

/** Every summary found at the same place in two parts is joined; anything else is the first part's (or the second's when the first has none). */
function joinDocs(a: unknown, b: unknown, injected = false): unknown {
  if (a === null || a === undefined) return b;
  if (b === null || b === undefined) return a;
  if (isSummary(a) && isSummary(b)) return join2(a, b, injected);
  if (typeof a !== 'object' || typeof b !== 'object' || Array.isArray(a)) return a;
  const out: Record<string, unknown> = { ...(b as Record<string, unknown>), ...(a as Record<string, unknown>) };
  for (const key of Object.keys(out))
    out[key] = joinDocs((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], key === 'regressed');
  return out;
}

const parts = process.argv.slice(2).map((name) => ({ name, doc: JSON.parse(readFileSync(join(resultsDir, `${name}.json`), 'utf8')) }));
type Section = { noChange: Summary; regressed: Summary; seconds: number } | undefined;
/** Upgrades a part judged in a simulated section (parts written before the canary section have none of it). */
const trialsIn = (section: Section) => (section ? section.noChange.trials + section.regressed.trials : 0);
const joined = parts.reduce<{ simulator: unknown; simulatorCanary: unknown; realCanary: unknown; real: unknown }>(
  (sum, { doc }) => ({
    simulator: joinDocs(sum.simulator, doc.simulator),
    simulatorCanary: joinDocs(sum.simulatorCanary, doc.simulatorCanary),
    realCanary: joinDocs(sum.realCanary, doc.realCanary),
    real: joinDocs(sum.real, doc.real),
  }),
  { simulator: null, simulatorCanary: null, realCanary: null, real: null },
);
/** A simulated section joined, with the seconds each part that ran some of it took. */
const section = (key: 'simulator' | 'simulatorCanary') => {
  const ran = parts.filter((p) => trialsIn(p.doc[key]) > 0);
  return ran.length === 0 ? null : { ...(joined[key] as object), seconds: ran.map((p) => p.doc[key].seconds) };
};
const first = parts[0]!.doc;
const canarySetup = parts.find((p) => trialsIn(p.doc.simulatorCanary) > 0)?.doc.setup.simulatorCanary;
const realCanarySetup = parts.find((p) => trialsIn(p.doc.realCanary) > 0)?.doc.setup.realCanary;
const merged = {
  ...first,
  setup: {
    ...first.setup,
    ...(canarySetup ? { simulatorCanary: canarySetup } : {}),
    ...(realCanarySetup ? { realCanary: realCanarySetup } : {}),
  },
  ranAt: parts.map((p) => p.doc.ranAt),
  machine: parts.map((p) => p.doc.machine),
  parts: parts.map((p) => p.name),
  simulator: section('simulator'),
  simulatorCanary: section('simulatorCanary'),
  realCanary: joined.realCanary,
  real: joined.real,
};
writeFileSync(join(resultsDir, 'gate.json'), `${JSON.stringify(merged, null, 2)}\n`);
console.log(
  JSON.stringify(
    { simulator: merged.simulator, simulatorCanary: merged.simulatorCanary, realCanary: merged.realCanary, real: merged.real },
    null,
    2,
  ),
);
