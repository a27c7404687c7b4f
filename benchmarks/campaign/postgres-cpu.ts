import { readFileSync } from 'node:fs';
import type pg from 'pg';

const TICKS_PER_SECOND = 100;

/** utime + stime of a process in ms (/proc/<pid>/stat), or null once it has gone. */
function processCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND) * 1000;
  } catch {
    return null;
  }
}

/**
 * CPU the PostgreSQL backends serving one database spent over a stretch, sampled: every
 * `sample()` reads each backend's CPU time (/proc, so PostgreSQL must run on this machine). A
 * backend there at `begin()` counts from then, one started later from its start. One that ends
 * between two samples loses what it used since the last one, so the figure is a lower bound; the
 * pools keep their connections, so little is lost.
 */
export class PostgresCpu {
  private readonly first = new Map<number, number>();
  private readonly last = new Map<number, number>();
  private begun = false;

  constructor(
    private readonly admin: pg.Pool,
    private readonly database: string,
  ) {}

  async begin(): Promise<void> {
    await this.sample();
    this.begun = true;
  }

  async sample(): Promise<void> {
    const { rows } = await this.admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [this.database]);
    for (const { pid } of rows) {
      const ms = processCpuMs(pid);
      if (ms === null) continue;
      if (!this.first.has(pid)) this.first.set(pid, this.begun ? 0 : ms);
      this.last.set(pid, ms);
    }
  }

  /** CPU used by the backends since `begin()`, in ms. */
  usedMs(): number {
    let sum = 0;
    for (const [pid, first] of this.first) sum += (this.last.get(pid) ?? first) - first;
    return Math.round(sum);
  }
}
