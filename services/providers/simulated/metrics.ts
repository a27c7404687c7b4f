import type { ObservedMetrics } from '../observed-node';
import { stateAt, type SimInstanceRow } from './rows';
import { between, unitFrom } from './randomness';
import { versionLatencyFactor } from './version-performance';
import { nodeUse } from './usage-track';
import type { SimEngine } from './sim-engine';

/** The simulator's figures of a node: what the port's observer reports. */
export type SimulatedMetrics = ObservedMetrics;

export interface MetricsInput {
  seed: number;
  timeScale: number;
  now: Date;
  instance: { vcpu: number; diskGb: number; memoryGb?: number };
  engine: SimEngine;
  /** GB of its cluster's usage series this node holds now; absent for a cluster without a series. */
  heldGb?: number;
}

/** An instance type the regions file does not describe is taken for a mid-sized one. */
const FALLBACK_MEMORY_GB = 16;

const DAY_SECONDS = 86_400;
const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Per-version speed, including the catalog's known p99 regressions: see version-performance.ts. */
export { versionLatencyFactor } from './version-performance';

/** A node's traffic constants, drawn once from the seed and its name (and region, for its time zone). */
export interface NodeTraffic {
  readsBase: number;
  writeShare: number;
  p99Base: number;
  tzHours: number;
}

export function nodeTraffic(seed: number, row: Pick<SimInstanceRow, 'name' | 'region' | 'version'>, engine: SimEngine): NodeTraffic {
  const { p99BaselineMs, knownRegressions } = engine.simulated;
  return {
    readsBase: between(seed, 200, 5000, row.name, 'reads'),
    writeShare: between(seed, 0.1, 0.6, row.name, 'writes'),
    p99Base:
      between(seed, p99BaselineMs.min, p99BaselineMs.max, row.name, 'p99') *
      versionLatencyFactor(seed, engine.name, row.version, knownRegressions),
    tzHours: between(seed, 0, 24, row.region, 'tz'),
  };
}

/** Traffic at `at`: a simulated daily cycle (time-scaled) times `noise`; latency rises with CPU. */
export function trafficAt(t: NodeTraffic, vcpu: number, at: number, timeScale: number, noise: number, failure: SimInstanceRow['failure']) {
  const simulatedHour = (((at / 1000) * timeScale) / 3600 + t.tzHours) % 24;
  const daily = 0.6 + 0.4 * Math.sin(((simulatedHour - 6) / 24) * 2 * Math.PI);
  const reads = t.readsBase * daily * noise;
  const writes = reads * t.writeShare;
  const cpuPercent = Math.min(100, IDLE_CPU_PERCENT + (reads + writes * 2) / (40 * vcpu));
  const p99 = t.p99Base * (1 + cpuPercent / 100) * failureSlowdown(failure);
  return { reads, writes, cpuPercent, p99, load: daily * noise };
}

/** CPU a node spends with no client traffic (compaction, gossip, the agent). */
const IDLE_CPU_PERCENT = 5;
/** A partition makes what crosses it 50× slower; a full disk, every write path 5×. */
const failureSlowdown = (failure: SimInstanceRow['failure']) =>
  (failure === 'network_partition' ? 50 : 1) * (failure === 'disk_full' ? 5 : 1);

/**
 * The node's p99 with only a benchmark's load on it: its version's speed (p99Base) at idle CPU, and
 * its failures. Production traffic follows the daily cycle; a benchmark before an upgrade and one
 * after it meet different hours, and that difference is not the version's.
 */
export const benchmarkP99 = (t: NodeTraffic, failure: SimInstanceRow['failure']) =>
  t.p99Base * (1 + IDLE_CPU_PERCENT / 100) * failureSlowdown(failure);

/**
 * Disk and memory. A node of a cluster with a usage series holds `heldGb` of it (the live end of
 * the cluster's history, usage-track.ts); otherwise its data grows a little each simulated day.
 * disk_full pins the disk either way.
 */
