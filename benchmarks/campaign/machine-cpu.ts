import { readFileSync } from 'node:fs';

/** CPU ticks of the whole machine since boot (/proc/stat): busy and total. */
function ticks(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0); // idle + iowait
  const total = fields.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

/**
 * How busy the whole machine was over a stretch, as a share of all its cores: the run's own
 * processes, PostgreSQL, Redis and whatever else shares the machine. A list latency measured on a
 * saturated machine says as much about the machine as about the API.
 */
export function machineBusy(): () => number {
  const start = ticks();
  return () => {
    const end = ticks();
    const total = end.total - start.total;
    return total > 0 ? Math.round(((end.busy - start.busy) / total) * 1000) / 1000 : 0;
  };
}
