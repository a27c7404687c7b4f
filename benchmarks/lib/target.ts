import type { Role } from '../../services/app/app';
import type { Config } from '../../services/core/config';
import { startBenchApp } from './bench-app';
import type { RunningDatafleet } from '../../services/app/app';

export interface BenchTarget {
  url: string;
  token: string;
  /** The server this run started (seeded and inspected directly), or null when pointed at `BENCH_URL`. */
  app: RunningDatafleet | null;
}

/** `BENCH_URL` + `BENCH_TOKEN` point a benchmark at a running server; otherwise it starts its own. */
export async function benchTarget(name: string, roles: Role[], config: Partial<Config> = {}): Promise<BenchTarget> {
  const url = process.env.BENCH_URL;
  if (url) {
    const token = process.env.BENCH_TOKEN;
    if (!token) throw new Error('BENCH_URL needs BENCH_TOKEN (a platform-team bearer token)');
    return { url: url.replace(/\/$/, ''), token, app: null };
  }
  const app = await startBenchApp(name, roles, config);
  return { url: app.url, token: app.adminToken, app };
}