function storageOf(row: SimInstanceRow, input: MetricsInput, memoryTotalGb: number) {
  const { seed, now, timeScale, instance } = input;
  const memoryBase = between(seed, 40, 75, row.name, 'mem');
  if (input.heldGb !== undefined) {
    const use = nodeUse(
      input.engine,
      input.heldGb,
      { diskGb: instance.diskGb, memoryGb: memoryTotalGb },
      memoryBase + 10 * Math.min(1, input.heldGb / instance.diskGb),
    );
    return { diskUsedGb: row.failure === 'disk_full' ? instance.diskGb : use.diskUsedGb, memoryUsedGb: use.memoryUsedGb };
  }
  const simulatedAgeDays = ((Math.max(0, now.getTime() - row.launched_at.getTime()) / 1000) * timeScale) / DAY_SECONDS;
  const grown = Number(row.data_gb) * (1 + between(seed, 0.001, 0.006, row.name, 'growth') * simulatedAgeDays);
  const diskUsedGb = row.failure === 'disk_full' ? instance.diskGb : Math.min(instance.diskGb, grown);
  return { diskUsedGb, memoryUsedGb: ((memoryBase + 10 * (diskUsedGb / instance.diskGb)) / 100) * memoryTotalGb };
}

/**
 * Plausible node metrics, a pure function of the seed, the node and the time (and of the GB it
 * holds, for a cluster that follows a usage series). Traffic follows a simulated daily cycle with a
 * little noise per 5 real seconds; disk_full pins the disk, a partition multiplies latency; a node
 * that does not run serves nothing.
 */
export function metricsFor(row: SimInstanceRow, input: MetricsInput): SimulatedMetrics {
  const { seed, now, timeScale, instance } = input;
  const state = stateAt(row, now);
  const memoryTotalGb = instance.memoryGb ?? FALLBACK_MEMORY_GB;
  const storage = storageOf(row, input, memoryTotalGb);
  const base = {
    simulated: true as const,
    providerId: row.provider_id,
    at: now,
    state,
    diskUsedGb: round(storage.diskUsedGb, 2),
    diskTotalGb: instance.diskGb,
    memoryTotalGb,
  };
  if (state !== 'running') {
    return {
      ...base,
      cpuPercent: 0,
      memoryUsedPercent: 0,
      memoryUsedGb: 0,
      readsPerSecond: 0,
      writesPerSecond: 0,
      p99LatencyMs: 0,
      benchmarkP99Ms: 0,
      connections: 0,
      errors: 0,
      replicationLagSeconds: null,
    };
  }
  const noise = 0.9 + 0.2 * unitFrom(seed, row.name, Math.floor(now.getTime() / 5000));
  const traffic = nodeTraffic(seed, row, input.engine);
  const t = trafficAt(traffic, instance.vcpu, now.getTime(), timeScale, noise, row.failure);
  return {
    ...base,
    cpuPercent: round(t.cpuPercent, 1),
    memoryUsedPercent: round((storage.memoryUsedGb / memoryTotalGb) * 100, 1),
    memoryUsedGb: round(storage.memoryUsedGb, 3),
    readsPerSecond: Math.round(t.reads),
    writesPerSecond: Math.round(t.writes),
    p99LatencyMs: round(t.p99, 2),
    benchmarkP99Ms: round(benchmarkP99(traffic, row.failure), 2),
    ...faultsFor(row, seed, now, timeScale, t.load),
  };
}

/**
 * Connections follow traffic; errors are rare (a few windows in twenty have one or two) unless a
 * failure makes them common: a full disk fails writes, a partition fails what crosses it. A replica
 * lags under a second, and a partitioned one falls further behind for as long as the partition lasts.
 */
function faultsFor(row: SimInstanceRow, seed: number, now: Date, timeScale: number, load: number) {
  const window = Math.floor(now.getTime() / 5000);
  const connections = Math.round(between(seed, 20, 400, row.name, 'connections') * load);
  const stray = unitFrom(seed, row.name, window, 'errors') < 0.05 ? 1 + Math.floor(unitFrom(seed, row.name, window, 'count') * 2) : 0;
  const failing = row.failure === 'disk_full' || row.failure === 'network_partition';
  const errors = failing ? Math.round(between(seed, 50, 200, row.name, window, 'failing')) : stray;
  const partitionedFor =
    row.failure === 'network_partition' && row.failed_at ? ((now.getTime() - row.failed_at.getTime()) / 1000) * timeScale : 0;
  const lag = between(seed, 0.05, 0.8, row.name, window, 'lag') + partitionedFor;
  return { connections, errors, replicationLagSeconds: row.role === 'replica' ? round(lag, 2) : null };
}
