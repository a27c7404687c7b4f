import type { SimInstanceRow } from './rows';
import { between, unitFrom } from './randomness';

export interface SimulatedMetrics {
  simulated: true;
  cpuPercent: number;
  memoryUsedPercent: number;
  diskUsedGb: number;
  readsPerSecond: number;
  writesPerSecond: number;
  p99LatencyMs: number;
}

const DAY_MS = 86_400_000;

/**
 * Plausible node metrics, a pure function of the seed, the node and the time: data grows a little
 * each day, traffic follows a daily cycle, a disk_full failure pins the disk.
 */
export function metricsFor(row: SimInstanceRow, seed: number, now: Date, diskGb: number): SimulatedMetrics {
  const ageDays = Math.max(0, (now.getTime() - row.launched_at.getTime()) / DAY_MS);
  const growthPerDay = between(seed, 0.001, 0.004, row.name, 'growth');
  const diskUsedGb = row.failure === 'disk_full' ? diskGb : Math.min(diskGb, Number(row.data_gb) * (1 + growthPerDay * ageDays));
  const hour = now.getUTCHours() + now.getUTCMinutes() / 60;
  const daily = 0.6 + 0.4 * Math.sin(((hour - 6) / 24) * 2 * Math.PI);
  const baseReads = between(seed, 200, 5000, row.name, 'reads');
  const noise = 0.9 + 0.2 * unitFrom(seed, row.name, Math.floor(now.getTime() / 5000));
  const reads = baseReads * daily * noise;
  const writes = reads * between(seed, 0.1, 0.6, row.name, 'writes');
  return {
    simulated: true,
    cpuPercent: Math.round(Math.min(100, 10 + (reads + writes) / 100) * 10) / 10,
    memoryUsedPercent: Math.round(between(seed, 40, 75, row.name, 'mem') * 10) / 10,
    diskUsedGb: Math.round(diskUsedGb * 100) / 100,
    readsPerSecond: Math.round(reads),
    writesPerSecond: Math.round(writes),
    p99LatencyMs: Math.round(between(seed, 2, 8, row.name, 'p99') * (row.failure === 'network_partition' ? 50 : 1) * 100) / 100,
  };
}
