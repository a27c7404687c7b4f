import { loadavg } from 'node:os';
import type { CoreContext } from '../../services/app/context';
import type { ForecastRunStats } from '../../services/capacity/capacity-service';
import { runForecast } from '../../services/capacity/forecast-job';
import { CapacityService } from '../../services/capacity/capacity-service';

const MB = 2 ** 20;

export interface TimedRun {
  totalMs: number;
  phasesMs: { read: number; fit: number; write: number; notices: number };
  clusters: number;
  forecast: number;
  atRisk: number;
  noticesOpened: number;
  noticesCleared: number;
  peakRssMb: number;
  peakHeapUsedMb: number;
  rssBeforeMb: number;
  /** CPU this process spent on the pass (user + system), ms: the model's and the driver's work, whatever the machine's load; PostgreSQL's is not in it. */
  processCpuMs: number;
  /** The 1-minute load average when the pass ended (2 cores: above 2, the pass waited for CPU). */
  loadAverage: number;
}

/**
 * One fleet forecast through the job's own entry point (what the daily scheduler runs), timed,
 * with the process's resident and heap memory sampled every 20 ms for their peaks.
 */
export async function timeFleetForecast(ctx: CoreContext): Promise<TimedRun> {
  global.gc?.();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed;
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    peakRss = Math.max(peakRss, now.rss);
    peakHeap = Math.max(peakHeap, now.heapUsed);
  }, 20);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const stats = (await runForecast(new CapacityService(ctx), ctx.logger, {})) as ForecastRunStats;
  const totalMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  clearInterval(sampler);
  const end = process.memoryUsage();
  const round = (n: number) => Math.round(n);
  return {
    totalMs: round(totalMs),
    phasesMs: {
      read: round(stats.phases.readMs),
      fit: round(stats.phases.fitMs),
      write: round(stats.phases.writeMs),
      notices: round(stats.phases.noticeMs),
    },
    clusters: stats.clusters,
    forecast: stats.forecast,
    atRisk: stats.atRisk,
    noticesOpened: stats.noticesOpened,
    noticesCleared: stats.noticesCleared,
    peakRssMb: round(Math.max(peakRss, end.rss) / MB),
    peakHeapUsedMb: round(Math.max(peakHeap, end.heapUsed) / MB),
    rssBeforeMb: round(before.rss / MB),
    processCpuMs: round((cpu.user + cpu.system) / 1000),
    loadAverage: Math.round(loadavg()[0]! * 10) / 10,
  };
}
