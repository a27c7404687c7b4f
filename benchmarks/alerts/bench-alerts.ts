/**
 * Alert storm: alerts posted open-loop at BENCH_RATE/s (default 1,000) for BENCH_SECONDS (default
 * 30) by a load generator in its own process, 90% of them duplicates of 10% distinct problems
 * (cluster × node). Measures alert → remediation-queued latency (the HTTP answer returns once the
 * remediation's operation is queued, or the duplicate is recognised), the p99 of the first 5 s
 * beside the last 5 s (a growing backlog shows there), and remediations started, which must equal
 * the distinct problems. Every node named is really gone from the simulated cloud, so each alert's
 * own-evidence check confirms it. With BENCH_URL + BENCH_TOKEN the alerts go to that server (its
 * fleet must hold the storm-* clusters; remediations are then not counted).
 * Target: p99 < 50 ms, sustained.
 */
import { runBenchmark, writeResults } from '../lib/report';
import { seedClusters } from '../lib/seed';
import { benchTarget } from '../lib/target';
import { runLoad } from '../lib/load-process';
import type { Pool } from '../../services/infra/db/pool';

const RATE = Number(process.env.BENCH_RATE ?? 1000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const DISTINCT_SHARE = 0.1;
const STORM_CLUSTERS = 50;
const P99_TARGET_MS = 50;

/** Node rows whose machines the simulated cloud does not have (terminated long ago): a NodeDown about them is confirmed. */
async function seedGoneNodes(pool: Pool, perCluster: number): Promise<void> {
  await pool.query(
    `INSERT INTO nodes (id, cluster_id, name, region, zone, role, provider, provider_id, state, software_version, kernel_version, instance_type, simulated)
     SELECT gen_random_uuid(), c.id, c.name || '-n' || k, c.regions[1], c.regions[1] || 'a', 'member', 'simulated', 'bench-gone-' || c.name || '-' || k,
            'running', c.version, '5.15', c.instance_type, true
       FROM clusters c CROSS JOIN generate_series(0, $1::int - 1) AS k WHERE c.name LIKE 'storm-%'`,
    [perCluster],
  );
}

/** The distinct problems, one alert body each: problem i is node i / 50 of cluster i % 50. */
function problemBodies(distinct: number): string[] {
  return Array.from({ length: distinct }, (_, i) => {
    const cluster = `storm-${String(i % STORM_CLUSTERS).padStart(6, '0')}`;
    return JSON.stringify({ name: 'NodeDown', cluster, node: `${cluster}-n${Math.floor(i / STORM_CLUSTERS)}`, summary: 'storm' });
  });
}

async function main(): Promise<void> {
  // API only: remediations are queued, not run, so the measurement is intake and dedup alone.
  const target = await benchTarget('alerts', ['api'], { remediationsPerClusterPerHour: 1_000_000, remediationsPerFleetPerHour: 1_000_000 });
  const total = RATE * SECONDS;
  const distinct = Math.round(total * DISTINCT_SHARE);
  if (target.app) {
    const platform = await target.app.ctx.repos.teams.find('platform');
    await seedClusters(target.app.ctx.pool, platform!.id, STORM_CLUSTERS, 'storm');
    await seedGoneNodes(target.app.ctx.pool, Math.ceil(distinct / STORM_CLUSTERS));
  }
  const load = await runLoad({
    baseUrl: target.url,
    token: target.token,
    requests: problemBodies(distinct).map((body) => ({ method: 'POST', path: '/api/alerts', body })),
    seconds: SECONDS,
    ratePerSecond: RATE,
    distinctFirst: distinct,
    countField: 'action',
    maxSockets: 64,
  });
  const remediations = target.app
    ? ((await target.app.ctx.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM remediations')).rows[0]?.n ?? 0)
    : null;
  const s = load.latency;
  const growth = load.first5s.p99Ms > 0 ? Math.round((load.last5s.p99Ms / load.first5s.p99Ms) * 100) / 100 : null;
  writeResults(
    'alerts',
    {
      target: target.app ? 'own server' : target.url,
      rate: RATE,
      seconds: SECONDS,
      alerts: load.sent,
      distinctProblems: distinct,
      answeredPerSecond: load.answeredPerSecond,
      backlogWhenSendingEnded: load.backlogAtEnd,
      elapsedSeconds: load.elapsedSeconds,
      latency: s,
      first5s: load.first5s,
      last5s: load.last5s,
      lastVsFirstP99: growth,
      actions: load.fieldValues,
      statuses: load.statuses,
      loadGeneratorCpuMs: load.cpuMs,
      remediationsStarted: remediations,
      targets: {
        p99Ms: P99_TARGET_MS,
        p99Met: s.p99Ms < P99_TARGET_MS,
        remediationsEqualDistinct: remediations === null ? null : remediations === distinct,
      },
    },
    [
      { measure: `alerts sent at ${RATE}/s for ${SECONDS} s`, value: `${load.sent} (answered ${load.answeredPerSecond}/s)` },
      { measure: 'alert → remediation queued p50 / p99 ms', value: `${s.p50Ms} / ${s.p99Ms}` },
      {
        measure: 'p99 of alerts sent in the first 5 s / the last 5 s',
        value: `${load.first5s.p99Ms} / ${load.last5s.p99Ms} ms (${growth ?? '?'}×)`,
      },
      { measure: 'unanswered when the last alert was sent', value: load.backlogAtEnd },
      {
        measure: 'remediations started / distinct problems',
        value: remediations === null ? `not counted (BENCH_URL) / ${distinct}` : `${remediations} / ${distinct}`,
      },
    ],
  );
  console.log(
    `p99 ${s.p99Ms} ms (target < ${P99_TARGET_MS} ms: ${s.p99Ms < P99_TARGET_MS ? 'MET' : 'NOT MET'})` +
      (remediations === null ? '' : `; remediations ${remediations === distinct ? 'equal' : 'DO NOT equal'} distinct problems`),
  );
  await target.app?.stop();
}

runBenchmark(main);
