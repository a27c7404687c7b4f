/**
 * Alert storm: alerts posted at a fixed rate (default 1,000/s for 5 s), 90% of them duplicates of
 * 10% distinct problems (cluster × node). Measures alert → remediation-enqueued latency (the HTTP
 * answer returns once the remediation's operation is queued, or the duplicate is recognised) and
 * counts remediations started, which must equal the distinct problems. Every node named is really
 * gone from the simulated cloud, so each alert's own-evidence check (a fresh look at the machine)
 * confirms it: the storm measures intake, evidence and dedup together.
 * Target: p99 < 50 ms.
 */
import { LatencyRecorder, runBenchmark, writeResults } from '../lib/report';
import { seedClusters } from '../lib/seed';
import { startBenchApp } from '../lib/bench-app';
import { sleep } from '../../services/core/clock';
import { Agent, request } from 'node:http';
import type { Pool } from '../../services/infra/db/pool';

/** Keep-alive connections, as an alert source (Alertmanager) would hold; a fresh socket per alert would measure the kernel. */
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

function post(url: string, headers: Record<string, string>, body: string): Promise<{ action: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers, agent }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve(JSON.parse(text) as { action: string }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const RATE = Number(process.env.BENCH_RATE ?? 1000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const DISTINCT_SHARE = 0.1;
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

async function main(): Promise<void> {
  // API only: remediations are queued, not run, so the measurement is intake and dedup alone.
  const app = await startBenchApp('alerts', ['api'], { remediationsPerClusterPerHour: 1_000_000, remediationsPerFleetPerHour: 1_000_000 });
  try {
    const platform = await app.ctx.repos.teams.find('platform');
    await seedClusters(app.ctx.pool, platform!.id, 50, 'storm');
    const total = RATE * SECONDS;
    const distinct = Math.round(total * DISTINCT_SHARE);
    await seedGoneNodes(app.ctx.pool, Math.ceil(distinct / 50));
    const problem = (i: number) => {
      const cluster = `storm-${String(i % 50).padStart(6, '0')}`;
      return { cluster, node: `${cluster}-n${Math.floor(i / 50)}` };
    };
    const headers = { authorization: `Bearer ${app.adminToken}`, 'content-type': 'application/json' };
    const latency = new LatencyRecorder();
    const actions = new Map<string, number>();
    const inFlight: Array<Promise<void>> = [];
    const started = performance.now();
    for (let i = 0; i < total; i += 1) {
      // Open loop: alerts are sent on schedule whether or not earlier ones were answered.
      const due = started + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      const p = problem(i < distinct ? i : Math.floor(Math.random() * distinct));
      const sent = performance.now();
      inFlight.push(
        post(
          `${app.url}/api/alerts`,
          headers,
          JSON.stringify({ name: 'NodeDown', cluster: p.cluster, node: p.node, summary: 'storm' }),
        ).then((answer) => {
          latency.record(performance.now() - sent);
          actions.set(answer.action, (actions.get(answer.action) ?? 0) + 1);
        }),
      );
    }
    await Promise.all(inFlight);
    agent.destroy();
    const elapsedS = (performance.now() - started) / 1000;
    const { rows } = await app.ctx.pool.query<{ n: number }>('SELECT count(*) AS n FROM remediations');
    const remediations = rows[0]?.n ?? 0;
    const s = latency.summary();
    writeResults(
      'alerts',
      {
        rate: RATE,
        seconds: SECONDS,
        alerts: total,
        distinctProblems: distinct,
        achievedPerSecond: Math.round(total / elapsedS),
        latency: s,
        actions: Object.fromEntries(actions),
        remediationsStarted: remediations,
        targets: { p99Ms: P99_TARGET_MS, p99Met: s.p99Ms < P99_TARGET_MS, remediationsEqualDistinct: remediations === distinct },
      },
      [
        { measure: 'alerts sent (achieved/s)', value: `${total} (${Math.round(total / elapsedS)}/s)` },
        { measure: 'alert → remediation queued p50 / p99 ms', value: `${s.p50Ms} / ${s.p99Ms}` },
        { measure: 'remediations started / distinct problems', value: `${remediations} / ${distinct}` },
      ],
    );
    console.log(
      `p99 ${s.p99Ms} ms (target < ${P99_TARGET_MS} ms: ${s.p99Ms < P99_TARGET_MS ? 'MET' : 'NOT MET'}); remediations ${remediations === distinct ? 'equal' : 'DO NOT equal'} distinct problems`,
    );
  } finally {
    await app.stop();
  }
}

runBenchmark(main);
