import type { NodeState } from '../../domain/types';
import { stateAt, type SimInstanceRow } from './rows';
import { between, unitFrom } from './randomness';
import { versionLatencyFactor } from './version-performance';

export interface SimulatedMetrics {
  simulated: true;
  providerId: string;
  at: Date;
  state: NodeState;
  cpuPercent: number;
  memoryUsedPercent: number;
  memoryUsedGb: number;
  /** The instance's RAM. */
  memoryTotalGb: number;
  diskUsedGb: number;
  diskTotalGb: number;
  readsPerSecond: number;
  writesPerSecond: number;
  p99LatencyMs: number;
  /** Client connections held open. */
  connections: number;
  /** Errors the engine counted in the current 5-real-second window (rejected requests, failed writes). */
  errors: number;
  /** A replica's delay behind its primary; null for primaries and equal members. */
  replicationLagSeconds: number | null;
}

export interface MetricsInput {
  seed: number;
  timeScale: number;
  now: Date;
  instance: { vcpu: number; diskGb: number; memoryGb?: number };
}

/** An instance type the regions file does not describe is taken for a mid-sized one. */
const FALLBACK_MEMORY_GB = 16;

const DAY_SECONDS = 86_400;
const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Per-version speed, including the catalog's known p99 regressions: see version-performance.ts. */
export { versionLatencyFactor } from './version-performance';

/**
 * Plausible node metrics, a pure function of the seed, the node and the time. Data grows each
 * simulated day; traffic follows a simulated daily cycle with a little noise per 5 real seconds;
 * disk_full pins the disk, a partition multiplies latency; a node that does not run serves nothing.
 */
export function metricsFor(row: SimInstanceRow, input: MetricsInput): SimulatedMetrics {
  const { seed, now, timeScale, instance } = input;
  const state = stateAt(row, now);
  const simulatedAgeDays = (Math.max(0, now.getTime() - row.launched_at.getTime()) / 1000) * timeScale / DAY_SECONDS;
  const growthPerDay = between(seed, 0.001, 0.006, row.name, 'growth');
  const grown = Number(row.data_gb) * (1 + growthPerDay * simulatedAgeDays);
  const diskUsedGb = row.failure === 'disk_full' ? instance.diskGb : Math.min(instance.diskGb, grown);
  const base = {
    simulated: true as const, providerId: row.provider_id, at: now, state,
    diskUsedGb: round(diskUsedGb, 2), diskTotalGb: instance.diskGb, memoryTotalGb: instance.memoryGb ?? FALLBACK_MEMORY_GB,
  };
  if (state !== 'running') {
    return { ...base, cpuPercent: 0, memoryUsedPercent: 0, memoryUsedGb: 0, readsPerSecond: 0, writesPerSecond: 0, p99LatencyMs: 0, connections: 0, errors: 0, replicationLagSeconds: null };
  }

  const simulatedHour = ((now.getTime() / 1000) * timeScale / 3600 + between(seed, 0, 24, row.region, 'tz')) % 24;
  const daily = 0.6 + 0.4 * Math.sin(((simulatedHour - 6) / 24) * 2 * Math.PI);
  const noise = 0.9 + 0.2 * unitFrom(seed, row.name, Math.floor(now.getTime() / 5000));
  const reads = between(seed, 200, 5000, row.name, 'reads') * daily * noise;
  const writes = reads * between(seed, 0.1, 0.6, row.name, 'writes');
  const cpuPercent = Math.min(100, 5 + (reads + writes * 2) / (40 * instance.vcpu));
  const latency = between(seed, 1.5, 6, row.name, 'p99') * versionLatencyFactor(seed, row.engine, row.version) * (1 + cpuPercent / 100)
    * (row.failure === 'network_partition' ? 50 : 1) * (row.failure === 'disk_full' ? 5 : 1);
  return {
    ...base,
    cpuPercent: round(cpuPercent, 1),
    ...memoryOf(between(seed, 40, 75, row.name, 'mem') + 10 * (diskUsedGb / instance.diskGb), base.memoryTotalGb),
    readsPerSecond: Math.round(reads),
    writesPerSecond: Math.round(writes),
    p99LatencyMs: round(latency, 2),
    ...faultsFor(row, seed, now, timeScale, daily * noise),
  };
}

const memoryOf = (percent: number, totalGb: number) => ({ memoryUsedPercent: round(percent, 1), memoryUsedGb: round((percent / 100) * totalGb, 3) });

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
  const partitionedFor = row.failure === 'network_partition' && row.failed_at ? ((now.getTime() - row.failed_at.getTime()) / 1000) * timeScale : 0;
  const lag = between(seed, 0.05, 0.8, row.name, window, 'lag') + partitionedFor;
  return { connections, errors, replicationLagSeconds: row.role === 'replica' ? round(lag, 2) : null };
}
